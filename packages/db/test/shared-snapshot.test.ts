import { createDb, type Db, type Tx, withSharedSnapshot } from '@harbour/db';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database';

let t: TestDatabase;
let api: Db;
let serviceA: string;
let serviceB: string;
let worker: string;

beforeAll(async () => {
  t = await createTestDatabase();
  api = createDb({ url: t.apiUrl, max: 4 });
  const service = (name: string) =>
    t.owner
      .insertInto('services')
      .values({ name, kind: 'idva', settings: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow()
      .then((r) => r.id);
  serviceA = await service('A');
  serviceB = await service('B');
  worker = (
    await t.owner
      .insertInto('users')
      .values({ email: 'w@example.org', name: 'w' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await t.owner
    .insertInto('cases')
    .values([
      { service_id: serviceA, worker_id: worker, opened_at: '2025-01-01', reference: 'A-1' },
      { service_id: serviceB, worker_id: worker, opened_at: '2025-01-01', reference: 'B-1' },
    ])
    .execute();
});
afterAll(async () => {
  await api.destroy();
  await t.drop();
});

const tenantA = () => ({ kind: 'tenant' as const, ctx: { serviceId: serviceA, userId: worker, role: 'manager' } });
const countCases = (tx: Tx) =>
  sql<{ n: number; pid: number }>`select count(*)::int as n, pg_backend_pid() as pid from cases`
    .execute(tx)
    .then((r) => r.rows[0]!);

test('reads on every connection see the one snapshot, and only the tenant’s rows', async () => {
  const seen = await withSharedSnapshot(api, tenantA(), 2, async (run) => {
    const first = await run(countCases);
    // committed after the snapshot was taken: no reader may see it
    await t.owner
      .insertInto('cases')
      .values({ service_id: serviceA, worker_id: worker, opened_at: '2025-02-01', reference: 'A-2' })
      .execute();
    const slow = (tx: Tx) => sql`select pg_sleep(0.2)`.execute(tx).then(() => countCases(tx));
    return [first, ...(await Promise.all([run(slow), run(slow), run(slow)]))];
  });
  expect(seen.map((r) => r.n)).toEqual([1, 1, 1, 1]);
  // the reads were spread over two connections
  expect(new Set(seen.map((r) => r.pid)).size).toBe(2);
  const after = await withSharedSnapshot(api, tenantA(), 2, (run) => run(countCases));
  expect(after.n).toBe(2);
});

test('the national scope reads only services that share, read-only', async () => {
  await t.owner.updateTable('services').set({ shares_national_dataset: true }).where('id', '=', serviceB).execute();
  const national = { kind: 'national' as const, ctx: { userId: worker, role: 'admin' } };
  const seen = await withSharedSnapshot(api, national, 2, (run) => Promise.all([run(countCases), run(countCases)]));
  expect(seen.map((r) => r.n)).toEqual([1, 1]);
  await expect(
    withSharedSnapshot(api, national, 2, (run) => run((tx) => sql`delete from cases`.execute(tx))),
  ).rejects.toThrow(/read-only transaction/);
});

test('with the pool exhausted the reads still run, one after another on the first connection', async () => {
  const single = createDb({ url: t.apiUrl, max: 1 });
  try {
    const seen = await withSharedSnapshot(single, tenantA(), 3, (run) =>
      Promise.all([run(countCases), run(countCases), run(countCases)]),
    );
    expect(seen.map((r) => r.n)).toEqual([2, 2, 2]);
    expect(new Set(seen.map((r) => r.pid)).size).toBe(1);
  } finally {
    await single.destroy();
  }
});

test('a failing read fails the whole, and the connections go back to the pool', async () => {
  await expect(
    withSharedSnapshot(api, tenantA(), 2, (run) =>
      Promise.all([run(countCases), run((tx) => sql`select 1/0`.execute(tx))]),
    ),
  ).rejects.toThrow(/division by zero/);
  const again = await withSharedSnapshot(api, tenantA(), 2, (run) => Promise.all([run(countCases), run(countCases)]));
  expect(again.map((r) => r.n)).toEqual([2, 2]);
});
