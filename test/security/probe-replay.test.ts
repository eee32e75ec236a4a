/**
 * Issue 13: each finding of the independent probe, replayed as the probe did it, with the safe
 * outcome asserted. Research re-identification and differencing are in
 * apps/api/test/research-linkage.test.ts.
 */
import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import {
  emailDelayMs,
  FREE_FAILURES_PER_ADDRESS,
  FREE_FAILURES_PER_EMAIL,
  waitSeconds,
} from '../../apps/api/src/accounts/sign-in';
import { LOCK_AFTER_WRONG_CODES } from '../../apps/api/src/accounts/two-factor';
import { totpCode } from '../../apps/api/src/auth/second-factor';
import { newSecret } from '../../apps/api/src/auth/tokens';
import { login, seedUser, TEST_PASSWORD, TEST_TOTP_SECRET } from '../helpers/app';
import { buildWorld, EMAILS, type World } from './world';

let w: World;
beforeAll(async () => {
  w = await buildWorld();
}, 60_000);
afterAll(async () => w.t.close());

const inject = (options: InjectOptions) => w.t.app.inject(options);
let address = 0;
/** Each call a new address, so the per-address sign-in limits of one test do not touch another. */
const nextAddress = () => {
  address += 1;
  return `10.77.${address >> 8}.${address & 255}`;
};

