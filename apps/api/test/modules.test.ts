import { examples as core } from '@harbour/module-core';
import { examples as mentalHealth } from '@harbour/module-mental-health';
import { sql } from 'kysely';
import { buildTestApp, login, seedService, seedUser, type TestApp } from '../../../test/helpers/app';

let t: TestApp;
let serviceId: string;
let otherService: string;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await buildTestApp();
  serviceId = await seedService(t.owner, 'Riverside Idva Service');
  otherService = await seedService(t.owner, 'Hillside Outreach');
  await seedUser(t.owner, { email: 'pat@example.org', serviceId, role: 'practitioner' });
  await seedUser(t.owner, { email: 'mo@example.org', serviceId, role: 'manager' });
  await seedUser(t.owner, { email: 'other@example.org', serviceId: otherService, role: 'manager' });
  await seedUser(t.owner, { email: 'root@example.org', platformRole: 'admin' });
  for (const who of ['pat', 'mo', 'other', 'root']) cookies[who] = await login(t.app, `${who}@example.org`);
});
afterAll(async () => t.close());

const setModule = (who: string, moduleKey: string, payload: object, service = serviceId) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/v1/services/${service}/modules/${moduleKey}`,
    headers: { cookie: cookies[who]! },
    payload,
  });

test('members see the installed modules, with core always active', async () => {
  const listed = await t.app.inject({
    method: 'GET',
    url: `/api/v1/services/${serviceId}/modules`,
    headers: { cookie: cookies.pat! },
  });
  expect(listed.statusCode).toBe(200);
  const byKey = Object.fromEntries(listed.json().map((m: { key: string }) => [m.key, m]));
  expect(Object.keys(byKey).sort()).toEqual(['children', 'core', 'mental-health', 'migration', 'young-people']);
  expect(byKey.core).toMatchObject({ alwaysActive: true, activeToday: true, activeFrom: null });
  expect(byKey['mental-health']).toMatchObject({ alwaysActive: false, activeToday: false, activeFrom: null });
  expect(byKey['mental-health'].forms).toContain('mental-health.client_intake');

  const stranger = await t.app.inject({
    method: 'GET',
    url: `/api/v1/services/${serviceId}/modules`,
    headers: { cookie: cookies.other! },
  });
  expect(stranger.statusCode).toBe(404);
});

test('a manager sets the window of a module; practitioners and other services cannot', async () => {
  const set = await setModule('mo', 'migration', { activeFrom: '2025-04-01', activeTo: '2026-03-31' });
  expect(set.statusCode).toBe(200);
  expect(set.json()).toMatchObject({ key: 'migration', activeFrom: '2025-04-01', activeTo: '2026-03-31' });
  const reopened = await setModule('mo', 'migration', { activeFrom: '2025-04-01' });
  expect(reopened.json()).toMatchObject({ activeTo: null, activeToday: true });

  expect((await setModule('pat', 'migration', { activeFrom: '2025-04-01' })).statusCode).toBe(403);
  expect((await setModule('other', 'migration', { activeFrom: '2025-04-01' })).statusCode).toBe(404);
  expect((await setModule('root', 'children', { activeFrom: '2025-04-01' })).statusCode).toBe(200);

  const audit = await sql<{ n: number }>`
    select count(*)::int n from audit_log where action = 'service.module_set' and service_id = ${serviceId}`.execute(
    t.owner,
  );
  expect(audit.rows[0]?.n).toBe(3);
});

test('unknown modules, core, and windows that end before they start are refused clearly', async () => {
  const unknown = await setModule('mo', 'astrology', { activeFrom: '2025-04-01' });
  expect(unknown.statusCode).toBe(404);
  expect(unknown.json().message).toBe('There is no installed module called astrology');
  const coreChange = await setModule('mo', 'core', { activeFrom: '2025-04-01', activeTo: '2025-05-01' });
  expect(coreChange.statusCode).toBe(422);
  expect(coreChange.json().message).toMatch(/always active/);
  const backwards = await setModule('mo', 'mental-health', { activeFrom: '2025-04-01', activeTo: '2025-03-01' });
  expect(backwards.statusCode).toBe(422);
  expect(backwards.json().details).toEqual([{ pointer: '/activeTo', message: expect.any(String) }]);
  expect((await setModule('mo', 'mental-health', { activeFrom: 'April' })).statusCode).toBe(400);
  expect((await setModule('mo', 'mental-health', { activeFrom: '2025-04-01', serviceId })).statusCode).toBe(400);
});

test("a module's forms are offered only to cases whose dates meet its window", async () => {
  expect(
    (await setModule('mo', 'mental-health', { activeFrom: '2026-01-01', activeTo: '2026-06-30' })).statusCode,
  ).toBe(200);
  const open = async (openedAt: string) =>
    (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: { cookie: cookies.pat! },
        payload: { openedAt },
      })
    ).json().id as string;
  const save = (caseId: string, formKey: string, answers: object) =>
    t.app.inject({
      method: 'PUT',
      url: `/api/v1/cases/${caseId}/responses/${formKey}`,
      headers: { cookie: cookies.pat! },
      payload: { answers, status: 'submitted' },
    });

  // closed in September 2025, before the window opened
  const before = await open('2025-03-12');
  await save(before, 'core.intake', core['core.intake']);
  await save(before, 'core.exit', core['core.exit']);
  await t.app.inject({ method: 'POST', url: `/api/v1/cases/${before}/close`, headers: { cookie: cookies.pat! } });
  const refused = await save(before, 'mental-health.client_exit', mentalHealth['mental-health.client_exit']);
  expect(refused.statusCode).toBe(409); // closed cases take no more practitioner changes
  const earlyOpen = await open('2025-03-12');
  const stillOpen = await save(earlyOpen, 'mental-health.client_intake', mentalHealth['mental-health.client_intake']);
  expect(stillOpen.statusCode).toBe(200); // open through the window: offered

  const inWindow = await open('2026-02-01');
  expect(
    (await save(inWindow, 'mental-health.client_intake', mentalHealth['mental-health.client_intake'])).statusCode,
  ).toBe(200);
  const forms = await t.app.inject({
    method: 'GET',
    url: `/api/v1/forms?caseId=${inWindow}`,
    headers: { cookie: cookies.pat! },
  });
  expect(forms.json().map((f: { key: string }) => f.key)).toContain('mental-health.client_intake');

  // a case opened after the window closed
  const after = await open('2026-07-15');
  const outside = await save(after, 'mental-health.client_intake', mentalHealth['mental-health.client_intake']);
  expect(outside.statusCode).toBe(422);
  expect(outside.json().message).toMatch(
    /^The form mental-health\.client_intake belongs to the Mental health module, which is active for this service from 2026-01-01 to 2026-06-30; this case runs from 2026-07-15 to \d{4}-\d{2}-\d{2}\. A manager can change the module's dates\.$/,
  );
  const todayForms = await t.app.inject({ method: 'GET', url: '/api/v1/forms', headers: { cookie: cookies.pat! } });
  expect(todayForms.json().map((f: { moduleKey: string }) => f.moduleKey)).not.toContain('mental-health');
});
