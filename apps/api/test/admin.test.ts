import { randomUUID } from 'node:crypto';
import { bootstrapAdmin } from '@harbour/api';
import { buildTestApp, login, seedService, seedUser, type TestApp } from '../../../test/helpers/app';

let t: TestApp;
let admin: string;
let serviceB: string;
beforeAll(async () => {
  t = await buildTestApp();
  await seedUser(t.owner, { email: 'root@example.org', platformRole: 'admin' });
  serviceB = await seedService(t.owner, 'Other Service');
  await seedUser(t.owner, { email: 'b-manager@example.org', serviceId: serviceB, role: 'manager' });
  admin = await login(t.app, 'root@example.org');
});
afterAll(async () => t.close());

test('the first platform admin is created once, with a one-time password that must be changed', async () => {
  const fresh = await buildTestApp();
  try {
    const first = await bootstrapAdmin(fresh.owner, fresh.config);
    expect(first.created).toBe(true);
    if (!first.created) return;
    expect(first.oneTimePassword).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const again = await bootstrapAdmin(fresh.owner, fresh.config);
    expect(again.created).toBe(false);
    const user = await fresh.owner
      .selectFrom('users')
      .select(['must_change_password', 'platform_role'])
      .where('email', '=', 'admin@localhost')
      .executeTakeFirstOrThrow();
    expect(user).toEqual({ must_change_password: true, platform_role: 'admin' });
    const cookie = await login(fresh.app, 'admin@localhost', first.oneTimePassword!);
    const blocked = await fresh.app.inject({ method: 'GET', url: '/api/v1/services', headers: { cookie } });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().message).toMatch(/Change your password/);
  } finally {
    await fresh.close();
  }
});

test('an admin creates a service and its manager; the manager adds a practitioner', async () => {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/services',
    headers: { cookie: admin },
    payload: { name: 'Harbourside Outreach', kind: 'outreach', localAuthority: 'E06000002' },
  });
  expect(created.statusCode).toBe(201);
  const serviceId = created.json().id;
  const manager = await t.app.inject({
    method: 'POST',
    url: `/api/v1/services/${serviceId}/members`,
    headers: { cookie: admin },
    payload: { email: 'kim@example.org', name: 'Kim', role: 'manager', password: 'a long enough passphrase here' },
  });
  expect(manager.statusCode).toBe(201);
  expect(manager.json()).not.toHaveProperty('oneTimePassword');
  const kim = await login(t.app, 'kim@example.org', 'a long enough passphrase here');
  const practitioner = await t.app.inject({
    method: 'POST',
    url: `/api/v1/services/${serviceId}/members`,
    headers: { cookie: kim },
    payload: { email: 'lee@example.org', name: 'Lee', role: 'practitioner', practitionerRole: 'outreach' },
  });
  expect(practitioner.statusCode).toBe(201);
  expect(practitioner.json().oneTimePassword).toMatch(/.{20}/);
  const members = await t.app.inject({
    method: 'GET',
    url: `/api/v1/services/${serviceId}/members`,
    headers: { cookie: kim },
  });
  expect(
    members
      .json()
      .map((m: { email: string }) => m.email)
      .sort(),
  ).toEqual(['kim@example.org', 'lee@example.org']);

  // another service's members and settings are as invisible as a random id
  const other = await t.app.inject({
    method: 'GET',
    url: `/api/v1/services/${serviceB}/members`,
    headers: { cookie: kim },
  });
  const random = await t.app.inject({
    method: 'GET',
    url: `/api/v1/services/${randomUUID()}/members`,
    headers: { cookie: kim },
  });
  expect(other.statusCode).toBe(404);
  expect(other.body).toBe(random.body);
  const add = await t.app.inject({
    method: 'POST',
    url: `/api/v1/services/${serviceB}/members`,
    headers: { cookie: kim },
    payload: { email: 'x@example.org', name: 'X', role: 'manager' },
  });
  expect(add.statusCode).toBe(404);
  const count = await t.owner
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('service_id', '=', serviceB)
    .executeTakeFirstOrThrow();
  expect(Number(count.n)).toBe(1);
});

test('a manager cannot change national-dataset sharing; a weak password is refused', async () => {
  const bManager = await login(t.app, 'b-manager@example.org');
  const sharing = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/services/${serviceB}`,
    headers: { cookie: bManager },
    payload: { sharesNationalDataset: true },
  });
  expect(sharing.statusCode).toBe(422);
  expect(sharing.json().details[0].pointer).toBe('/sharesNationalDataset');
  const weak = await t.app.inject({
    method: 'POST',
    url: `/api/v1/services/${serviceB}/members`,
    headers: { cookie: bManager },
    payload: { email: 'weak@example.org', name: 'W', role: 'practitioner', password: 'password1234' },
  });
  expect(weak.statusCode).toBe(422);
  expect(weak.json().details[0]).toEqual({ pointer: '/password', message: expect.stringMatching(/too common/) });
});

test('a disabled user is signed out at once', async () => {
  const userId = await seedUser(t.owner, { email: 'leaver@example.org', serviceId: serviceB, role: 'practitioner' });
  const cookie = await login(t.app, 'leaver@example.org');
  const disabled = await t.app.inject({
    method: 'POST',
    url: `/api/v1/users/${userId}/disable`,
    headers: { cookie: admin },
  });
  expect(disabled.statusCode).toBe(204);
  const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
  expect(me.statusCode).toBe(401);
});
