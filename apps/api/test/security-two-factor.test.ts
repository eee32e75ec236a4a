import { sql } from 'kysely';
import { buildTestApp, login, seedService, seedUser, TEST_TOTP_SECRET, type TestApp } from '../../../test/helpers/app';
import { totpCode } from '../src/auth/second-factor';

let t: TestApp;
let serviceId: string;
let enrolledSecret = '';
beforeAll(async () => {
  t = await buildTestApp();
  serviceId = await seedService(t.owner);
  await seedUser(t.owner, { email: 'new.manager@example.org', serviceId, role: 'manager', secondFactor: false });
  await seedUser(t.owner, { email: 'enrolled.manager@example.org', serviceId, role: 'manager' });
  await seedUser(t.owner, { email: 'prac@example.org', serviceId, role: 'practitioner' });
});
afterAll(async () => t.close());

const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
const post = (url: string, cookie: string, payload?: object) =>
  t.app.inject({ method: 'POST', url, headers: { cookie }, ...(payload ? { payload } : {}) });

test('a manager without a second factor reaches only the enrolment routes, then sets one up with a QR code', async () => {
  const cookie = await login(t.app, 'new.manager@example.org', undefined, { secondFactor: false });
  expect((await get(`/api/v1/services/${serviceId}`, cookie)).statusCode).toBe(403);
  expect((await post('/api/v1/auth/tokens', cookie, { name: 'x' })).statusCode).toBe(403);
  expect((await get('/api/v1/auth/2fa', cookie)).json()).toEqual({ enabled: false, required: true, verified: false });

  const setup = await post('/api/v1/auth/2fa/setup', cookie);
  expect(setup.statusCode).toBe(200);
  const { otpauthUri, qrCode, qrCodeSvg, secret } = setup.json();
  enrolledSecret = secret;
  expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Harbour:new\.manager%40example\.org\?.*secret=[A-Z2-7]+/);
  expect(qrCode).toMatch(/^data:image\/png;base64,/);
  expect(qrCodeSvg).toContain('<svg');
  // stored sealed, never as the base32 secret
  const row = await t.owner
    .selectFrom('users')
    .select(['totp_secret'])
    .where('email', '=', 'new.manager@example.org')
    .executeTakeFirstOrThrow();
  expect(row.totp_secret).toMatch(/^hb1\./);
  expect(row.totp_secret).not.toContain(secret);

  const wrong = await post('/api/v1/auth/2fa/enable', cookie, {
    code: '000000' === totpCode(secret, t.app.clock()) ? '111111' : '000000',
  });
  expect(wrong.statusCode).toBe(422);
  const enable = await post('/api/v1/auth/2fa/enable', cookie, { code: totpCode(secret, t.app.clock()) });
  expect(enable.statusCode).toBe(200);
  const codes: string[] = enable.json().recoveryCodes;
  expect(codes).toHaveLength(10);
  expect(new Set(codes).size).toBe(10);
  const stored = await sql<{ h: Buffer }>`select code_hash h from recovery_codes`.execute(t.owner);
  for (const code of codes) expect(stored.rows.some((r) => r.h.toString('utf8').includes(code))).toBe(false);
  // the enrolling session is verified and now reaches the service
  expect((await get('/api/v1/auth/2fa', cookie)).json()).toEqual({ enabled: true, required: true, verified: true });
  expect((await get(`/api/v1/services/${serviceId}`, cookie)).statusCode).not.toBe(403);
});