async function userRow(id: string) {
  return w.t.owner
    .selectFrom('users')
    .select(['disabled_at', 'platform_role'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

async function membershipsOf(userId: string) {
  return w.t.owner.selectFrom('memberships').select(['service_id', 'role']).where('user_id', '=', userId).execute();
}

describe('finding 1 (high): a manager could capture and disable any account', () => {
  test('the old capture route is gone: adding an existing account by email does nothing', async () => {
    const victim = await w.freshAccount('serviceB');
    const response = await inject({
      method: 'POST',
      url: `/api/v1/services/${w.serviceA}/members`,
      headers: w.headers.manager,
      payload: { email: victim.email, name: 'Anyone', role: 'practitioner' },
    });
    expect(response.statusCode).toBe(404);
    expect(await membershipsOf(victim.id)).toEqual([{ service_id: w.serviceB, role: 'practitioner' }]);
  });

  test('an invitation answers the same for a user of another service, a researcher, an admin and a new email', async () => {
    const targets = [
      (await w.freshAccount('serviceB')).email,
      (await w.freshAccount('researcher')).email,
      (await w.freshAccount('admin')).email,
      `${newSecret()
        .slice(0, 8)
        .toLowerCase()
        .replace(/[^a-z0-9]/g, 'x')}@nobody.example.org`,
    ];
    const shapes = [];
    for (const email of targets) {
      const response = await inject({
        method: 'POST',
        url: `/api/v1/services/${w.serviceA}/invitations`,
        headers: w.headers.manager,
        payload: { email, role: 'practitioner' },
      });
      expect(response.statusCode).toBe(201);
      const body = response.json();
      // what differs between invitations by construction: their id, secret, times and the email given
      const { id, code, url, createdAt, expiresAt, email: given, ...rest } = body;
      expect(given).toBe(email);
      expect(Object.keys(body).sort()).toEqual(
        ['code', 'createdAt', 'email', 'expiresAt', 'fte', 'id', 'practitionerRole', 'role', 'status', 'url'].sort(),
      );
      shapes.push(rest);
    }
    expect(new Set(shapes.map((s) => JSON.stringify(s))).size).toBe(1);
    expect(JSON.stringify(shapes)).not.toMatch(/disabled|name/);
  });

  test('a researcher and an admin never join a service, even holding the invitation and signed in', async () => {
    for (const actor of ['researcher', 'admin'] as const) {
      const { token } = await w.freshInvitation(EMAILS[actor]);
      const taken = await inject({
        method: 'POST',
        url: '/api/v1/invitations/accept',
        headers: w.headers[actor],
        payload: { token },
      });
      expect(taken.statusCode).toBe(409);
      expect(await membershipsOf(w.userIds[actor])).toEqual([]);
    }
  });

  test('someone else holding the invitation of an existing account cannot accept it for them', async () => {
    const victim = await w.freshAccount('serviceB');
    const { token } = await w.freshInvitation(victim.email);
    const anonymous = await inject({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      payload: { token, name: 'Taker', password: 'a long enough passphrase here' },
    });
    const asManager = await inject({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      headers: w.headers.manager,
      payload: { token },
    });
    // nor can a script with the account's own API token: joining a service needs a signed-in session
    const victimCookie = await login(w.t.app, victim.email, TEST_PASSWORD, { remoteAddress: nextAddress() });
    const apiToken = await inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: { cookie: victimCookie },
      payload: { name: 'script' },
    });
    const byToken = await inject({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      headers: { authorization: `Bearer ${apiToken.json().token}` },
      payload: { token },
    });
    expect([anonymous.statusCode, asManager.statusCode, byToken.statusCode]).toEqual([409, 409, 409]);
    expect(await membershipsOf(victim.id)).toEqual([{ service_id: w.serviceB, role: 'practitioner' }]);
  });

  test('the invited person accepts once; the account joins a second service and can pick it', async () => {
    const person = await w.freshAccount('serviceB');
    const invitation = await inject({
      method: 'POST',
      url: `/api/v1/services/${w.serviceA}/invitations`,
      headers: w.headers.manager,
      payload: { email: person.email, role: 'practitioner', practitionerRole: 'outreach' },
    });
    const code = invitation.json().code as string;
    const cookie = await login(w.t.app, person.email, TEST_PASSWORD, { remoteAddress: nextAddress() });
    const accepted = await inject({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      headers: { cookie },
      payload: { token: code },
    });
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json()).toMatchObject({ serviceId: w.serviceA, userId: person.id, role: 'practitioner' });
    const again = await inject({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      headers: { cookie },
      payload: { token: code },
    });
    expect(again.statusCode).toBe(404);
    const me = await inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(
      me
        .json()
        .memberships.map((m: { serviceId: string }) => m.serviceId)
        .sort(),
    ).toEqual([w.serviceA, w.serviceB].sort());
    const inA = await inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie, 'x-service-id': w.serviceA },
    });
    expect(inA.json()).toMatchObject({ serviceId: w.serviceA, role: 'practitioner' });
  });

  test('an expired or withdrawn invitation does not work; two acceptances at once make one account', async () => {
    const expired = await w.freshInvitation(`late-${address}@new.example.org`);
    await w.t.owner
      .withTables<{ invitations: { id: string; expires_at: Date } }>()
      .updateTable('invitations')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', expired.id)
      .execute();
    const body = (token: string) => ({ token, name: 'New Person', password: 'a long enough passphrase here' });
    expect(
      (await inject({ method: 'POST', url: '/api/v1/invitations/accept', payload: body(expired.token) })).statusCode,
    ).toBe(404);

    const withdrawn = await w.freshInvitation('withdrawn@new.example.org');
    const revoke = await inject({
      method: 'DELETE',
      url: `/api/v1/services/${w.serviceA}/invitations/${withdrawn.id}`,
      headers: w.headers.manager,
    });
    expect(revoke.statusCode).toBe(204);
    expect(
      (await inject({ method: 'POST', url: '/api/v1/invitations/accept', payload: body(withdrawn.token) })).statusCode,
    ).toBe(404);

    const twice = await w.freshInvitation('twice@new.example.org');
    const results = await Promise.all([
      inject({
        method: 'POST',
        url: '/api/v1/invitations/accept',
        payload: body(twice.token),
        remoteAddress: nextAddress(),
      }),
      inject({
        method: 'POST',
        url: '/api/v1/invitations/accept',
        payload: body(twice.token),
        remoteAddress: nextAddress(),
      }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 404]);
    const accounts = await w.t.owner
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'twice@new.example.org')
      .execute();
    expect(accounts).toHaveLength(1);
    expect(await membershipsOf(accounts[0]!.id)).toEqual([{ service_id: w.serviceA, role: 'practitioner' }]);
  });

  test('a manager cannot disable any account, not even one of their own service; the admin can', async () => {
    const own = await w.freshUser();
    const targets = [own, (await w.freshAccount('serviceB')).id, w.userIds.researcher, w.userIds.admin];
    for (const id of targets) {
      const response = await inject({ method: 'POST', url: `/api/v1/users/${id}/disable`, headers: w.headers.manager });
      expect(response.statusCode).toBe(403);
      expect((await userRow(id)).disabled_at).toBeNull();
    }
    const byAdmin = await inject({ method: 'POST', url: `/api/v1/users/${own}/disable`, headers: w.headers.admin });
    expect(byAdmin.statusCode).toBe(204);
    expect((await userRow(own)).disabled_at).not.toBeNull();
  });

  test('a manager ends a membership of their own service, never the account or another service', async () => {
    const person = await w.freshAccount('serviceB');
    const { token } = await w.freshInvitation(person.email);
    const cookie = await login(w.t.app, person.email, TEST_PASSWORD, { remoteAddress: nextAddress() });
    expect(
      (await inject({ method: 'POST', url: '/api/v1/invitations/accept', headers: { cookie }, payload: { token } }))
        .statusCode,
    ).toBe(201);
    const ended = await inject({
      method: 'DELETE',
      url: `/api/v1/services/${w.serviceA}/members/${person.id}`,
      headers: w.headers.manager,
    });
    expect(ended.statusCode).toBe(204);
    expect(await membershipsOf(person.id)).toEqual([{ service_id: w.serviceB, role: 'practitioner' }]);
    expect((await userRow(person.id)).disabled_at).toBeNull();
    expect((await inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(200);
    const inOther = await inject({
      method: 'DELETE',
      url: `/api/v1/services/${w.serviceB}/members/${person.id}`,
      headers: w.headers.manager,
    });
    expect(inOther.statusCode).toBe(404);
    expect(await membershipsOf(person.id)).toHaveLength(1);
  });
});

