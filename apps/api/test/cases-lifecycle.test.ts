import { examples as children } from '@harbour/module-children';
import { examples as core } from '@harbour/module-core';
import { examples as mentalHealth } from '@harbour/module-mental-health';
import { examples as migration } from '@harbour/module-migration';
import { sql } from 'kysely';
import { buildTestApp, login, seedService, seedUser, type TestApp } from '../../../test/helpers/app';

let t: TestApp;
let withModules: string;
let coreOnly: string;
const cookies: Record<string, string> = {};

type Call = {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  who: string;
  payload?: object;
  headers?: Record<string, string>;
};
const call = ({ method, url, who, payload, headers }: Call) =>
  t.app.inject({ method, url, headers: { cookie: cookies[who]!, ...headers }, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await buildTestApp();
  withModules = await seedService(t.owner, 'Riverside Idva Service');
  coreOnly = await seedService(t.owner, 'Hillside Outreach');
  await seedUser(t.owner, { email: 'pat@example.org', serviceId: withModules, role: 'practitioner' });
  await seedUser(t.owner, { email: 'mo@example.org', serviceId: withModules, role: 'manager' });
  await seedUser(t.owner, { email: 'kim@example.org', serviceId: coreOnly, role: 'practitioner' });
  for (const who of ['pat', 'mo', 'kim']) cookies[who] = await login(t.app, `${who}@example.org`);
  for (const moduleKey of ['mental-health', 'migration', 'children']) {
    const set = await call({
      method: 'PUT',
      url: `/api/v1/services/${withModules}/modules/${moduleKey}`,
      who: 'mo',
      payload: { activeFrom: '2025-01-01' },
    });
    expect(set.statusCode).toBe(200);
  }
});
afterAll(async () => t.close());

async function openCase(who: string, openedAt = '2025-03-12') {
  const opened = await call({
    method: 'POST',
    url: '/api/v1/cases',
    who,
    payload: { openedAt, reference: `R-${who}` },
  });
  expect(opened.statusCode).toBe(201);
  return opened.json().id as string;
}

async function submit(who: string, caseId: string, formKey: string, answers: object, revision?: number) {
  return call({
    method: 'PUT',
    url: `/api/v1/cases/${caseId}/responses/${formKey}`,
    who,
    payload: { answers, status: 'submitted', ...(revision !== undefined ? { revision } : {}) },
  });
}

