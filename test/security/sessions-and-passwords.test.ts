import fs from 'node:fs';
import path from 'node:path';
import { hashPassword, passwordProblems } from '../../apps/api/src/auth/passwords';
import { buildTestApp, login, seedService, seedUser, TEST_PASSWORD, type TestApp } from '../helpers/app';

let t: TestApp;
let serviceId: string;
beforeAll(async () => {
  t = await buildTestApp();
  serviceId = await seedService(t.owner);
  await seedUser(t.owner, { email: 'pat@example.org', serviceId, role: 'practitioner' });
  await seedUser(t.owner, { email: 'sam@example.org', serviceId, role: 'practitioner' });
  await seedUser(t.owner, { email: 'mo@example.org', serviceId, role: 'manager' });
  await seedUser(t.owner, { email: 'ada@example.org', platformRole: 'admin' });
});
afterAll(async () => t.close());

let ip = 0;
const from = () => {
  ip += 1;
  return `10.3.${ip >> 8}.${ip & 255}`;
};
const signIn = (email: string) => login(t.app, email, undefined, { remoteAddress: from() });
const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });

describe('passwords', () => {
  test('stored as argon2id with memory ≥ 19 MiB, iterations ≥ 2, parallelism 1 (read from the stored hash)', async () => {
    const cookie = await signIn('sam@example.org');
    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { cookie },
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'a lighthouse keeps its own weather' },
    });
    expect(changed.statusCode).toBe(204);
    const { password_hash } = await t.owner
      .selectFrom('users')
      .select('password_hash')
      .where('email', '=', 'sam@example.org')
      .executeTakeFirstOrThrow();
    const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/.exec(
      password_hash ?? '',
    );
    expect(match).not.toBeNull();
    const [, m, tCost, p] = match!.map(Number);
    expect(m).toBeGreaterThanOrEqual(19_456);
    expect(tCost).toBeGreaterThanOrEqual(2);
    expect(p).toBe(1);
    expect(password_hash).not.toContain('lighthouse');
  });

  test('length 12–128 characters of any Unicode, no composition rules, common passwords refused', async () => {
    const list = fs
      .readFileSync(path.join(__dirname, '../../apps/api/data/common-passwords.txt'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    expect(list.length).toBeGreaterThan(5000);
    expect(passwordProblems('eleven char')).toHaveLength(1);
    expect(passwordProblems('all lower case words ok')).toEqual([]);
    expect(passwordProblems('🔒🌊🏠🔑🌙⭐🍀🎈🎵📚🚲🌻')).toEqual([]); // 12 emoji: 12 characters
    expect(passwordProblems('ŵŷŝ ĉĥâŕáçţéŕś')).toEqual([]);
    expect(passwordProblems('x'.repeat(129))).toHaveLength(1);
    for (const common of ['Liverpool2024', 'PASSWORD1234', 'qwertyuiop123', '1q2w3e4r5t6y', 'iloveyouforever']) {
      expect(passwordProblems(common)[0]?.message).toMatch(/too common/);
    }
    const cookie = await signIn('pat@example.org');
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { cookie },
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'Manchester2019' },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().details[0].message).toMatch(/too common/);
  });

  test('hashPassword salts: the same password hashes differently twice', async () => {
    expect(await hashPassword('same password twice')).not.toBe(await hashPassword('same password twice'));
  });
});