describe('finding 4 (medium): unlimited second-factor guessing', () => {
  test('wrong codes count across sign-ins; the tenth locks the codes until a recovery code, and the owner is told', async () => {
    const email = 'guessed.manager@a.example.org';
    const id = await seedUser(w.t.owner, { email, serviceId: w.serviceA, role: 'manager' });
    const statuses: number[] = [];
    // four guesses a sign-in, as the probe did: a new sign-in no longer starts the count again
    while (statuses.length < LOCK_AFTER_WRONG_CODES) {
      const signIn = await inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: TEST_PASSWORD },
        remoteAddress: nextAddress(),
      });
      expect(signIn.statusCode).toBe(200);
      const cookie = signIn.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      for (let i = 0; i < 4 && statuses.length < LOCK_AFTER_WRONG_CODES; i += 1) {
        const wrong = await inject({
          method: 'POST',
          url: '/api/v1/auth/2fa/verify',
          headers: { cookie },
          payload: { code: '000000' },
        });
        statuses.push(wrong.statusCode);
      }
    }
    expect(statuses.slice(0, -1).every((s) => s === 422)).toBe(true);
    expect(statuses.at(-1)).toBe(423);

    const signIn = await inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: TEST_PASSWORD },
      remoteAddress: nextAddress(),
    });
    expect(signIn.json().secondFactorLocked).toBe(true);
    const cookie = signIn.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    // even the right code is refused while locked
    const right = await inject({
      method: 'POST',
      url: '/api/v1/auth/2fa/verify',
      headers: { cookie },
      payload: { code: totpCode(TEST_TOTP_SECRET, w.t.app.clock()) },
    });
    expect(right.statusCode).toBe(423);

    // the admin opens the codes again; the owner signs in and hears of the wrong codes
    const unlocked = await inject({
      method: 'POST',
      url: `/api/v1/users/${id}/second-factor/unlock`,
      headers: w.headers.admin,
    });
    expect(unlocked.statusCode).toBe(204);
    await w.t.owner.updateTable('users').set({ totp_last_step: null }).where('id', '=', id).execute();
    const owner = await inject({
      method: 'POST',
      url: '/api/v1/auth/2fa/verify',
      headers: { cookie },
      payload: { code: totpCode(TEST_TOTP_SECRET, w.t.app.clock()) },
    });
    expect(owner.statusCode).toBe(200);
    expect(owner.json()).toMatchObject({ wrongCodesSinceLastSignIn: LOCK_AFTER_WRONG_CODES, wasLocked: false });
    const audit = await sql<{ n: number }>`select count(*)::int as n from audit_log
      where user_id = ${id} and action = 'auth.second_factor_locked'`.execute(w.t.owner);
    expect(audit.rows[0]!.n).toBe(1);
  });
});

