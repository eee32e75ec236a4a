/**
 * Saving a response takes its caller from the session cache and lets the save's transaction check
 * it (migration 0120): a signed-out session, a removed membership, a disabled account or a changed
 * role must take effect on the very next save, exactly as when every request read the session.
 */
import { sql } from 'kysely';
import { buildTestApp, login, seedService, seedUser, type TestApp } from '../../../test/helpers/app';
import { secretHash } from '../src/auth/tokens';

let t: TestApp;
let serviceId: string;

beforeAll(async () => {
  t = await buildTestApp();
  serviceId = await seedService(t.owner);
});
afterAll(async () => t.close());

let n = 0;
async function practitionerWithCase() {
  n += 1;
  const email = `worker${n}@example.org`;
  const userId = await seedUser(t.owner, { email, serviceId, role: 'practitioner' });
  const cookie = await login(t.app, email);
  const opened = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: { cookie },
    payload: { openedAt: '2025-03-12' },
  });
  expect(opened.statusCode).toBe(201);
  const hash = secretHash(cookie.slice(cookie.indexOf('=') + 1));
  return { userId, cookie, hash, caseId: opened.json().id as string };
}

const saveDraft = (cookie: string, caseId: string, age: number, revision?: number) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/v1/cases/${caseId}/responses/core.intake`,
    headers: { cookie },
    payload: { answers: { age }, status: 'draft', ...(revision ? { revision } : {}) },
  });

const storedAge = async (caseId: string) =>
  (
    await t.owner
      .selectFrom('responses')
      .select('answers')
      .where('case_id', '=', caseId)
      .where('form_key', '=', 'core.intake')
      .executeTakeFirst()
  )?.answers;

/** Two saves: the first reads the session and caches its caller, the second is served from the cache. */
async function warm(worker: Awaited<ReturnType<typeof practitionerWithCase>>) {
  expect((await saveDraft(worker.cookie, worker.caseId, 30)).statusCode).toBe(200);
  expect(t.app.sessionCache.get(worker.hash)).toBeDefined();
  expect((await saveDraft(worker.cookie, worker.caseId, 31, 1)).statusCode).toBe(200);
  expect(await storedAge(worker.caseId)).toEqual({ age: 31 });
}

test('a save served from the cache does not read the session: only the check in its transaction does', async () => {
  const worker = await practitionerWithCase();
  await warm(worker);
  // the API role's own lookup of a session would now fail; the check (SECURITY DEFINER) does not
  await t.owner.executeQuery(sql`revoke select on sessions from harbour_api`.compile(t.owner));
  try {
    expect((await saveDraft(worker.cookie, worker.caseId, 35, 2)).statusCode).toBe(200);
    expect(await storedAge(worker.caseId)).toEqual({ age: 35 });
  } finally {
    await t.owner.executeQuery(sql`grant select on sessions to harbour_api`.compile(t.owner));
  }
});

test('a session ended elsewhere (another API process, sign-out) refuses the next save: 401, nothing written', async () => {
  const worker = await practitionerWithCase();
  await warm(worker);
  await t.owner.deleteFrom('sessions').where('id_hash', '=', worker.hash).execute();
  const refused = await saveDraft(worker.cookie, worker.caseId, 40, 2);
  expect(refused.statusCode).toBe(401);
  expect(await storedAge(worker.caseId)).toEqual({ age: 31 });
  expect(t.app.sessionCache.get(worker.hash)).toBeUndefined();
});

test('a membership removed by SQL refuses the next save as a case the caller may not see: 404, audited', async () => {
  const worker = await practitionerWithCase();
  await warm(worker);
  await t.owner.deleteFrom('memberships').where('user_id', '=', worker.userId).execute();
  const refused = await saveDraft(worker.cookie, worker.caseId, 40, 2);
  expect(refused.statusCode).toBe(404);
  expect(await storedAge(worker.caseId)).toEqual({ age: 31 });
  const denied = await t.owner
    .selectFrom('audit_log')
    .select(['action', 'status', 'service_id'])
    .where('user_id', '=', worker.userId)
    .where('action', '=', 'access.denied')
    .execute();
  // decided on the caller as the database has it now: no membership, so no service
  expect(denied).toEqual([{ action: 'access.denied', status: 404, service_id: null }]);
});

test('an account disabled by the admin refuses the next save: 401, nothing written', async () => {
  const worker = await practitionerWithCase();
  await warm(worker);
  await t.owner.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', worker.userId).execute();
  expect((await saveDraft(worker.cookie, worker.caseId, 40, 2)).statusCode).toBe(401);
  expect(await storedAge(worker.caseId)).toEqual({ age: 31 });
});

test('a role changed since the caller was cached is decided afresh: a manager without a second factor is stopped', async () => {
  const worker = await practitionerWithCase();
  await warm(worker);
  await t.owner
    .updateTable('memberships')
    .set({ role: 'manager', practitioner_role: null })
    .where('user_id', '=', worker.userId)
    .execute();
  const refused = await saveDraft(worker.cookie, worker.caseId, 40, 2);
  expect(refused.statusCode).toBe(403);
  expect(refused.json().message).toMatch(/two-step verification/);
  expect(await storedAge(worker.caseId)).toEqual({ age: 31 });
});

test('a practitioner role changed since the caller was cached: the save runs on the caller as it is now', async () => {
  const worker = await practitionerWithCase();
  await warm(worker);
  await t.owner
    .updateTable('memberships')
    .set({ practitioner_role: 'outreach' })
    .where('user_id', '=', worker.userId)
    .execute();
  const fingerprint = t.app.sessionCache.get(worker.hash)?.fingerprint;
  expect((await saveDraft(worker.cookie, worker.caseId, 40, 2)).statusCode).toBe(200);
  expect(await storedAge(worker.caseId)).toEqual({ age: 40 });
  const now = t.app.sessionCache.get(worker.hash);
  expect(now?.fingerprint).not.toBe(fingerprint);
  expect(now?.user.memberships).toEqual([{ serviceId, role: 'practitioner', practitionerRole: 'outreach' }]);
});

test('a session past its absolute lifetime is not served from the cache', async () => {
  const worker = await practitionerWithCase();
  await warm(worker);
  t.advance(t.config.session.absoluteMs + 1000);
  expect((await saveDraft(worker.cookie, worker.caseId, 40, 2)).statusCode).toBe(401);
  expect(await storedAge(worker.caseId)).toEqual({ age: 31 });
});
