import { buildTestApp, login, seedService, seedUser, type TestApp } from '../../../test/helpers/app';

let t: TestApp;
let serviceId: string;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await buildTestApp();
  serviceId = await seedService(t.owner);
  await seedUser(t.owner, { email: 'pat@example.org', serviceId, role: 'practitioner' });
  await seedUser(t.owner, { email: 'rae@example.org', platformRole: 'researcher' });
  for (const who of ['pat', 'rae']) cookies[who] = await login(t.app, `${who}@example.org`);
});
afterAll(async () => t.close());

const get = (url: string, who = 'pat') => t.app.inject({ method: 'GET', url, headers: { cookie: cookies[who]! } });

test("the forms list offers the modules active for the caller's service today", async () => {
  const before = await get('/api/v1/forms');
  expect(before.statusCode).toBe(200);
  expect(before.json()).toContainEqual({
    key: 'core.intake',
    moduleKey: 'core',
    version: 1,
    stage: 'intake',
    audience: 'practitioner',
    title: expect.any(String),
  });
  expect(before.json().every((f: { moduleKey: string }) => f.moduleKey === 'core')).toBe(true);

  await t.owner
    .insertInto('service_modules')
    .values({ service_id: serviceId, module_key: 'migration', active_from: '2020-01-01', active_to: null })
    .execute();
  const after = await get('/api/v1/forms');
  expect(after.json().map((f: { key: string }) => f.key)).toEqual(
    expect.arrayContaining(['migration.intake', 'migration.exit']),
  );
});

test('one form comes with its JSON Schema and UI hints', async () => {
  const form = await get('/api/v1/forms/mental-health.client_intake');
  expect(form.statusCode).toBe(200);
  const body = form.json();
  expect(body).toMatchObject({
    key: 'mental-health.client_intake',
    moduleKey: 'mental-health',
    audience: 'client',
    version: 1,
  });
  expect(body.schema.properties.phq9_9).toMatchObject({ type: 'integer', minimum: 0, maximum: 3 });
  expect(body.ui.order).toContain('phq9_9');
  expect(body.ui.fields.phq9_9.label).toEqual(expect.any(String));
  // a researcher may read the structure of a form: it holds no case data
  expect((await get('/api/v1/forms/core.intake', 'rae')).statusCode).toBe(200);
});

test('an unknown form is a 404 that names it; a malformed key is a 400', async () => {
  const unknown = await get('/api/v1/forms/core.horoscope');
  expect(unknown.statusCode).toBe(404);
  expect(unknown.json().message).toBe('There is no form called core.horoscope');
  expect((await get('/api/v1/forms/..%2Fetc')).statusCode).toBe(400);
});

test('the forms of a case the caller cannot see are a 404 like any unknown case; researchers get no list', async () => {
  const unknown = await get(`/api/v1/forms?caseId=${crypto.randomUUID()}`);
  expect(unknown.statusCode).toBe(404);
  expect((await get('/api/v1/forms?caseId=not-a-uuid')).statusCode).toBe(400);
  expect((await get('/api/v1/forms', 'rae')).statusCode).toBe(403);
});
