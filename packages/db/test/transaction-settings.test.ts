import { CALLER_CHANGED, createDb, type Db, executeAndCommit, withNationalScope, withTenant } from '@harbour/db';
import { CompiledQuery, sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database';

let t: TestDatabase;
let db: Db;
beforeAll(async () => {
  t = await createTestDatabase();
  db = createDb({ url: t.apiUrl, max: 1 });
});
afterAll(async () => {
  await db.destroy();
  await t.drop();
});

const settings = (tx: Parameters<Parameters<typeof withTenant>[2]>[0]) =>
  sql<Record<string, string>>`select coalesce(current_setting('app.service_id', true), '') as service,
      coalesce(current_setting('app.user_id', true), '') as "user", coalesce(current_setting('app.role', true), '') as role,
      coalesce(current_setting('app.scope', true), '') as scope`
    .execute(tx)
    .then((r) => r.rows[0]);

const serviceId = '6f1c2a7e-4b1d-4c3e-9a55-0d2b8e6f7a10';
const userId = '0b7e4c9a-2f3d-4e5a-8b6c-1d2e3f4a5b6c';

test('a tenant transaction starts with its settings, and they end with it', async () => {
  expect(await withTenant(db, { serviceId, userId, role: 'practitioner' }, settings)).toEqual({
    service: serviceId,
    user: userId,
    role: 'practitioner',
    scope: '',
  });
  const after = await sql<{
    service: string | null;
  }>`select coalesce(current_setting('app.service_id', true), '') as service`.execute(db);
  expect(after.rows[0]?.service ?? '').toBe('');
});

test('the national scope is read-only and carries no service', async () => {
  expect(await withNationalScope(db, { userId, role: 'researcher' }, settings)).toEqual({
    service: '',
    user: userId,
    role: 'researcher',
    scope: 'national',
  });
  await expect(
    withNationalScope(db, { userId, role: 'researcher' }, (tx) => sql`delete from cases`.execute(tx)),
  ).rejects.toThrow(/read-only/);
});

test('a value that is not an id or a role word is never inlined: it is bound, exactly as given', async () => {
  const odd = "manager'); drop table cases; --";
  expect(await withTenant(db, { serviceId, userId, role: odd }, settings)).toMatchObject({ role: odd });
  const cases = await sql<{ n: number }>`select count(*)::int as n from pg_class where relname = 'cases'`.execute(
    t.owner,
  );
  expect(cases.rows[0]?.n).toBe(1);
});

test('a transaction that fails leaves no transaction open on the pooled connection', async () => {
  await expect(
    withTenant(db, { serviceId, userId, role: 'manager' }, (tx) => sql`select 1/0`.execute(tx)),
  ).rejects.toThrow(/division by zero/);
  // the single pooled connection is usable and outside any transaction
  const state = await sql<{ xact: boolean }>`select now() = statement_timestamp() as xact`.execute(db);
  expect(state.rows[0]?.xact).toBe(true);
});

test('a BEGIN message that fails is the error thrown, not the aborted statement sent behind it', async () => {
  // no such session: the caller check in the BEGIN message refuses the transaction
  const callerCheck = { sessionHash: Buffer.alloc(32, 7), fingerprint: 'a'.repeat(32) };
  let ran = 0;
  const refused = withTenant(db, { serviceId, userId, role: 'manager', callerCheck }, async (tx) => {
    ran += 1;
    return sql`select 1`.execute(tx);
  });
  await expect(refused).rejects.toMatchObject({ code: CALLER_CHANGED });
  expect(ran).toBe(1); // the statement was sent behind the BEGIN, before its answer came
  const state = await sql<{ xact: boolean }>`select now() = statement_timestamp() as xact`.execute(db);
  expect(state.rows[0]?.xact).toBe(true);
});

describe('a COMMIT sent with the last statement', () => {
  beforeAll(async () => {
    await sql`create table pipelined_writes (n int not null)`.execute(t.owner);
  });
  const written = () =>
    sql<{ n: number }>`select n from pipelined_writes order by n`.execute(t.owner).then((r) => r.rows.map((w) => w.n));

  test('commits the statement, whose rows come back as usual', async () => {
    const result = await t.owner
      .transaction()
      .execute((tx) =>
        executeAndCommit(tx, CompiledQuery.raw('insert into pipelined_writes values ($1) returning n', [1])),
      );
    expect(result.rows).toEqual([{ n: 1 }]);
    expect(await written()).toEqual([1]);
  });

  test('a failing last statement leaves nothing written and the connection outside any transaction', async () => {
    await expect(
      t.owner.transaction().execute(async (tx) => {
        await sql`insert into pipelined_writes values (2)`.execute(tx);
        return executeAndCommit(tx, CompiledQuery.raw('insert into pipelined_writes values (1/0)'));
      }),
    ).rejects.toThrow(/division by zero/);
    expect(await written()).toEqual([1]);
  });

  test('nothing may run after it in the transaction', async () => {
    await expect(
      t.owner.transaction().execute(async (tx) => {
        await executeAndCommit(tx, CompiledQuery.raw('insert into pipelined_writes values (3)'));
        await sql`insert into pipelined_writes values (4)`.execute(tx);
      }),
    ).rejects.toThrow(/committed with its last statement/);
    expect(await written()).toEqual([1, 3]);
    const state = await sql<{ xact: boolean }>`select now() = statement_timestamp() as xact`.execute(t.owner);
    expect(state.rows[0]?.xact).toBe(true);
  });
});
