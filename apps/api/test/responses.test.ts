import type { Tx } from '@harbour/db';
import { withTenant } from '@harbour/db';
import { examples as children } from '@harbour/module-children';
import { examples as core } from '@harbour/module-core';
import { examples as mentalHealth } from '@harbour/module-mental-health';
import { activateModules, buildTestApp, login, seedService, seedUser, type TestApp } from '../../../test/helpers/app';
import { findCaseToSave, lockCaseToSave } from '../src/cases/find-case';
import { type SaveResponseInput, saveResponse } from '../src/cases/save-response';
import { AppError } from '../src/lib/errors';

let t: TestApp;

/** saveResponse on the case locked as the API locks it, from the ids of the case. */
async function saveLocked(
  tx: Tx,
  { serviceId, caseId, ...input }: Omit<SaveResponseInput, 'kase'> & { serviceId: string; caseId: string },
) {
  return saveResponse(tx, t.registry, { ...input, kase: await lockCaseToSave(tx, { serviceId, caseId }) });
}
let serviceId: string;
let cookie: string;

beforeAll(async () => {
  t = await buildTestApp();
  serviceId = await seedService(t.owner);
  await seedUser(t.owner, { email: 'pat@example.org', serviceId, role: 'practitioner' });
  await activateModules(t.owner, serviceId, ['mental-health', 'children']);
  cookie = await login(t.app, 'pat@example.org');
});
afterAll(async () => t.close());

async function newCase(): Promise<string> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: { cookie },
    payload: { openedAt: '2025-03-12' },
  });
  return response.json().id;
}

const save = (caseId: string, formKey: string, payload: object) =>
  t.app.inject({ method: 'PUT', url: `/api/v1/cases/${caseId}/responses/${formKey}`, headers: { cookie }, payload });

test('two saves from the same revision: the second gets 409 with the current revision, and the first is kept', async () => {
  const caseId = await newCase();
  const first = await save(caseId, 'core.intake', { answers: { age: 30 }, status: 'draft' });
  expect(first.json().revision).toBe(1);
  const mine = await save(caseId, 'core.intake', { answers: { age: 31 }, status: 'draft', revision: 1 });
  const theirs = await save(caseId, 'core.intake', { answers: { age: 45 }, status: 'draft', revision: 1 });
  expect(mine.statusCode).toBe(200);
  expect(theirs.statusCode).toBe(409);
  expect(theirs.json().message).toMatch(/changed by someone else.*current revision 2/);
  const stored = await t.owner
    .selectFrom('responses')
    .select(['answers', 'revision'])
    .where('case_id', '=', caseId)
    .executeTakeFirstOrThrow();
  expect(stored).toEqual({ answers: { age: 31 }, revision: 2 });
});

test('two first saves at once: one is stored, the other is told of the conflict', async () => {
  const caseId = await newCase();
  const results = await Promise.all([
    save(caseId, 'core.intake', { answers: { age: 30 }, status: 'draft' }),
    save(caseId, 'core.intake', { answers: { age: 40 }, status: 'draft' }),
  ]);
  expect(results.map((r) => r.statusCode).sort()).toEqual([200, 428]);
  const stored = await t.owner.selectFrom('responses').select(['answers']).where('case_id', '=', caseId).execute();
  expect(stored).toHaveLength(1);
});

test('a save waits on the case lock, then sees what the save before it committed: the case keeps the flags of both', async () => {
  const caseId = await newCase();
  const pat = await t.owner
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'pat@example.org')
    .executeTakeFirstOrThrow();
  const tenant = { serviceId, userId: pat.id, role: 'practitioner' };
  const input = (formKey: string, answers: Record<string, unknown>) => ({
    serviceId,
    caseId,
    formKey,
    answers,
    status: 'submitted' as const,
    source: 'practitioner' as const,
    userId: pat.id,
    now: new Date(),
    sealer: t.app.sealer,
  });
  let commitFirst = () => {};
  let firstSaved = () => {};
  const saved = new Promise<void>((resolve) => {
    firstSaved = resolve;
  });
  const first = withTenant(t.db, tenant, async (tx) => {
    await saveLocked(
      tx,
      input('mental-health.client_intake', { ...mentalHealth['mental-health.client_intake'], phq9_9: 1 }),
    );
    firstSaved();
    await new Promise<void>((resolve) => {
      commitFirst = resolve;
    });
  });
  await saved;
  const second = withTenant(t.db, tenant, (tx) => saveLocked(tx, input('core.intake', core['core.intake'])));
  await new Promise((resolve) => setTimeout(resolve, 100)); // the second save is now waiting on the case lock
  commitFirst();
  await first;
  expect((await second).caseFlags).toEqual(['phq9_item9']);
  const kase = await t.owner.selectFrom('cases').select(['flags']).where('id', '=', caseId).executeTakeFirstOrThrow();
  expect(kase.flags).toEqual(['phq9_item9']);
});

