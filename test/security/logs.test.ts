import { examples } from '@harbour/module-core';
import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { totpCode } from '../../apps/api/src/auth/second-factor';
import {
  buildTestApp,
  captureTraceLogs,
  seedService,
  seedUser,
  TEST_PASSWORD,
  TEST_TOTP_SECRET,
  type TestApp,
} from '../helpers/app';

const COMMENT = 'He waits outside the school gate at 3pm every Tuesday';
const { lines, logger } = captureTraceLogs();

let t: TestApp;
let serviceId: string;
beforeAll(async () => {
  t = await buildTestApp({ logger });
  serviceId = await seedService(t.owner);
  await seedUser(t.owner, { email: 'mo@example.org', serviceId, role: 'manager' });
});
afterAll(async () => t.close());

test('a whole case life at trace level logs none of the answers, tokens, passwords, codes or cookies', async () => {
  const secrets: string[] = [TEST_PASSWORD, COMMENT, TEST_TOTP_SECRET];
  const inject = async (options: InjectOptions) => {
    const response = await t.app.inject(options);
    for (const c of response.cookies) secrets.push(c.value);
    return response;
  };
  const login = await inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'mo@example.org', password: TEST_PASSWORD },
  });
  const session = login.cookies[0]!;
  const cookie = `${session.name}=${session.value}`;
  const code = totpCode(TEST_TOTP_SECRET, t.app.clock());
  secrets.push(code);
  expect(
    (await inject({ method: 'POST', url: '/api/v1/auth/2fa/verify', headers: { cookie }, payload: { code } }))
      .statusCode,
  ).toBe(200);
  const token = (
    await inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: { cookie }, payload: { name: 'script' } })
  ).json().token;
  secrets.push(token);
  const bearer = { authorization: `Bearer ${token}` };
  const opened = await inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: { ...bearer, 'idempotency-key': 'log-life-1' },
    payload: { openedAt: '2025-04-01', reference: 'LOG-REF-77' },
  });
  expect(opened.statusCode).toBe(201);
  const caseId = opened.json().id;
  const answers = { ...examples['core.client_exit'], comments: COMMENT };
  const saved = await inject({
    method: 'PUT',
    url: `/api/v1/cases/${caseId}/responses/core.client_exit`,
    headers: { cookie },
    payload: { answers, status: 'submitted' },
  });
  expect(saved.statusCode).toBe(200);
  const read = await inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers: { cookie } });
  expect(JSON.stringify(read.json())).toContain(COMMENT); // decrypted for the reader
  const link = await inject({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/questionnaire-links`,
    headers: { cookie },
    payload: { formKey: 'core.client_intake' },
  });
  expect(link.statusCode).toBe(201);
  const linkUrl: string = link.json().url;
  const linkToken = linkUrl.split('/q/')[1]!;
  secrets.push(linkToken);
  expect((await inject({ method: 'GET', url: `/q/${linkToken}` })).statusCode).toBe(200);
  await inject({
    method: 'POST',
    url: `/q/${linkToken}`,
    payload: 'safety_now=4',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  await inject({
    method: 'POST',
    url: '/api/v1/auth/password',
    headers: { cookie },
    payload: { currentPassword: 'wrong-password-xyz', newPassword: 'another passphrase entirely' },
  });
  secrets.push('wrong-password-xyz', 'another passphrase entirely');
  await inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });

  // the raw row holds no plaintext either
  const raw = await sql<{
    r: string;
  }>`select row_to_json(x)::text r from responses x where case_id = ${caseId}`.execute(t.owner);
  expect(raw.rows[0]?.r).not.toContain('school gate');

  const log = lines.join('');
  expect(lines.length).toBeGreaterThan(20);
  for (const secret of secrets.filter((s) => s.length >= 6)) {
    expect({ secret, found: log.includes(secret) }).toEqual({ secret, found: false });
  }
  expect(log).not.toMatch(/school gate/);
});
