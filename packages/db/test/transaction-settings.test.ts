import { createDb, type Db, withNationalScope, withTenant } from '@harbour/db';
import { sql } from 'kysely';
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