test('the context read with the lock is used when the lock was free, and read again when it waited', async () => {
  const caseId = await newCase();
  const pat = await t.owner
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'pat@example.org')
    .executeTakeFirstOrThrow();
  const tenant = { serviceId, userId: pat.id, role: 'practitioner' };
  const viewer = { serviceId, userId: pat.id, role: 'practitioner' };
  const input = (formKey: string, answers: Record<string, unknown>) => ({
    serviceId,
    caseId,
    formKey,
    answers,
    status: 'submitted' as const,
    source: 'practitioner' as const,
    userId: pat.id,
    now: new Date(),
    sealer: t.app.sealer,
  });
  // a free lock: the statement that locked the case read the context too
  const free = await withTenant(t.db, tenant, (tx) => findCaseToSave(tx, viewer, caseId));
  expect(free.context).toMatchObject({ responses: [], settings: expect.any(Object) });

  let commitFirst = () => {};
  let firstSaved = () => {};
  const saved = new Promise<void>((resolve) => {
    firstSaved = resolve;
  });
  const first = withTenant(t.db, tenant, async (tx) => {
    await saveLocked(
      tx,
      input('mental-health.client_intake', { ...mentalHealth['mental-health.client_intake'], phq9_9: 1 }),
    );
    firstSaved();
    await new Promise<void>((resolve) => {
      commitFirst = resolve;
    });
  });
  await saved;
  let seen: string[] = [];
  const second = withTenant(t.db, tenant, async (tx) => {
    const kase = await findCaseToSave(tx, viewer, caseId);
    seen = kase.context.responses.map((r) => r.formKey);
    const { serviceId: _s, caseId: _c, ...rest } = input('core.intake', core['core.intake']);
    return saveResponse(tx, t.registry, { ...rest, kase });
  });
  await new Promise((resolve) => setTimeout(resolve, 100)); // the second save is now waiting on the case lock
  commitFirst();
  await first;
  // the lock waited for the first save: its statement's snapshot was older, so the context was read again
  expect((await second).caseFlags).toEqual(['phq9_item9']);
  expect(seen).toEqual(['mental-health.client_intake']);
});

test('a submitted response never goes back to a draft', async () => {
  const caseId = await newCase();
  await save(caseId, 'core.intake', { answers: core['core.intake'], status: 'submitted' });
  const back = await save(caseId, 'core.intake', { answers: { age: 30 }, status: 'draft', revision: 1 });
  expect(back.statusCode).toBe(409);
  expect(back.json().message).toMatch(/cannot go back to a draft/);
  const resubmitted = await save(caseId, 'core.intake', {
    answers: { ...core['core.intake'], age: 35 },
    status: 'submitted',
    revision: 1,
  });
  expect(resubmitted.json()).toMatchObject({ revision: 2, status: 'submitted', answers: { age: 35 } });
});

test('a draft is checked leniently, a submission strictly, with errors at /answers pointers', async () => {
  const caseId = await newCase();
  const draft = await save(caseId, 'core.intake', { answers: { age: 30 }, status: 'draft' });
  expect(draft.statusCode).toBe(200);
  const badDraft = await save(caseId, 'core.intake', { answers: { age: 300 }, status: 'draft', revision: 1 });
  expect(badDraft.statusCode).toBe(422);
  expect(badDraft.json().details).toEqual([{ pointer: '/answers/age', message: expect.any(String) }]);

  const incomplete = await save(caseId, 'core.intake', {
    answers: { age: 30, shoe_size: 5 },
    status: 'submitted',
    revision: 1,
  });
  expect(incomplete.statusCode).toBe(422);
  const pointers = incomplete.json().details.map((d: { pointer: string }) => d.pointer);
  expect(pointers).toEqual(
    expect.arrayContaining([
      '/answers/referral_date',
      '/answers/referral_source',
      '/answers/consent_research',
      '/answers/shoe_size',
    ]),
  );
  const future = await save(caseId, 'core.intake', {
    answers: { ...core['core.intake'], referral_date: '2999-01-01' },
    status: 'submitted',
    revision: 1,
  });
  expect(future.json().details.map((d: { pointer: string }) => d.pointer)).toEqual(['/answers/referral_date']);
});