describe('sessions', () => {
  test('cookie: HttpOnly, SameSite=Strict; __Host- prefixed and Secure outside development', async () => {
    const secure = await buildTestApp({ env: { HARBOUR_SECURE_COOKIES: 'true' } });
    try {
      const sid = await seedService(secure.owner);
      await seedUser(secure.owner, { email: 'pat@example.org', serviceId: sid, role: 'practitioner' });
      const response = await secure.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'pat@example.org', password: TEST_PASSWORD },
      });
      const cookie = response.cookies[0]!;
      expect(cookie.name).toBe('__Host-harbour_session');
      expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict', path: '/' });
      expect(cookie.domain).toBeUndefined();
      expect(Buffer.from(cookie.value, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    } finally {
      await secure.close();
    }
    // production turns it on by default
    const { loadConfig } = await import('@harbour/api');
    expect(
      loadConfig({ NODE_ENV: 'production', HARBOUR_MASTER_KEY: Buffer.alloc(32).toString('base64') }).secureCookies,
    ).toBe(true);
  });

  test('a new session id at every sign-in; a session id planted before sign-in is never adopted', async () => {
    const planted = 'attacker-chosen-session-id';
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: from(),
      headers: { cookie: `harbour_session=${planted}` },
      payload: { email: 'pat@example.org', password: TEST_PASSWORD },
    });
    const issued = response.cookies[0]!.value;
    expect(issued).not.toBe(planted);
    expect((await me(`harbour_session=${planted}`)).statusCode).toBe(401);
    const second = await signIn('pat@example.org');
    expect(second).not.toBe(`harbour_session=${issued}`);
    const stored = await t.owner.selectFrom('sessions').select('id_hash').execute();
    expect(stored.some((s) => s.id_hash.toString('utf8').includes(issued))).toBe(false);
  });

  test('idle timeout: a quiet session ends; activity keeps it alive', async () => {
    const cookie = await signIn('pat@example.org');
    t.advance(t.config.session.idleMs - 60_000);
    expect((await me(cookie)).statusCode).toBe(200);
    t.advance(t.config.session.idleMs - 60_000);
    expect((await me(cookie)).statusCode).toBe(200);
    t.advance(t.config.session.idleMs + 1000);
    expect((await me(cookie)).statusCode).toBe(401);
  });

  test('absolute timeout: even a busy session ends', async () => {
    const cookie = await signIn('pat@example.org');
    const step = t.config.session.idleMs - 60_000;
    let elapsed = 0;
    while (elapsed + step < t.config.session.absoluteMs) {
      t.advance(step);
      elapsed += step;
      expect((await me(cookie)).statusCode).toBe(200);
    }
    t.advance(t.config.session.absoluteMs - elapsed + 1000);
    expect((await me(cookie)).statusCode).toBe(401);
  });

  test('logout ends the session on the server at once and sends Clear-Site-Data', async () => {
    const cookie = await signIn('pat@example.org');
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect(out.headers['clear-site-data']).toBe('"cache", "cookies", "storage"');
    expect((await me(cookie)).statusCode).toBe(401);
  });

  test('disabling a user ends their sessions and tokens at once', async () => {
    const victim = await seedUser(t.owner, { email: 'leaver@example.org', serviceId, role: 'practitioner' });
    const cookie = await signIn('leaver@example.org');
    const token = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: { cookie },
      payload: { name: 'script' },
    });
    const bearer = { authorization: `Bearer ${token.json().token}` };
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer })).statusCode).toBe(200);
    // the platform admin's alone (issue 13): a manager ends memberships, not accounts
    const admin = await signIn('ada@example.org');
    const disabled = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${victim}/disable`,
      headers: { cookie: admin },
    });
    expect(disabled.statusCode).toBe(204);
    expect((await me(cookie)).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer })).statusCode).toBe(401);
    const sessions = await t.owner.selectFrom('sessions').select('id_hash').where('user_id', '=', victim).execute();
    expect(sessions).toEqual([]);
  });
});

describe('headers', () => {
  test('Cache-Control: no-store on every authenticated response, errors included', async () => {
    const cookie = await signIn('mo@example.org');
    const urls = [
      '/api/v1/auth/me',
      '/api/v1/cases',
      '/api/v1/forms',
      `/api/v1/services/${serviceId}`,
      `/api/v1/cases/${crypto.randomUUID()}`,
      '/api/v1/research/dictionary',
      '/api/v1/no-such-route',
    ];
    for (const url of urls) {
      const response = await t.app.inject({ method: 'GET', url, headers: { cookie } });
      expect({ url, cacheControl: response.headers['cache-control'] }).toEqual({ url, cacheControl: 'no-store' });
    }
  });

  test('HSTS, a strict CSP, nosniff and no referrer on every response', async () => {
    for (const url of ['/api/v1/healthz', '/api/v1/auth/me', '/api/v1/no-such-route', '/q/not-a-real-token']) {
      const response = await t.app.inject({ method: 'GET', url });
      const csp = String(response.headers['content-security-policy']);
      expect({ url, csp }).toEqual({ url, csp: expect.stringContaining("object-src 'none'") });
      expect(csp).toContain("base-uri 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers['strict-transport-security']).toMatch(/max-age=\d{8,}/);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
    }
  });
});
