import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

/** The repository's `migrations/` folder (the same depth from src/ and dist/). */
export const MIGRATIONS_DIR = path.resolve(__dirname, '..', '..', '..', 'migrations');

// Any constant works; it only has to be the same in every process that migrates.
const MIGRATION_LOCK = 7_262_010_001;

export type MigrationResult = { applied: string[]; alreadyApplied: string[] };

/**
 * Applies `migrations/*.sql` in name order, each in its own transaction, under an advisory lock
 * so that two processes starting at once take turns. Applied files are recorded with a checksum;
 * an applied file that has since changed stops the migration (migrations are forward-only).
 */
export async function migrate(url: string, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const files = (await fs.readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const result: MigrationResult = { applied: [], alreadyApplied: [] };
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`create table if not exists harbour_migrations (
      name text primary key, checksum text not null, applied_at timestamptz not null default now())`);
    const done = new Map(
      (
        await client.query<{ name: string; checksum: string }>('select name, checksum from harbour_migrations')
      ).rows.map((r) => [r.name, r.checksum]),
    );
    for (const file of files) {
      const text = await fs.readFile(path.join(dir, file), 'utf8');
      const checksum = createHash('sha256').update(text).digest('hex');
      const previous = done.get(file);
      if (previous !== undefined) {
        if (previous !== checksum) {
          throw new Error(`Migration ${file} was changed after it was applied. Add a new migration instead.`);
        }
        result.alreadyApplied.push(file);
        continue;
      }
      await client.query('begin');
      try {
        await client.query(text);
        await client.query('insert into harbour_migrations (name, checksum) values ($1, $2)', [file, checksum]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new Error(`Migration ${file} failed: ${(error as Error).message}`);
      }
      result.applied.push(file);
    }
    // readiness checks run as the API role and compare what is applied with the files
    await client.query(`do $$ begin
      if exists (select from pg_roles where rolname = 'harbour_api') then
        grant select on harbour_migrations to harbour_api;
      end if; end $$`);
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
  return result;
}

/** The migration files in the folder that are not among `applied`. */
export async function pendingMigrations(applied: Iterable<string>, dir = MIGRATIONS_DIR): Promise<string[]> {
  const done = new Set(applied);
  const files = (await fs.readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f));
  return files.filter((f) => !done.has(f)).sort();
}