describe('finding 5 (medium): the per-address limit was bypassed with made-up credentials', () => {
  test('made-up cookies and Bearer tokens count against the sender address', async () => {
    const from = nextAddress();
    const remaining: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const cookie = await inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { cookie: `harbour_session=${newSecret()}` },
        remoteAddress: from,
      });
      const bearer = await inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { authorization: `Bearer hbt_${newSecret()}` },
        remoteAddress: from,
      });
      expect([cookie.statusCode, bearer.statusCode]).toEqual([401, 401]);
      remaining.push(Number(cookie.headers['x-ratelimit-remaining']), Number(bearer.headers['x-ratelimit-remaining']));
    }
    // one budget for the address: every made-up credential took one more from it
    expect(remaining).toEqual(remaining.map((_, i) => remaining[0]! - i));
  });

  test('a verified session still has its own budget', async () => {
    const from = nextAddress();
    const cookie = await login(w.t.app, EMAILS.practitioner, TEST_PASSWORD, { remoteAddress: from });
    const remaining = async (headers: Record<string, string>) =>
      Number(
        (await inject({ method: 'GET', url: '/api/v1/auth/me', headers, remoteAddress: from })).headers[
          'x-ratelimit-remaining'
        ],
      );
    const first = await remaining({ cookie });
    // strangers at the same address spend the address's budget, not the session's
    for (let i = 0; i < 3; i += 1) await remaining({ cookie: `harbour_session=${newSecret()}` });
    expect(await remaining({ cookie })).toBe(first - 1);
  });
});

describe('finding 6 (medium): the password changed before the second factor', () => {
  test('a password-only session cannot change the password, make tokens or change account settings', async () => {
    const email = 'half.signed@a.example.org';
    await seedUser(w.t.owner, { email, serviceId: w.serviceA, role: 'manager' });
    const real = await login(w.t.app, email, TEST_PASSWORD, { remoteAddress: nextAddress() });
    const half = await login(w.t.app, email, TEST_PASSWORD, { secondFactor: false, remoteAddress: nextAddress() });
    const attempts = [
      ['POST', '/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'the attacker chose this one' }],
      ['POST', '/api/v1/auth/tokens', { name: 'mine now' }],
      ['POST', '/api/v1/auth/2fa/disable', { password: TEST_PASSWORD }],
      ['POST', '/api/v1/auth/2fa/setup', undefined],
    ] as const;
    for (const [method, url, payload] of attempts) {
      const response = await inject({ method, url, headers: { cookie: half }, ...(payload ? { payload } : {}) });
      expect({ url, status: response.statusCode }).toEqual({ url, status: 403 });
    }
    expect((await inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: real } })).statusCode).toBe(200);
    expect((await login(w.t.app, email, TEST_PASSWORD, { remoteAddress: nextAddress() })).length).toBeGreaterThan(0);
  });
});