test('after sign-in, a session with a second factor is held at the door until a code is given; codes work once', async () => {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'enrolled.manager@example.org', password: 'correct horse battery staple 1' },
  });
  expect(response.json().secondFactorRequired).toBe(true);
  const c = response.cookies[0]!;
  const cookie = `${c.name}=${c.value}`;
  expect((await get(`/api/v1/services/${serviceId}`, cookie)).statusCode).toBe(403);
  const code = totpCode(TEST_TOTP_SECRET, t.app.clock());
  expect((await post('/api/v1/auth/2fa/verify', cookie, { code })).statusCode).toBe(200);
  expect((await get(`/api/v1/services/${serviceId}`, cookie)).statusCode).toBe(200);

  // the same code in a second session is refused: single use (users.totp_last_step)
  const again = await login(t.app, 'enrolled.manager@example.org', undefined, { secondFactor: false });
  expect((await post('/api/v1/auth/2fa/verify', again, { code })).statusCode).toBe(422);
  // and so is an older one
  const older = totpCode(TEST_TOTP_SECRET, new Date(t.app.clock().getTime() - 30_000));
  expect((await post('/api/v1/auth/2fa/verify', again, { code: older })).statusCode).toBe(422);
});

test('recovery codes are single-use; ten wrong codes lock the codes and end the sessions', async () => {
  const cookie = await login(t.app, 'new.manager@example.org', undefined, { secondFactor: false });
  // no account setting before the second factor, enrolling again included
  expect((await post('/api/v1/auth/2fa/setup', cookie)).statusCode).toBe(403);
  const rows = await t.owner
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'new.manager@example.org')
    .executeTakeFirstOrThrow();
  // disabling needs the password and sends a required role back to enrolment
  await t.owner.updateTable('users').set({ totp_last_step: null }).where('id', '=', rows.id).execute();
  const verified = await login(t.app, 'new.manager@example.org', undefined, { secondFactor: false });
  expect(
    (await post('/api/v1/auth/2fa/verify', verified, { code: totpCode(enrolledSecret, t.app.clock()) })).statusCode,
  ).toBe(200);
  expect((await post('/api/v1/auth/2fa/disable', verified, { password: 'wrong password here' })).statusCode).toBe(422);
  expect(
    (await post('/api/v1/auth/2fa/disable', verified, { password: 'correct horse battery staple 1' })).statusCode,
  ).toBe(204);
  expect((await get(`/api/v1/services/${serviceId}`, verified)).statusCode).toBe(403); // must enrol again
  const setup = await post('/api/v1/auth/2fa/setup', verified);
  const enable = await post('/api/v1/auth/2fa/enable', verified, {
    code: totpCode(setup.json().secret, t.app.clock()),
  });
  const [first] = enable.json().recoveryCodes as string[];

  const s1 = await login(t.app, 'new.manager@example.org', undefined, { secondFactor: false });
  const used = await post('/api/v1/auth/2fa/verify', s1, { recoveryCode: first! });
  expect(used.statusCode).toBe(200);
  expect(used.json().recoveryCodesLeft).toBe(9);
  const s2 = await login(t.app, 'new.manager@example.org', undefined, { secondFactor: false });
  expect((await post('/api/v1/auth/2fa/verify', s2, { recoveryCode: first! })).statusCode).toBe(422);
  const statuses: number[] = [];
  for (let i = 0; i < 9; i += 1)
    statuses.push((await post('/api/v1/auth/2fa/verify', s2, { code: '123456' })).statusCode);
  expect(statuses.slice(0, 8).every((s) => s === 422)).toBe(true);
  expect(statuses.at(-1)).toBe(423);
  expect((await get('/api/v1/auth/me', s2)).statusCode).toBe(401);
  const audit = await sql<{
    n: number;
  }>`select count(*)::int n from audit_log where action = 'auth.second_factor_failed' and user_id = ${rows.id}`.execute(
    t.owner,
  );
  expect(audit.rows[0]!.n).toBeGreaterThanOrEqual(10);
});

test('practitioners may sign in without a second factor', async () => {
  const cookie = await login(t.app, 'prac@example.org');
  expect((await get('/api/v1/auth/2fa', cookie)).json()).toEqual({ enabled: false, required: false, verified: false });
  expect((await get('/api/v1/auth/me', cookie)).statusCode).toBe(200);
});
