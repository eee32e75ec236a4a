import { sql } from 'kysely';
import { buildTestApp, login, seedService, seedUser, TEST_PASSWORD, type TestApp } from '../../../test/helpers/app';

let t: TestApp;
let serviceId: string;
beforeAll(async () => {
  t = await buildTestApp();
  serviceId = await seedService(t.owner);
  await seedUser(t.owner, { email: 'pat@example.org', serviceId, role: 'practitioner' });
  await seedUser(t.owner, { email: 'mo@example.org', serviceId, role: 'manager' });
});
afterAll(async () => t.close());

test('login sets an httpOnly SameSite=Strict session cookie and /auth/me answers who I am', async () => {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'PAT@example.org', password: TEST_PASSWORD },
  });
  expect(response.statusCode).toBe(200);
  const cookie = response.cookies[0]!;
  expect(cookie.httpOnly).toBe(true);
  expect(cookie.sameSite).toBe('Strict');
  expect(response.json().user.email).toBe('pat@example.org');
  const me = await t.app.inject({
    method: 'GET',
    url: '/api/v1/auth/me',
    headers: { cookie: `${cookie.name}=${cookie.value}` },
  });
  expect(me.statusCode).toBe(200);
  expect(me.json().memberships).toEqual([{ serviceId, role: 'practitioner', practitionerRole: 'idva' }]);
  expect(me.headers['cache-control']).toBe('no-store');
});

test('unknown user and wrong password get the same answer, and both are audited', async () => {
  const wrong = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'mo@example.org', password: 'not the password at all' },
  });
  const unknown = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'nobody@example.org', password: 'not the password at all' },
  });
  expect(wrong.statusCode).toBe(401);
  expect(unknown.statusCode).toBe(401);
  expect(wrong.body).toBe(unknown.body);
  const rows = await sql<{
    n: number;
  }>`select count(*)::int n from audit_log where action = 'auth.login_failed'`.execute(t.owner);
  expect(rows.rows[0]!.n).toBeGreaterThanOrEqual(2);
});

test('logout ends the session on the server and clears site data', async () => {
  const cookie = await login(t.app, 'mo@example.org');
  const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
  expect(out.statusCode).toBe(204);
  expect(out.headers['clear-site-data']).toContain('"cookies"');
  const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
  expect(me.statusCode).toBe(401);
});

test('a session expires after the idle timeout', async () => {
  const cookie = await login(t.app, 'mo@example.org');
  t.advance(t.config.session.idleMs + 1000);
  const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
  expect(me.statusCode).toBe(401);
});

test('API tokens: created once, work as Bearer, can be revoked', async () => {
  const cookie = await login(t.app, 'mo@example.org');
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/tokens',
    headers: { cookie },
    payload: { name: 'reporting script', expiresInDays: 7 },
  });
  expect(created.statusCode).toBe(201);
  const { token, id } = created.json();
  expect(token).toMatch(/^hbt_[A-Za-z0-9_-]{43}$/);
  const stored = await t.owner
    .selectFrom('api_tokens')
    .select('token_hash')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  expect(stored.token_hash.toString('utf8')).not.toContain(token);
  const me = await t.app.inject({
    method: 'GET',
    url: '/api/v1/auth/me',
    headers: { authorization: `Bearer ${token}` },
  });
  expect(me.statusCode).toBe(200);
  await t.app.inject({ method: 'DELETE', url: `/api/v1/auth/tokens/${id}`, headers: { cookie } });
  const after = await t.app.inject({
    method: 'GET',
    url: '/api/v1/auth/me',
    headers: { authorization: `Bearer ${token}` },
  });
  expect(after.statusCode).toBe(401);
});

test('repeated login attempts are rate limited with 429', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 12; i += 1) {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '10.9.9.9',
      payload: { email: 'ratelimit@example.org', password: 'whatever-password' },
    });
    statuses.push(r.statusCode);
  }
  expect(statuses).toContain(429);
});

test('bad input gets a clear 4xx naming the problem, never a 500', async () => {
  const malformed = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { 'content-type': 'application/json' },
    payload: '{"email": ',
  });
  expect(malformed.statusCode).toBe(400);
  expect(malformed.json().message).toMatch(/not valid JSON/);
  const wrongType = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 42, password: ['x'] },
  });
  expect(wrongType.statusCode).toBe(400);
  const unknown = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'a@b.c', password: 'x', role: 'admin' },
  });
  expect(unknown.statusCode).toBe(400);
  expect(unknown.json().details).toEqual(
    expect.arrayContaining([{ pointer: '/role', message: 'is not an allowed field' }]),
  );
  const huge = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'a@b.c', password: 'x'.repeat(2_000_000) },
  });
  expect(huge.statusCode).toBe(413);
  expect(huge.body).not.toMatch(/at .*\.js/);
});

test('signed-in callers are rate limited per session, not per shared office address', async () => {
  const first = await login(t.app, 'pat@example.org', undefined, { remoteAddress: '10.1.1.1' });
  const second = await login(t.app, 'mo@example.org', undefined, { remoteAddress: '10.1.1.1' });
  const remaining = async (cookie: string) =>
    Number(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie }, remoteAddress: '10.1.1.1' }))
        .headers['x-ratelimit-remaining'],
    );
  const a1 = await remaining(first);
  const a2 = await remaining(first);
  const b1 = await remaining(second);
  expect(a2).toBe(a1 - 1);
  expect(b1).toBeGreaterThan(a2);
});

test('the request rate limit is configurable', async () => {
  const { loadConfig } = await import('@harbour/api');
  expect(loadConfig({ NODE_ENV: 'test' }).rateLimitPerMinute).toBe(600);
  expect(loadConfig({ NODE_ENV: 'test', HARBOUR_RATE_LIMIT_PER_MINUTE: '5000' }).rateLimitPerMinute).toBe(5000);
  expect(() => loadConfig({ NODE_ENV: 'test', HARBOUR_RATE_LIMIT_PER_MINUTE: 'lots' })).toThrow(
    /HARBOUR_RATE_LIMIT_PER_MINUTE/,
  );
});