test("the risk level defaults from the Dash score by the service's own thresholds", async () => {
  await t.owner
    .updateTable('services')
    .set({ settings: JSON.stringify({ riskHighFrom: 18, riskMediumFrom: 12 }) })
    .where('id', '=', serviceId)
    .execute();
  const caseId = await newCase();
  const { risk_level: _left, ...answers } = core['core.intake'];
  const saved = await save(caseId, 'core.intake', { answers: { ...answers, dash_score: 15 }, status: 'submitted' });
  expect(saved.json().answers.risk_level).toBe('medium');
  await t.owner.updateTable('services').set({ settings: '{}' }).where('id', '=', serviceId).execute();
});

test('cross-form rules: children at exit must be children recorded at intake', async () => {
  const caseId = await newCase();
  await save(caseId, 'children.intake', { answers: children['children.intake'], status: 'submitted' });
  const exit = { children: [{ ...children['children.exit'].children[0], child_ref: 'C9' }] };
  const refused = await save(caseId, 'children.exit', { answers: exit, status: 'submitted' });
  expect(refused.statusCode).toBe(422);
  expect(refused.json().details).toEqual([
    { pointer: '/answers/children/0/child_ref', message: expect.stringMatching(/intake/) },
  ]);
});

test('writing an unsaved response with a revision, or a saved one without, is refused', async () => {
  const caseId = await newCase();
  expect((await save(caseId, 'core.intake', { answers: {}, status: 'draft', revision: 4 })).statusCode).toBe(409);
  await save(caseId, 'core.intake', { answers: {}, status: 'draft' });
  const missing = await save(caseId, 'core.intake', { answers: {}, status: 'draft' });
  expect(missing.statusCode).toBe(428);
  expect(missing.json().message).toMatch(/revision/);
});

test('the body is checked: unknown properties, bad status, bad form key', async () => {
  const caseId = await newCase();
  expect((await save(caseId, 'core.intake', { answers: {}, status: 'final' })).statusCode).toBe(400);
  expect((await save(caseId, 'core.intake', { answers: {}, status: 'draft', source: 'client' })).statusCode).toBe(400);
  expect((await save(caseId, 'core.intake', { answers: [], status: 'draft' })).statusCode).toBe(400);
  expect((await save(caseId, 'NOT A KEY', { answers: {}, status: 'draft' })).statusCode).toBe(400);
});

test('saveResponse stores a client submission through the same path, and refuses practitioner forms', async () => {
  const caseId = await newCase();
  const asLink = <T>(fn: Parameters<typeof withTenant<T>>[2]) =>
    withTenant(t.db, { serviceId, userId: null, role: null }, fn);
  const saved = await asLink((tx) =>
    saveLocked(tx, {
      serviceId,
      caseId,
      formKey: 'mental-health.client_intake',
      answers: { ...mentalHealth['mental-health.client_intake'], phq9_9: 2 },
      status: 'submitted',
      source: 'client',
      userId: null,
      now: new Date(),
      sealer: t.app.sealer,
    }),
  );
  expect(saved).toMatchObject({
    source: 'client',
    status: 'submitted',
    caseFlags: ['phq9_item9'],
    scores: { phq9_total: 16 },
  });
  const again = asLink((tx) =>
    saveLocked(tx, {
      serviceId,
      caseId,
      formKey: 'mental-health.client_intake',
      answers: mentalHealth['mental-health.client_intake'],
      status: 'submitted',
      source: 'client',
      userId: null,
      now: new Date(),
      sealer: t.app.sealer,
    }),
  );
  await expect(again).rejects.toMatchObject({ statusCode: 409 });
  const practitionerForm = asLink((tx) =>
    saveLocked(tx, {
      serviceId,
      caseId,
      formKey: 'core.intake',
      answers: core['core.intake'],
      status: 'submitted',
      source: 'client',
      userId: null,
      now: new Date(),
      sealer: t.app.sealer,
    }),
  );
  await expect(practitionerForm).rejects.toBeInstanceOf(AppError);
  const kase = await t.owner.selectFrom('cases').select('flags').where('id', '=', caseId).executeTakeFirstOrThrow();
  expect(kase.flags).toEqual(['phq9_item9']);
});
