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

/** Accepts an invitation as someone new: their own name and password. */
async function acceptAsNew(code: string, name: string, password = 'a long enough passphrase here') {
  return t.app.inject({ method: 'POST', url: '/api/v1/invitations/accept', payload: { token: code, name, password } });
}

test('an admin creates a service and invites its manager; the manager invites a practitioner', async () => {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/services',
    headers: { cookie: admin },
    payload: { name: 'Harbourside Outreach', kind: 'outreach', localAuthority: 'E06000002' },
  });
  expect(created.statusCode).toBe(201);
  const serviceId = created.json().id;
  const invitation = await t.app.inject({
    method: 'POST',
    url: `/api/v1/services/${serviceId}/invitations`,
    headers: { cookie: admin },
    payload: { email: 'kim@example.org', role: 'manager' },
  });
  expect(invitation.statusCode).toBe(201);
  expect(invitation.json()).toMatchObject({ email: 'kim@example.org', role: 'manager', status: 'pending' });
  expect(invitation.json().url).toBe(`${t.app.publicUrl()}/invitations/${invitation.json().code}`);
  expect((await acceptAsNew(invitation.json().code, 'Kim')).statusCode).toBe(201);
  const kim = await login(t.app, 'kim@example.org', 'a long enough passphrase here');
  const practitioner = await t.app.inject({
    method: 'POST',
    url: `/api/v1/services/${serviceId}/invitations`,
    headers: { cookie: kim },
    payload: { email: 'lee@example.org', role: 'practitioner', practitionerRole: 'outreach' },
  });
  expect(practitioner.statusCode).toBe(201);
  expect((await acceptAsNew(practitioner.json().code, 'Lee')).statusCode).toBe(201);
  const members = await t.app.inject({
    method: 'GET',
    url: `/api/v1/services/${serviceId}/members`,
    headers: { cookie: kim },
  });
  expect(
    members
      .json()
      .map((m: { email: string; name: string }) => `${m.name} ${m.email}`)
      .sort(),
  ).toEqual(['Kim kim@example.org', 'Lee lee@example.org']);
  const invitations = await t.app.inject({
    method: 'GET',
    url: `/api/v1/services/${serviceId}/invitations`,
    headers: { cookie: kim },
  });
  expect(invitations.json().map((i: { status: string }) => i.status)).toEqual(['accepted', 'accepted']);
  expect(invitations.body).not.toContain(practitioner.json().code);

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
    url: `/api/v1/services/${serviceB}/invitations`,
    headers: { cookie: kim },
    payload: { email: 'x@example.org', role: 'manager' },
  });
  expect(add.statusCode).toBe(404);
  const count = await t.owner
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('service_id', '=', serviceB)
    .executeTakeFirstOrThrow();
  expect(Number(count.n)).toBe(1);
});

test('a manager cannot change national-dataset sharing; a weak password is refused at acceptance', async () => {
  const bManager = await login(t.app, 'b-manager@example.org');
  const sharing = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/services/${serviceB}`,
    headers: { cookie: bManager },
    payload: { sharesNationalDataset: true },
  });
  expect(sharing.statusCode).toBe(422);
  expect(sharing.json().details[0].pointer).toBe('/sharesNationalDataset');
  const invitation = await t.app.inject({
    method: 'POST',
    url: `/api/v1/services/${serviceB}/invitations`,
    headers: { cookie: bManager },
    payload: { email: 'weak@example.org', role: 'practitioner' },
  });
  const weak = await acceptAsNew(invitation.json().code, 'W', 'password1234');
  expect(weak.statusCode).toBe(422);
  expect(weak.json().details[0]).toEqual({ pointer: '/password', message: expect.stringMatching(/too common/) });
  const account = await t.owner.selectFrom('users').select('id').where('email', '=', 'weak@example.org').execute();
  expect(account).toEqual([]);
  // the refused attempt did not use the invitation up
  expect((await acceptAsNew(invitation.json().code, 'W')).statusCode).toBe(201);
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
