/**
 * A module shipped as its own npm package (test/fixtures/module-housing, depending only on the
 * published @harbour/forms contract) and registered with one line: it works end to end through
 * the API, the web app, the reports and the research dictionary, with no change anywhere else.
 */
import { examples as core } from '@harbour/module-core';
import { factsMigrationSql } from '@harbour/reports';
import housing, { examples } from 'harbour-module-housing';
import { sql } from 'kysely';
import { pdfText } from '../../../packages/reports/test/pdf-text';
import { buildTestApp, login, seedService, seedUser, type TestApp } from '../../../test/helpers/app';
import { createModuleRegistry, INSTALLED_MODULES } from '../src';

// Builds an app, runs the generated facts migration, signs three people in and renders a PDF:
// more than the default 30 s on the shared 2-core machine under load.
jest.setTimeout(120_000);

let t: TestApp;
let serviceId: string;
const cookies: Record<string, string> = {};
// The one line a deployment adds to apps/api/src/modules.ts, here given to the test app.
const modules = [...INSTALLED_MODULES, housing];

const call = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: cookies[who]! }, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await buildTestApp({ registry: createModuleRegistry({ modules }) });
  // `npm run harbour -- facts-migration` with the module installed: its figures get fact columns.
  await sql.raw(factsMigrationSql(modules)).execute(t.owner);
  serviceId = await seedService(t.owner, 'Riverside Idva Service');
  await seedUser(t.owner, { email: 'pat@example.org', serviceId, role: 'practitioner' });
  await seedUser(t.owner, { email: 'mo@example.org', serviceId, role: 'manager' });
  await seedUser(t.owner, { email: 'rae@example.org', platformRole: 'researcher' });
  for (const who of ['pat', 'mo', 'rae']) cookies[who] = await login(t.app, `${who}@example.org`);
});
afterAll(async () => t.close());

test('activated for a service, its forms are saved on a case that closes, and its figures are reported', async () => {
  const before = await call('pat', 'GET', '/api/v1/forms');
  expect(before.json().map((f: { key: string }) => f.key)).not.toContain('housing.intake');
  const activated = await call('mo', 'PUT', `/api/v1/services/${serviceId}/modules/housing`, {
    activeFrom: '2025-01-01',
  });
  expect(activated.statusCode).toBe(200);
  expect(activated.json()).toMatchObject({ key: 'housing', title: 'Housing', activeToday: true });

  const opened = await call('pat', 'POST', '/api/v1/cases', { openedAt: '2025-03-12', reference: 'H-1' });
  expect(opened.statusCode).toBe(201);
  const caseId = opened.json().id as string;
  const forms = await call('pat', 'GET', `/api/v1/forms?caseId=${caseId}`);
  expect(forms.json().map((f: { key: string }) => f.key)).toEqual(
    expect.arrayContaining(['housing.intake', 'housing.exit']),
  );

  // the web app renders the module's form from its schema and hints
  const page = await call('pat', 'GET', `/cases/${caseId}/forms/housing.intake`);
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('Where does the client live?');
  expect(page.body).toContain('Temporary accommodation');

  const submit = (formKey: string, answers: object) =>
    call('pat', 'PUT', `/api/v1/cases/${caseId}/responses/${formKey}`, { answers, status: 'submitted' });
  const invalid = await submit('housing.intake', { tenure: 'castle' });
  expect(invalid.statusCode).toBe(422);
  expect(invalid.json().details).toEqual([
    { pointer: '/answers/tenure', message: expect.stringMatching(/^must be one of/) },
  ]);
  expect((await submit('core.intake', core['core.intake'])).statusCode).toBe(200);
  const intake = await submit('housing.intake', { ...examples['housing.intake'], tenure: 'homeless' });
  expect(intake.statusCode).toBe(200);
  expect(intake.json()).toMatchObject({ version: 2, caseFlags: ['homeless'] });
  expect((await submit('housing.exit', examples['housing.exit'])).statusCode).toBe(200);
  expect((await submit('core.exit', core['core.exit'])).statusCode).toBe(200);
  const closed = await call('pat', 'POST', `/api/v1/cases/${caseId}/close`, {});
  expect(closed.statusCode).toBe(200);

  const facts = await sql<{ tenure: string; safe: unknown }>`select "a|housing.intake|tenure|t" as tenure,
      "a|housing.exit|housing_outcome|j" as safe from case_facts where case_id = ${caseId}`.execute(t.owner);
  expect(facts.rows).toEqual([{ tenure: 'homeless', safe: 'moved_safely' }]);

  const period = 'from=2025-01-01&to=2025-12-31';
  const json = await call('mo', 'GET', `/api/v1/reports/service?${period}&format=json`);
  expect(json.statusCode).toBe(200);
  const section = json.json().sections.find((s: { key: string }) => s.key === 'housing');
  const byKey = Object.fromEntries(section.figures.map((f: { key: string }) => [f.key, f]));
  expect(Object.keys(byKey)).toEqual([
    'housing_at_risk_of_eviction',
    'housing_safely_housed',
    'housing_tenure_owner',
    'housing_tenure_private_rent',
    'housing_tenure_social_rent',
    'housing_tenure_temporary',
    'housing_tenure_homeless',
  ]);
  // one case: counted, then suppressed below the service's disclosure threshold
  expect(byKey.housing_safely_housed).toMatchObject({ suppressed: true });
  const completeness = json.json().sections.find((s: { key: string }) => s.key === 'completeness');
  expect(completeness.figures.map((f: { key: string }) => f.key)).toContain('completeness_housing_intake');

  const pdf = await call('mo', 'GET', `/api/v1/reports/service?${period}&format=pdf`);
  expect(pdf.statusCode).toBe(200);
  expect(pdf.headers['content-type']).toMatch(/application\/pdf/);
  const text = (await pdfText(pdf.rawPayload)).pages.join('\n');
  expect(text).toContain('Housing');
  expect(text).toContain('Safely housed at exit');

  const dictionary = await call('rae', 'GET', '/api/v1/research/dictionary');
  expect(dictionary.statusCode).toBe(200);
  const columns = dictionary.json().columns as { key: string; codes: { code: string }[] }[];
  const tenure = columns.find((c) => c.key === 'housing.intake.tenure');
  expect(tenure?.codes.map((c) => c.code)).toEqual(['owner', 'private_rent', 'social_rent', 'temporary', 'homeless']);
  expect(columns.some((c) => c.key === 'housing.exit.housing_outcome')).toBe(true);
});
