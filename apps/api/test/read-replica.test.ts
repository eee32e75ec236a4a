/**
 * HARBOUR_READ_DATABASE_URL: report and research reads go to a replica kept in step by
 * PostgreSQL's logical replication (a second embedded cluster subscribed to the first); writes
 * stay on the primary, and row-level security holds on the replica's reads as on the primary's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  apiRoleUrl,
  createDb,
  type Db,
  type EmbeddedServer,
  ensureDatabase,
  freePort,
  migrate,
  publishForReplicas,
  startEmbeddedPostgres,
  subscribeReplica,
  waitForReplica,
  withDatabaseName,
  withTenant,
} from '@harbour/db';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { login, seedService, seedUser, TEST_MASTER_KEY } from '../../../test/helpers/app';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createModuleRegistry } from '../src/modules';

const PERIOD = { from: '2025-01-01', to: '2025-12-31' };

let folder: string;
const servers: EmbeddedServer[] = [];
let primaryOwner: string;
let replicaOwner: string;
let owner: Db;
let replica: Db;
let db: Db;
let readDb: Db;
let app: FastifyInstance;
let serviceA: string;
let serviceB: string;
let practitionerA: string;
const cookies: Record<string, string> = {};

async function cluster(name: string, settings: Record<string, string>): Promise<string> {
  const server = await startEmbeddedPostgres({
    dataDir: path.join(folder, name),
    port: await freePort(),
    ephemeral: true,
    settings,
  });
  servers.push(server);
  await ensureDatabase(server.url, 'harbour');
  const ownerUrl = withDatabaseName(server.url, 'harbour');
  await migrate(ownerUrl);
  return ownerUrl;
}

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-replica-'));
  fs.chmodSync(folder, 0o755); // the postgres user must pass through it
  primaryOwner = await cluster('primary', { wal_level: 'logical' });
  replicaOwner = await cluster('replica', {});
  await publishForReplicas(primaryOwner);
  await subscribeReplica(replicaOwner, primaryOwner);

  owner = createDb({ url: primaryOwner, max: 2 });
  replica = createDb({ url: replicaOwner, max: 2 });
  db = createDb({ url: await apiRoleUrl(primaryOwner), max: 5 });
  readDb = createDb({ url: await apiRoleUrl(replicaOwner), max: 5 });
  app = await buildApp({
    config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', HARBOUR_MASTER_KEY: TEST_MASTER_KEY }),
    db,
    readDb,
    registry: createModuleRegistry(),
  });
  await app.ready();

  serviceA = await seedService(owner, 'Harbour North');
  serviceB = await seedService(owner, 'Harbour South');
  practitionerA = await seedUser(owner, { email: 'pa@example.org', serviceId: serviceA, role: 'practitioner' });
  await seedUser(owner, { email: 'ma@example.org', serviceId: serviceA, role: 'manager' });
  await seedUser(owner, { email: 'mb@example.org', serviceId: serviceB, role: 'manager' });
  for (const who of ['pa', 'ma', 'mb']) cookies[who] = await login(app, `${who}@example.org`);
}, 300_000);

afterAll(async () => {
  await app?.close();
  for (const handle of [db, readDb, owner, replica]) await handle?.destroy();
  // the subscription's worker holds a connection to the primary: the replica stops first
  for (const server of servers.reverse()) await server.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

type Report = { sections: { key: string; figures: { key: string; value: number | null }[] }[] };
const casesOpened = (report: Report) =>
  report.sections.find((s) => s.key === 'headline')?.figures.find((f) => f.key === 'cases_opened')?.value;

const serviceReport = async (who: string) => {
  const response = await app.inject({
    method: 'GET',
    url: `/api/v1/reports/service?from=${PERIOD.from}&to=${PERIOD.to}&format=json`,
    headers: { cookie: cookies[who] as string },
  });
  expect(response.statusCode).toBe(200);
  return response.json() as Report;
};

const countCases = (handle: Db, serviceId: string) =>
  handle
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('service_id', '=', serviceId)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));

test('cases written through the API reach the replica, and the service report read there counts them', async () => {
  for (let i = 0; i < 6; i++) {
    const opened = await app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { cookie: cookies.pa as string },
      payload: { openedAt: `2025-0${i + 1}-10` },
    });
    expect(opened.statusCode).toBe(201);
  }
  // the writes went to the primary only; the replica has them once it caught up
  expect(await countCases(owner, serviceA)).toBe(6);
  await waitForReplica(primaryOwner, replicaOwner);
  expect(await countCases(replica, serviceA)).toBe(6);
  expect(casesOpened(await serviceReport('ma'))).toBe(6);

  // and the report really is read on the replica: a case only the replica holds is counted
  const onlyThere = await replica
    .insertInto('cases')
    .values({ service_id: serviceA, reference: 'REPLICA-ONLY', worker_id: practitionerA, opened_at: '2025-07-01' })
    .returning('id')
    .executeTakeFirstOrThrow();
  try {
    expect(casesOpened(await serviceReport('ma'))).toBe(7);
    expect(await countCases(owner, serviceA)).toBe(6);
  } finally {
    await replica.deleteFrom('cases').where('id', '=', onlyThere.id).execute();
  }

  // the download's audit row is a write: on the primary (and copied to the replica from there)
  const audited = await owner
    .selectFrom('audit_log')
    .select('object_id')
    .where('action', '=', 'report.download')
    .where('service_id', '=', serviceA)
    .execute();
  expect(audited.length).toBe(2);

  // the national benchmarks' rollups are built on the primary (in the background: the first
  // report scanned instead of waiting for the build), and reach the replica like every other
  // table: a replica writing its own would collide with them
  const layouts = (handle: Db) =>
    sql<{ n: number }>`select count(*)::int as n from national_rollup_layouts`
      .execute(handle)
      .then((r) => r.rows[0]?.n ?? 0);
  const until = Date.now() + 60_000;
  while ((await layouts(owner)) === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
  expect(await layouts(owner)).toBeGreaterThan(0);
  await waitForReplica(primaryOwner, replicaOwner);
  expect(await layouts(replica)).toBe(await layouts(owner));
}, 120_000);

test('row-level security holds on the replica: another service, another worker, no tenant', async () => {
  await waitForReplica(primaryOwner, replicaOwner);
  // Harbour South's manager reads the replica and sees none of Harbour North's cases
  expect(casesOpened(await serviceReport('mb'))).toBe(0);

  const { rows } = await sql<{ rolsuper: boolean; rolbypassrls: boolean }>`
    select rolsuper, rolbypassrls from pg_roles where rolname = current_user`.execute(readDb);
  expect(rows).toEqual([{ rolsuper: false, rolbypassrls: false }]);
  const seen = (ctx: { serviceId: string | null; userId: string | null; role: string | null }) =>
    withTenant(readDb, ctx, (tx) => countCases(tx as unknown as Db, serviceA));
  expect(await seen({ serviceId: serviceA, userId: practitionerA, role: 'practitioner' })).toBe(6);
  expect(await seen({ serviceId: serviceB, userId: practitionerA, role: 'manager' })).toBe(0);
  // a practitioner of the same service sees only their own and shared cases
  const other = await seedUser(owner, { email: 'pb@example.org', serviceId: serviceA, role: 'practitioner' });
  await waitForReplica(primaryOwner, replicaOwner);
  expect(await seen({ serviceId: serviceA, userId: other, role: 'practitioner' })).toBe(0);
  expect(await seen({ serviceId: null, userId: null, role: null })).toBe(0);
});
