import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, withDatabaseName, withTenant } from '@harbour/db';
import { sql } from 'kysely';
import pg from 'pg';
import { AnswerSealer } from '../../apps/api/src/security/sealed-answers';
import { writeBackup } from '../../apps/cli/src/commands/backup';
import { restoreBackup } from '../../apps/cli/src/commands/restore';
import { testKeyring } from '../helpers/app';
import { buildWorld, type World } from './world';

let world: World;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-backup-'));
const fresh = `restore_${Date.now().toString(36)}`;
const serverUrl = () => process.env.HARBOUR_TEST_SERVER_URL ?? '';

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: withDatabaseName(serverUrl(), 'postgres') });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  world = await buildWorld();
  const { t, headers } = world;
  // a little life: cases opened through the API, a client answer with free text, an audit trail
  for (let i = 0; i < 3; i += 1) {
    const opened = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { ...headers.practitioner, 'idempotency-key': `backup-${i}` },
      payload: { openedAt: `2025-03-0${i + 1}`, reference: `B-${i}` },
    });
    expect(opened.statusCode).toBe(201);
  }
  await withTenant(t.db, { serviceId: world.serviceA, userId: null, role: 'manager' }, async (tx) => {
    const sealed = await new AnswerSealer(testKeyring(), t.registry).sealAnswers(tx, {
      serviceId: world.serviceA,
      caseId: world.caseId,
      formKey: 'core.client_exit',
      answers: { comments: 'kept safe in the backup' },
    });
    await tx
      .insertInto('responses')
      .values({
        service_id: world.serviceA,
        case_id: world.caseId,
        form_key: 'core.client_exit',
        module_key: 'core',
        form_version: 1,
        status: 'draft',
        source: 'client',
        answers: JSON.stringify(sealed.answers),
        sealed: JSON.stringify(sealed.sealed),
      })
      .execute();
  });
  await admin(`create database ${fresh}`);
}, 60_000);
afterAll(async () => {
  await world.t.close();
  await admin(`drop database if exists ${fresh} with (force)`);
  fs.rmSync(dir, { recursive: true, force: true });
});

const COUNT_TABLES = sql<{ table: string; rows: number }>`
  select c.relname as table, (xpath('/row/n/text()', query_to_xml(format('select count(*) as n from %I', c.relname), false, true, '')))[1]::text::int as rows
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind = 'r' order by 1`;

test('backup, restore into a fresh database: every table has the same rows and the responses are identical', async () => {
  const file = path.join(dir, 'harbour.backup');
  const manifest = await writeBackup(world.t.database.ownerUrl, file);
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  expect(manifest.tables.map((t) => t.name).indexOf('services')).toBeLessThan(
    manifest.tables.map((t) => t.name).indexOf('cases'),
  );
  const text = fs.readFileSync(file, 'utf8');
  expect(text).not.toContain('kept safe in the backup'); // answers stay sealed in the file

  const freshUrl = withDatabaseName(serverUrl(), fresh);
  const result = await restoreBackup(freshUrl, file);
  expect(result.rows).toBe(manifest.tables.reduce((n, t) => n + t.rows, 0));

  const restored = createDb({ url: freshUrl, max: 2 });
  try {
    // every table but the national rollups, which start empty and are built again on first use
    const rebuilt = ['national_rollups', 'national_rollup_layouts', 'national_rollup_stale'];
    const counted = await COUNT_TABLES.execute(world.t.owner);
    const before = counted.rows.filter((r) => !rebuilt.includes(r.table));
    const all = (await COUNT_TABLES.execute(restored)).rows;
    const after = all.filter((r) => !rebuilt.includes(r.table));
    expect(after).toEqual(before);
    expect(all.filter((r) => rebuilt.includes(r.table)).map((r) => r.rows)).toEqual([0, 0, 0]);
    expect(before.find((r) => r.table === 'cases')?.rows).toBe(4);
    const responses = sql<{
      r: string;
    }>`select row_to_json(x)::text r from (select * from responses order by case_id, form_key) x`;
    expect((await responses.execute(restored)).rows).toEqual((await responses.execute(world.t.owner)).rows);
    const cases = sql<{ r: string }>`select row_to_json(x)::text r from (select * from cases order by id) x`;
    expect((await cases.execute(restored)).rows).toEqual((await cases.execute(world.t.owner)).rows);
    // the sealed answer opens in the restored database with the same master key
    const row = await restored
      .selectFrom('responses')
      .selectAll()
      .where('form_key', '=', 'core.client_exit')
      .executeTakeFirstOrThrow();
    const opened = await restored.transaction().execute(async (tx) => {
      await sql`select set_config('app.service_id', ${world.serviceA}, true)`.execute(tx);
      return new AnswerSealer(testKeyring(), world.t.registry).unsealAnswers(tx, {
        serviceId: world.serviceA,
        caseId: world.caseId,
        formKey: 'core.client_exit',
        answers: row.answers,
        sealed: row.sealed,
      });
    });
    expect(opened.comments).toBe('kept safe in the backup');
    // identity sequences continue after the restored audit rows
    const next = await restored
      .insertInto('audit_log')
      .values({ action: 'restore.check', details: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const max = before.find((r) => r.table === 'audit_log')?.rows ?? 0;
    expect(Number(next.id)).toBeGreaterThan(max);
  } finally {
    await restored.destroy();
  }
});

test('a damaged backup restores nothing, and a non-empty database is refused', async () => {
  const file = path.join(dir, 'harbour.backup');
  const damaged = path.join(dir, 'damaged.backup');
  fs.writeFileSync(damaged, fs.readFileSync(file, 'utf8').replace('Service A', 'Service Z'));
  const other = `${fresh}_b`;
  await admin(`create database ${other}`);
  try {
    const url = withDatabaseName(serverUrl(), other);
    await expect(restoreBackup(url, damaged)).rejects.toThrow(/does not match its checksum/);
    const db = createDb({ url, max: 1 });
    try {
      expect((await sql<{ n: number }>`select count(*)::int n from services`.execute(db)).rows[0]?.n).toBe(0);
    } finally {
      await db.destroy();
    }
    await expect(restoreBackup(withDatabaseName(serverUrl(), fresh), file)).rejects.toThrow(/not empty/);
  } finally {
    await admin(`drop database if exists ${other} with (force)`);
  }
});
