import { sql } from 'kysely';
import { buildTestApp, login, seedService, seedUser, type TestApp } from '../../../test/helpers/app';

let t: TestApp;
let serviceId: string;
beforeAll(async () => {
  t = await buildTestApp();
  serviceId = await seedService(t.owner);
});
afterAll(async () => t.close());

test('a user of two services gets both memberships with the session or a token, and picks one per request', async () => {
  const other = await seedService(t.owner);
  const userId = await seedUser(t.owner, { email: 'sam@example.org', serviceId, role: 'practitioner' });
  await t.owner
    .insertInto('memberships')
    .values({ service_id: other, user_id: userId, role: 'manager', practitioner_role: null })
    .execute();
  const cookie = await login(t.app, 'sam@example.org');
  const expected = [
    { serviceId, role: 'practitioner', practitionerRole: 'idva' },
    { serviceId: other, role: 'manager', practitionerRole: null },
  ].sort((a, b) => a.serviceId.localeCompare(b.serviceId));
  const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
  expect(me.json().memberships).toEqual(expected);
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/tokens',
    headers: { cookie },
    payload: { name: 'two services', expiresInDays: 1 },
  });
  const bearer = { authorization: `Bearer ${created.json().token}` };
  const viaToken = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer });
  expect(viaToken.json().memberships).toEqual(expected);
  // X-Service-Id picks the membership a request acts in
  const asManager = await t.app.inject({
    method: 'GET',
    url: '/api/v1/cases',
    headers: { ...bearer, 'x-service-id': other },
  });
  expect(asManager.statusCode).toBe(200);
});

test('the memberships door opens only for a live secret, and memberships stay tenant rows otherwise', async () => {
  const doorFor = (hash: Buffer) =>
    sql<{ m: unknown }>`select caller_memberships(${hash}) as m`.execute(t.app.db).then((r) => r.rows[0]?.m);
  expect(await doorFor(Buffer.alloc(32, 7))).toEqual([]);
  const direct = await t.app.db.selectFrom('memberships').selectAll().execute();
  expect(direct).toEqual([]);
});
