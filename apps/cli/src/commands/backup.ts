import { createHash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { openCliContext } from '../context';
import type { Command } from './types';

/**
 * A Harbour backup is one text file: a header line, then every table as a block of PostgreSQL
 * COPY text (`TABLE <name> <json column list>`, the rows, a `\.` line, which COPY text can never
 * contain as a row), then a manifest line with each table's row count and SHA-256. All tables
 * are read in ONE repeatable-read snapshot, so the file is consistent even while the server
 * writes. Plain COPY over the wire needs no pg_dump binary matching the server's major version.
 */
export const BACKUP_HEADER = 'HARBOUR-BACKUP 1';

export type TableManifest = { name: string; columns: string[]; rows: number; sha256: string };
export type BackupManifest = {
  createdAt: string;
  serverVersion: string;
  migrations: string[];
  tables: TableManifest[];
};

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The national rollups (migration 0110): sums derived from the cases, built again from them on the
 * first national read after a restore, so neither backed up nor restored. Their staleness markers
 * are written by triggers as the restore loads the cases, and could not be loaded beside them.
 */
export const REBUILT_TABLES = ['national_rollups', 'national_rollup_layouts', 'national_rollup_stale'];

/**
 * Tables of the public schema, parents before children (foreign keys), migrations bookkeeping and
 * the rebuilt national rollups excluded.
 */
export async function tablesInDependencyOrder(client: pg.ClientBase): Promise<string[]> {
  const tables = (
    await client.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> 'harbour_migrations'
       order by c.relname`,
    )
  ).rows
    .map((r) => r.name)
    .filter((name) => !REBUILT_TABLES.includes(name));
  const edges = (
    await client.query<{ child: string; parent: string }>(
      `select c.relname as child, p.relname as parent from pg_constraint k
       join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
       join pg_namespace n on n.oid = c.relnamespace
       where k.contype = 'f' and n.nspname = 'public' and c.relname <> p.relname`,
    )
  ).rows;
  const ordered: string[] = [];
  const visit = (table: string, path: string[]) => {
    if (ordered.includes(table)) return;
    if (path.includes(table)) throw new Error(`foreign keys form a cycle through ${table}`);
    for (const e of edges.filter((e) => e.child === table)) visit(e.parent, [...path, table]);
    ordered.push(table);
  };
  for (const table of tables) visit(table, []);
  return ordered;
}

async function columnsOf(client: pg.ClientBase, table: string): Promise<string[]> {
  const rows = await client.query<{ name: string }>(
    `select a.attname as name from pg_attribute a join pg_class c on c.oid = a.attrelid
     join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relname = $1 and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
     order by a.attnum`,
    [table],
  );
  return rows.rows.map((r) => r.name);
}

/** Writes a consistent backup of the database at `ownerUrl` to `file` (mode 600). */
export async function writeBackup(ownerUrl: string, file: string): Promise<BackupManifest> {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'harbour-backup' });
  await client.connect();
  const tmp = `${file}.partial`;
  const out = fs.createWriteStream(tmp, { mode: 0o600 });
  const write = (text: string) =>
    new Promise<void>((resolve, reject) => out.write(text, (e) => (e ? reject(e) : resolve())));
  try {
    await client.query('begin isolation level repeatable read read only');
    // fail loudly rather than silently dump nothing when row-level security would hide rows
    await client.query('set local row_security = off');
    const manifest: BackupManifest = {
      createdAt: new Date().toISOString(),
      serverVersion: (await client.query<{ v: string }>('show server_version')).rows[0]?.v ?? '',
      migrations: (await client.query<{ name: string }>('select name from harbour_migrations order by name')).rows.map(
        (r) => r.name,
      ),
      tables: [],
    };
    await write(`${BACKUP_HEADER}\n`);
    for (const table of await tablesInDependencyOrder(client)) {
      const columns = await columnsOf(client, table);
      await write(`TABLE ${table} ${JSON.stringify(columns)}\n`);
      const hash = createHash('sha256');
      let rows = 0;
      const copy = client.query(copyTo(`copy ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) to stdout`));
      for await (const chunk of copy as AsyncIterable<Buffer>) {
        hash.update(chunk);
        for (const byte of chunk) if (byte === 10) rows += 1;
        if (!out.write(chunk)) await once(out, 'drain');
      }
      await write('\\.\n');
      manifest.tables.push({ name: table, columns, rows, sha256: hash.digest('hex') });
    }
    await client.query('commit');
    await write(`MANIFEST ${JSON.stringify(manifest)}\n`);
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    fs.renameSync(tmp, file);
    return manifest;
  } catch (error) {
    out.destroy();
    fs.rmSync(tmp, { force: true });
    throw error;
  } finally {
    await client.end();
  }
}

export const backupCommand: Command = {
  name: 'backup',
  summary: 'write a consistent backup of the whole database to a file (mode 600)',
  usage: 'npm run harbour -- backup <file>   (answers stay encrypted: keep the master key too)',
  async run(args) {
    const file = args[0];
    if (!file || file.startsWith('-')) throw new Error('name the backup file: harbour backup <file>');
    const context = await openCliContext();
    try {
      const manifest = await writeBackup(context.ownerUrl, file);
      const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
      process.stdout.write(`Backed up ${manifest.tables.length} tables, ${rows} rows, to ${file}\n`);
    } finally {
      await context.close();
    }
  },
};
