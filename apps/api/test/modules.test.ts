import type { ModuleDefinition } from '@harbour/forms';
import { sql } from 'kysely';
import { buildTestApp, login, seedService, seedUser, type TestApp } from '../../../test/helpers/app';
import { INSTALLED_MODULES } from '../src';

// Whatever is installed: the composition root's list, never names written here.
const optional = INSTALLED_MODULES.filter((m) => !m.alwaysActive) as [ModuleDefinition, ModuleDefinition];
const [first, second] = optional;
const alwaysActive = INSTALLED_MODULES.find((m) => m.alwaysActive) as ModuleDefinition;
const intakeOf = (m: ModuleDefinition) =>
  m.forms.find((f) => f.stage === 'intake' && f.audience === 'practitioner')?.key ?? (m.forms[0]?.key as string);

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
  expect(Object.keys(byKey).sort()).toEqual(INSTALLED_MODULES.map((m) => m.key).sort());
  expect(byKey[alwaysActive.key]).toMatchObject({ alwaysActive: true, activeToday: true, activeFrom: null });
  for (const module of optional) {
    expect(byKey[module.key]).toMatchObject({ alwaysActive: false, activeToday: false, activeFrom: null });
    expect(byKey[module.key].forms).toEqual([...new Set(module.forms.map((f) => f.key))]);
  }

  const stranger = await t.app.inject({
    method: 'GET',
    url: `/api/v1/services/${serviceId}/modules`,
    headers: { cookie: cookies.other! },
  });
  expect(stranger.statusCode).toBe(404);
});

test('a manager sets the window of a module; practitioners and other services cannot', async () => {
  const set = await setModule('mo', second.key, { activeFrom: '2025-04-01', activeTo: '2026-03-31' });
  expect(set.statusCode).toBe(200);
  expect(set.json()).toMatchObject({ key: second.key, activeFrom: '2025-04-01', activeTo: '2026-03-31' });
  const reopened = await setModule('mo', second.key, { activeFrom: '2025-04-01' });
  expect(reopened.json()).toMatchObject({ activeTo: null, activeToday: true });

  expect((await setModule('pat', second.key, { activeFrom: '2025-04-01' })).statusCode).toBe(403);
  expect((await setModule('other', second.key, { activeFrom: '2025-04-01' })).statusCode).toBe(404);
  expect((await setModule('root', optional.at(-1)?.key as string, { activeFrom: '2025-04-01' })).statusCode).toBe(200);

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
  const coreChange = await setModule('mo', alwaysActive.key, { activeFrom: '2025-04-01', activeTo: '2025-05-01' });
  expect(coreChange.statusCode).toBe(422);
  expect(coreChange.json().message).toMatch(/always active/);
  const backwards = await setModule('mo', first.key, { activeFrom: '2025-04-01', activeTo: '2025-03-01' });
  expect(backwards.statusCode).toBe(422);
  expect(backwards.json().details).toEqual([{ pointer: '/activeTo', message: expect.any(String) }]);
  expect((await setModule('mo', first.key, { activeFrom: 'April' })).statusCode).toBe(400);
  expect((await setModule('mo', first.key, { activeFrom: '2025-04-01', serviceId })).statusCode).toBe(400);
});

test("a module's forms are offered only to cases whose dates meet its window", async () => {
  const form = intakeOf(first);
  expect((await setModule('mo', first.key, { activeFrom: '2026-01-01', activeTo: '2026-06-30' })).statusCode).toBe(200);
  const open = async (openedAt: string) =>
    (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: { cookie: cookies.pat! },
        payload: { openedAt },
      })
    ).json().id as string;
  // A draft: the window is checked before the answers, so an empty draft shows it alone.
  const save = (caseId: string, formKey: string) =>
    t.app.inject({
      method: 'PUT',
      url: `/api/v1/cases/${caseId}/responses/${formKey}`,
      headers: { cookie: cookies.pat! },
      payload: { answers: {}, status: 'draft' },
    });

  const earlyOpen = await open('2025-03-12');
  expect((await save(earlyOpen, form)).statusCode).toBe(200); // open through the window: offered

  const inWindow = await open('2026-02-01');
  expect((await save(inWindow, form)).statusCode).toBe(200);
  const forms = await t.app.inject({
    method: 'GET',
    url: `/api/v1/forms?caseId=${inWindow}`,
    headers: { cookie: cookies.pat! },
  });
  expect(forms.json().map((f: { key: string }) => f.key)).toContain(form);

  // a case opened after the window closed
  const after = await open('2026-07-15');
  const outside = await save(after, form);
  expect(outside.statusCode).toBe(422);
  expect(outside.json().message).toMatch(
    new RegExp(
      `^The form ${form.replace(/[.-]/g, '\\$&')} belongs to the ${first.title} module, which is active for this service from 2026-01-01 to 2026-06-30; this case runs from 2026-07-15 to \\d{4}-\\d{2}-\\d{2}\\. A manager can change the module's dates\\.$`,
    ),
  );
  const todayForms = await t.app.inject({ method: 'GET', url: '/api/v1/forms', headers: { cookie: cookies.pat! } });
  expect(todayForms.json().map((f: { moduleKey: string }) => f.moduleKey)).not.toContain(first.key);
});