describe('finding 7 (low)', () => {
  test('a token cannot make a token; a password change revokes tokens unless told to keep them', async () => {
    const email = 'token.owner@a.example.org';
    await seedUser(w.t.owner, { email, serviceId: w.serviceA, role: 'practitioner' });
    let cookie = await login(w.t.app, email, TEST_PASSWORD, { remoteAddress: nextAddress() });
    const made = await inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: { cookie },
      payload: { name: 'a' },
    });
    const token = made.json().token as string;
    const child = await inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: 'child', expiresInDays: 365 },
    });
    expect(child.statusCode).toBe(403);
    const byToken = await inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { authorization: `Bearer ${token}` },
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'another long passphrase 2' },
    });
    expect(byToken.statusCode).toBe(403);

    const kept = await inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { cookie },
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'another long passphrase 2', revokeTokens: false },
    });
    expect(kept.statusCode).toBe(204);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer })).statusCode).toBe(200);
    const revoked = await inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { cookie },
      payload: { currentPassword: 'another long passphrase 2', newPassword: 'a third long passphrase 3' },
    });
    expect(revoked.statusCode).toBe(204);
    expect((await inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer })).statusCode).toBe(401);
    cookie = await login(w.t.app, email, 'a third long passphrase 3', { remoteAddress: nextAddress() });
    expect(cookie).toMatch(/harbour_session/);
  });

  test('known and unknown emails answer alike after repeated failures; a stranger cannot hold the owner out', async () => {
    const email = 'held.out@a.example.org';
    await seedUser(w.t.owner, { email, serviceId: w.serviceA, role: 'practitioner' });
    const run = async (target: string) => {
      const attacker = nextAddress();
      const statuses: number[] = [];
      for (let i = 0; i < FREE_FAILURES_PER_ADDRESS + 2; i += 1) {
        const r = await inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: target, password: 'not the password at all' },
          remoteAddress: attacker,
        });
        statuses.push(r.statusCode);
      }
      return statuses;
    };
    const known = await run(email);
    const unknown = await run('nobody.here@a.example.org');
    expect(known).toEqual(unknown);
    expect(known.at(-1)).toBe(429);
    // the owner, from their own address, signs in at once with the right password
    const owner = await inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: TEST_PASSWORD },
      remoteAddress: nextAddress(),
    });
    expect(owner.statusCode).toBe(200);
  });

  test('the slow-down grows per email and address, and across addresses only delays, never refuses', () => {
    expect([4, 5, 6, 7].map((n) => waitSeconds(n))).toEqual([0, 5, 10, 20]);
    expect(waitSeconds(30)).toBe(15 * 60);
    expect(emailDelayMs(FREE_FAILURES_PER_EMAIL - 1)).toBe(0);
    expect(emailDelayMs(FREE_FAILURES_PER_EMAIL)).toBe(100);
    expect(emailDelayMs(FREE_FAILURES_PER_EMAIL + 20)).toBe(3_000);
  });

  test('NUL and other control characters are a 400 naming the field, never a 500', async () => {
    const cases = [
      {
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'a\u0000@b.example.org', password: 'x' },
        headers: {},
      },
      {
        method: 'POST',
        url: '/api/v1/cases',
        payload: { openedAt: '2025-02-03', reference: 'REF\u0000-1' },
        headers: { ...w.headers.practitioner, 'idempotency-key': newSecret().slice(0, 12) },
      },
      {
        method: 'PATCH',
        url: `/api/v1/services/${w.serviceA}`,
        payload: { name: 'Service\u001bA' },
        headers: w.headers.manager,
      },
      { method: 'GET', url: '/api/v1/cases?status=open%00', headers: w.headers.practitioner },
      { method: 'GET', url: `/api/v1/cases/${w.caseId}%00`, headers: w.headers.practitioner },
    ] as const;
    for (const c of cases) {
      const response = await inject({
        method: c.method,
        url: c.url,
        headers: c.headers,
        ...('payload' in c ? { payload: c.payload } : {}),
      });
      expect({ url: c.url, status: response.statusCode }).toEqual({ url: c.url, status: 400 });
      expect(response.json().details[0].message).toMatch(/control character/);
    }
  });

  test('a cookie-authenticated form post from a foreign site is refused; JSON from our pages still works', async () => {
    const cookie = w.headers.practitioner.cookie!;
    const before = await w.t.owner
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const foreign = await inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'openedAt=2025-02-03',
    });
    expect(foreign.statusCode).toBe(403);
    const formSameSite = await inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: {
        cookie,
        'content-type': 'application/x-www-form-urlencoded',
        'idempotency-key': newSecret().slice(0, 12),
      },
      payload: 'openedAt=2025-02-03',
    });
    expect(formSameSite.statusCode).toBe(415);
    const jsonForeign = await inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { cookie, origin: 'https://evil.example', 'idempotency-key': newSecret().slice(0, 12) },
      payload: { openedAt: '2025-02-03' },
    });
    expect(jsonForeign.statusCode).toBe(403);
    const after = await w.t.owner
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const own = await inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { cookie, origin: w.t.app.publicUrl(), 'idempotency-key': newSecret().slice(0, 12) },
      payload: { openedAt: '2025-02-03' },
    });
    expect(own.statusCode).toBe(201);
  });
});