test('a case lives its whole life through the API with the mental-health, migration and children modules active', async () => {
  const caseId = await openCase('pat');

  const forms = await call({ method: 'GET', url: `/api/v1/forms?caseId=${caseId}`, who: 'pat' });
  expect(forms.json().map((f: { key: string }) => f.key)).toEqual(
    expect.arrayContaining(['core.intake', 'mental-health.client_intake', 'migration.intake', 'children.exit']),
  );

  const draft = await call({
    method: 'PUT',
    url: `/api/v1/cases/${caseId}/responses/core.intake`,
    who: 'pat',
    payload: { answers: { referral_source: 'police', age: 34 }, status: 'draft' },
  });
  expect(draft.statusCode).toBe(200);
  expect(draft.json()).toMatchObject({ status: 'draft', revision: 1, source: 'practitioner', version: 1 });

  const listed = await call({ method: 'GET', url: '/api/v1/cases', who: 'pat' });
  const line = listed.json().items.find((c: { id: string }) => c.id === caseId);
  expect(line).toMatchObject({ draftForms: ['core.intake'], submittedForms: [], workerName: 'pat' });
  expect(line.due).toEqual(expect.arrayContaining(['intake', 'client_questionnaire']));

  const { risk_level: _left, ...intake } = core['core.intake'];
  const noRevision = await submit('pat', caseId, 'core.intake', intake);
  expect(noRevision.statusCode).toBe(428);
  const submitted = await submit('pat', caseId, 'core.intake', intake, 1);
  expect(submitted.statusCode).toBe(200);
  // the Dash score of 15 sets the risk level by the default thresholds (high from 14)
  expect(submitted.json()).toMatchObject({ status: 'submitted', revision: 2, answers: { risk_level: 'high' } });

  expect((await submit('pat', caseId, 'core.client_intake', core['core.client_intake'])).json()).toMatchObject({
    source: 'practitioner',
    scores: { who5_percent: 24 },
  });
  const phq = await submit('pat', caseId, 'mental-health.client_intake', {
    ...mentalHealth['mental-health.client_intake'],
    phq9_9: 1,
  });
  expect(phq.statusCode).toBe(200);
  expect(phq.json().caseFlags).toEqual(['phq9_item9']);
  expect(phq.json().scores).toMatchObject({ phq9_total: 15 });
  for (const form of ['mental-health.intake', 'migration.intake', 'children.intake'] as const) {
    const answers = { ...mentalHealth, ...migration, ...children }[form];
    expect((await submit('pat', caseId, form, answers)).statusCode).toBe(200);
  }

  const flagged = await call({ method: 'GET', url: '/api/v1/cases?flag=phq9_item9', who: 'mo' });
  expect(flagged.json().items.map((c: { id: string }) => c.id)).toEqual([caseId]);

  const early = await call({ method: 'POST', url: `/api/v1/cases/${caseId}/close`, who: 'pat', payload: {} });
  expect(early.statusCode).toBe(409);
  expect(early.json().message).toMatch(/core\.exit/);

  for (const form of [
    'core.exit',
    'core.client_exit',
    'mental-health.exit',
    'mental-health.client_exit',
    'migration.exit',
    'children.exit',
  ] as const) {
    const answers = { ...core, ...mentalHealth, ...migration, ...children }[form];
    const saved = await submit('pat', caseId, form, answers);
    expect([form, saved.statusCode]).toEqual([form, 200]);
  }

  const wrongDate = await call({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/close`,
    who: 'pat',
    payload: { closedAt: '2025-09-30' },
  });
  expect(wrongDate.statusCode).toBe(422);
  const closed = await call({ method: 'POST', url: `/api/v1/cases/${caseId}/close`, who: 'pat', payload: {} });
  expect(closed.statusCode).toBe(200);
  expect(closed.json()).toMatchObject({ status: 'closed', closedAt: '2025-09-22', due: [] });

  const detail = await call({ method: 'GET', url: `/api/v1/cases/${caseId}`, who: 'pat' });
  expect(detail.statusCode).toBe(200);
  const body = detail.json();
  expect(body).toMatchObject({ status: 'closed', consentResearch: true, flags: ['phq9_item9'], reference: 'R-pat' });
  expect(body.responses).toHaveLength(12);
  expect(
    body.responses.find((r: { formKey: string }) => r.formKey === 'children.intake').answers.children,
  ).toHaveLength(2);
  expect(body.forms.length).toBeGreaterThanOrEqual(12);

  const afterClose = await submit('pat', caseId, 'core.exit', core['core.exit'], 1);
  expect(afterClose.statusCode).toBe(409);
  const again = await call({ method: 'POST', url: `/api/v1/cases/${caseId}/close`, who: 'pat', payload: {} });
  expect(again.statusCode).toBe(409);

  const stored = await t.owner
    .selectFrom('responses')
    .select(['form_key', 'module_key', 'form_version', 'source'])
    .where('case_id', '=', caseId)
    .where('form_key', '=', 'migration.intake')
    .executeTakeFirstOrThrow();
  expect(stored).toEqual({
    form_key: 'migration.intake',
    module_key: 'migration',
    form_version: 1,
    source: 'practitioner',
  });
});

test('with no module active a case gets only the core forms, and other forms are refused with a clear message', async () => {
  const caseId = await openCase('kim');
  const forms = await call({ method: 'GET', url: `/api/v1/forms?caseId=${caseId}`, who: 'kim' });
  expect(new Set(forms.json().map((f: { moduleKey: string }) => f.moduleKey))).toEqual(new Set(['core']));

  const refused = await submit(
    'kim',
    caseId,
    'mental-health.client_intake',
    mentalHealth['mental-health.client_intake'],
  );
  expect(refused.statusCode).toBe(422);
  expect(refused.json().message).toMatch(/Mental health module, which is not activated for this service/);
  const unknown = await submit('kim', caseId, 'core.nonsense', {});
  expect(unknown.statusCode).toBe(404);
  expect(unknown.json().message).toBe('There is no form called core.nonsense');

  // the core life still runs: intake, exit, close
  expect((await submit('kim', caseId, 'core.intake', core['core.intake'])).statusCode).toBe(200);
  expect((await submit('kim', caseId, 'core.exit', core['core.exit'])).statusCode).toBe(200);
  const closed = await call({ method: 'POST', url: `/api/v1/cases/${caseId}/close`, who: 'kim' });
  expect(closed.statusCode).toBe(200);
  expect(closed.json().closedAt).toBe('2025-09-22');
});

test('every read and write of the case is audited', async () => {
  const caseId = await openCase('pat');
  await call({ method: 'GET', url: `/api/v1/cases/${caseId}`, who: 'pat' });
  await submit('pat', caseId, 'core.intake', core['core.intake']);
  const rows = await sql<{
    action: string;
    role: string;
    ip: string | null;
    user_id: string;
    service_id: string;
    status: number;
    details: Record<string, unknown>;
  }>`select action, role, ip::text, user_id, service_id, status, details from audit_log
    where object_id = ${caseId} order by id`.execute(t.owner);
  expect(rows.rows.map((r) => r.action)).toEqual(['case.opened', 'case.read', 'case.response_saved']);
  expect(rows.rows.every((r) => r.role === 'practitioner' && r.ip)).toBe(true);
  // the save's row is written by the save's own statement: the same who, where and what
  expect(rows.rows[2]).toMatchObject({
    user_id: rows.rows[0]!.user_id,
    service_id: rows.rows[0]!.service_id,
    status: 200,
    details: { form: 'core.intake', status: 'submitted', revision: 1 },
  });
  const listing = await sql<{ n: number }>`select count(*)::int n from audit_log where action = 'case.listed'`.execute(
    t.owner,
  );
  expect(listing.rows[0]!.n).toBeGreaterThan(0);
});
