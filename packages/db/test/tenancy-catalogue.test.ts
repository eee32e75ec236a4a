import { createDb, type Db, withTenant } from '@harbour/db';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database';

let t: TestDatabase;
let api: Db;
beforeAll(async () => {
  t = await createTestDatabase();
  api = createDb({ url: t.apiUrl, max: 2 });
});
afterAll(async () => {
  await api.destroy();
  await t.drop();
});

test('every table with a service_id has row-level security enabled and forced', async () => {
  const { rows } = await sql<{ table: string; enabled: boolean; forced: boolean }>`
    select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
      and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'service_id' and not a.attisdropped)`.execute(
    t.owner,
  );
  expect(rows.length).toBeGreaterThanOrEqual(6);
  const unprotected = rows.filter((r) => !r.enabled || !r.forced).map((r) => r.table);
  expect(unprotected).toEqual([]);
});

test('the API role owns nothing, is no superuser and cannot bypass row-level security', async () => {
  const role = await sql<{ rolsuper: boolean; rolbypassrls: boolean; rolcreaterole: boolean }>`
    select rolsuper, rolbypassrls, rolcreaterole from pg_roles where rolname = 'harbour_api'`.execute(t.owner);
  expect(role.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false });
  const owned = await sql<{ n: number }>`
    select count(*)::int n from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname = 'harbour_api'`.execute(
    t.owner,
  );
  expect(owned.rows[0]!.n).toBe(0);
  const functions = await sql<{ n: number }>`
    select count(*)::int n from pg_proc p join pg_roles r on r.oid = p.proowner where r.rolname = 'harbour_api'`.execute(
    t.owner,
  );
  expect(functions.rows[0]!.n).toBe(0);
});

test('views are security_invoker and SECURITY DEFINER functions pin their search_path', async () => {
  const views = await sql<{ name: string; options: string[] | null }>`
    select c.relname as name, c.reloptions as options from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('v', 'm')`.execute(t.owner);
  const unsafeViews = views.rows.filter((v) => !(v.options ?? []).some((o) => /^security_invoker=(true|on)$/.test(o)));
  expect(unsafeViews.map((v) => v.name)).toEqual([]);
  const definers = await sql<{ name: string; config: string[] | null }>`
    select p.proname as name, p.proconfig as config from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'public' and p.prosecdef`.execute(t.owner);
  expect(definers.rows.length).toBeGreaterThan(0);
  const unpinned = definers.rows.filter((f) => !(f.config ?? []).some((c) => c.startsWith('search_path=')));
  expect(unpinned.map((f) => f.name)).toEqual([]);
});

describe('as the API role', () => {
  let serviceA: string;
  let serviceB: string;
  let worker: string;
  beforeAll(async () => {
    serviceA = (
      await t.owner
        .insertInto('services')
        .values({ name: 'A', kind: 'idva', settings: '{}' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    serviceB = (
      await t.owner
        .insertInto('services')
        .values({ name: 'B', kind: 'idva', settings: '{}' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
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

  test('with no service set, queries return nothing', async () => {
    const rows = await api.selectFrom('cases').selectAll().execute();
    expect(rows).toEqual([]);
    const inTx = await withTenant(api, { serviceId: null, userId: null, role: null }, (tx) =>
      tx.selectFrom('cases').selectAll().execute(),
    );
    expect(inTx).toEqual([]);
  });

  test('a service sees only its own cases and cannot write into another', async () => {
    const seen = await withTenant(api, { serviceId: serviceA, userId: worker, role: 'manager' }, (tx) =>
      tx.selectFrom('cases').select(['reference']).execute(),
    );
    expect(seen).toEqual([{ reference: 'A-1' }]);
    await expect(
      withTenant(api, { serviceId: serviceA, userId: worker, role: 'manager' }, (tx) =>
        tx.insertInto('cases').values({ service_id: serviceB, worker_id: worker, opened_at: '2025-02-01' }).execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    const changed = await withTenant(api, { serviceId: serviceA, userId: worker, role: 'manager' }, (tx) =>
      tx.updateTable('cases').set({ reference: 'taken' }).where('service_id', '=', serviceB).executeTakeFirst(),
    );
    expect(changed.numUpdatedRows).toBe(0n);
  });

  test('the audit log can be appended to but not changed or deleted', async () => {
    await withTenant(api, { serviceId: serviceA, userId: worker, role: 'manager' }, (tx) =>
      tx
        .insertInto('audit_log')
        .values({ service_id: serviceA, user_id: worker, action: 'case.read', details: '{}' })
        .execute(),
    );
    await expect(sql`update audit_log set action = 'nothing'`.execute(api)).rejects.toThrow(/permission denied/);
    await expect(sql`delete from audit_log`.execute(api)).rejects.toThrow(/permission denied/);
    const count = await sql<{ n: number }>`select count(*)::int n from audit_log where action = 'case.read'`.execute(
      t.owner,
    );
    expect(count.rows[0]!.n).toBe(1);
  });
});
