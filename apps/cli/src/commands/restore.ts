import { createHash } from 'node:crypto';
import fs from 'node:fs';
import readline from 'node:readline';
import { migrate } from '@harbour/db';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openCliContext } from '../context';
import { BACKUP_HEADER, type BackupManifest, REBUILT_TABLES } from './backup';
import type { Command } from './types';

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export type RestoreResult = { tables: number; rows: number };

/**
 * Restores a backup into the database at `ownerUrl`: migrates it, refuses unless it holds no
 * services or users, then loads every table with COPY in ONE transaction and checks each table's
 * SHA-256 and row count against the manifest before committing. A damaged or truncated file
 * restores nothing.
 */
export async function restoreBackup(ownerUrl: string, file: string): Promise<RestoreResult> {
  await migrate(ownerUrl);
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'harbour-restore' });
  await client.connect();
  let lines: readline.Interface | undefined;
  const seen: { name: string; rows: number; sha256: string }[] = [];
  let manifest: BackupManifest | undefined;
  try {
    const existing = await client.query<{ n: number }>(
      'select (select count(*) from services) + (select count(*) from users) as n',
    );
    if (Number(existing.rows[0]?.n) > 0) throw new Error('the database is not empty: restore into a fresh database');
    await client.query('begin');
    await client.query('set local row_security = off');
    // rows the migrations seeded (settings singletons) are replaced by the backup's
    const tables = await client.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> 'harbour_migrations'`,
    );
    await client.query(`truncate ${tables.rows.map((t) => quoteIdent(t.name)).join(', ')}`);
    // created only now: lines read before the loop starts listening would be lost
    lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
    let header = true;
    let current:
      | {
          name: string;
          copy: NodeJS.WritableStream;
          done: Promise<void>;
          hash: ReturnType<typeof createHash>;
          rows: number;
        }
      | undefined;
    for await (const line of lines) {
      if (header) {
        if (line !== BACKUP_HEADER) throw new Error(`${file} is not a Harbour backup`);
        header = false;
      } else if (current) {
        if (line === '\\.') {
          current.copy.end();
          await current.done;
          seen.push({ name: current.name, rows: current.rows, sha256: current.hash.digest('hex') });
          current = undefined;
        } else {
          const text = `${line}\n`;
          current.hash.update(text);
          current.rows += 1;
          if (!current.copy.write(text)) await new Promise((resolve) => current?.copy.once('drain', resolve));
        }
      } else if (line.startsWith('TABLE ')) {
        const [, name = '', columnsJson = '[]'] = /^TABLE (\S+) (.*)$/.exec(line) ?? [];
        const columns = JSON.parse(columnsJson) as string[];
        const copy = client.query(
          copyFrom(`copy ${quoteIdent(name)} (${columns.map(quoteIdent).join(', ')}) from stdin`),
        );
        const done = new Promise<void>((resolve, reject) => {
          copy.on('finish', () => resolve());
          copy.on('error', reject);
        });
        current = { name, copy, done, hash: createHash('sha256'), rows: 0 };
      } else if (line.startsWith('MANIFEST ')) {
        manifest = JSON.parse(line.slice('MANIFEST '.length)) as BackupManifest;
      } else if (line !== '') {
        throw new Error(`unexpected line in ${file}: ${line.slice(0, 40)}`);
      }
    }
    if (!manifest) throw new Error(`${file} has no manifest: it is incomplete`);
    for (const table of manifest.tables) {
      const got = seen.find((s) => s.name === table.name);
      if (!got || got.rows !== table.rows || got.sha256 !== table.sha256) {
        throw new Error(`table ${table.name} in ${file} does not match its checksum: the file is damaged`);
      }
    }
    // the national rollups start empty and are built from the restored cases on first use
    await client.query(`truncate ${REBUILT_TABLES.map(quoteIdent).join(', ')}`);
    // identity columns continue after the restored rows
    const identities = await client.query<{ table_name: string; column_name: string }>(
      `select table_name, column_name from information_schema.columns
       where table_schema = 'public' and is_identity = 'YES'`,
    );
    for (const { table_name: table, column_name: column } of identities.rows) {
      await client.query(
        `select setval(pg_get_serial_sequence($1, $2), coalesce((select max(${quoteIdent(column)}) from ${quoteIdent(table)}), 0) + 1, false)`,
        [table, column],
      );
    }
    await client.query('commit');
    return { tables: seen.length, rows: seen.reduce((n, s) => n + s.rows, 0) };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    lines?.close();
    await client.end();
  }
}

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'restore a backup file into a fresh, empty database (checksums verified, all or nothing)',
  usage: 'npm run harbour -- restore <file>   (set the same HARBOUR_MASTER_KEY as when it was taken)',
  async run(args) {
    const file = args[0];
    if (!file || file.startsWith('-')) throw new Error('name the backup file: harbour restore <file>');
    if (!fs.existsSync(file)) throw new Error(`there is no file ${file}`);
    const context = await openCliContext();
    try {
      const result = await restoreBackup(context.ownerUrl, file);
      process.stdout.write(`Restored ${result.tables} tables, ${result.rows} rows, from ${file}\n`);
    } finally {
      await context.close();
    }
  },
};
