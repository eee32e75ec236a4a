import { parseRedcapChoices, REDCAP_COLUMNS } from '@harbour/forms';
import { examples as mentalHealth } from '@harbour/module-mental-health';
import { parse } from 'csv-parse/sync';
import { buildTestApp, login, seedService, seedUser, type TestApp } from '../../../test/helpers/app';

let t: TestApp;
let serviceA: string;
let patCase: string;
let otherCase: string;
const cookies: Record<string, string> = {};
const PHQ = 'mental-health.client_intake';

beforeAll(async () => {
  t = await buildTestApp();
  serviceA = await seedService(t.owner, 'Riverside Idva Service');
  const serviceB = await seedService(t.owner, 'Hillside Outreach');
  const pat = await seedUser(t.owner, { email: 'pat@example.org', serviceId: serviceA, role: 'practitioner' });
  const kim = await seedUser(t.owner, { email: 'kim@example.org', serviceId: serviceB, role: 'practitioner' });
  await t.owner
    .insertInto('service_modules')
    .values({ service_id: serviceA, module_key: 'mental-health', active_from: '2025-01-01' })
    .execute();
  const insertCase = async (serviceId: string, workerId: string) =>
    (
      await t.owner
        .insertInto('cases')
        .values({ service_id: serviceId, worker_id: workerId, opened_at: '2025-03-12', reference: 'R-1' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  patCase = await insertCase(serviceA, pat);
  otherCase = await insertCase(serviceB, kim);
  for (const who of ['pat', 'kim']) cookies[who] = await login(t.app, `${who}@example.org`);
});
afterAll(async () => t.close());

const as = (who: string, method: 'GET' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: cookies[who]! }, ...(payload ? { payload } : {}) });

describe('forms out as FHIR and REDCap', () => {
  test('a form version is a FHIR Questionnaire, served as application/fhir+json', async () => {
    const res = await as('pat', 'GET', `/api/v1/forms/${PHQ}/fhir?version=1`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const questionnaire = res.json();
    expect(questionnaire).toMatchObject({
      resourceType: 'Questionnaire',
      url: `urn:harbour:questionnaire:${PHQ}`,
      version: '1',
    });
    expect(questionnaire.item.filter((item: { type: string }) => item.type === 'choice')).toHaveLength(16);
  });

  test('an unknown form or version is a 404 naming it; a bad version a 400', async () => {
    const missing = await as('pat', 'GET', `/api/v1/forms/${PHQ}/fhir?version=9`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toBe(`There is no form called ${PHQ} version 9`);
    expect((await as('pat', 'GET', `/api/v1/forms/${PHQ}/fhir?version=zero`)).statusCode).toBe(400);
  });

  test('a module is a REDCap data dictionary whose choices parse back to the codes', async () => {
    const res = await as('pat', 'GET', '/api/v1/modules/mental-health/redcap-dictionary');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('harbour-mental-health-redcap-dictionary.csv');
    const [header, ...rows] = parse(res.body) as string[][];
    expect(header).toEqual([...REDCAP_COLUMNS]);
    const phq1 = rows.find((row) => row[0] === 'client_intake_phq9_1')!;
    expect(phq1[1]).toBe('client_intake');
    expect(phq1[3]).toBe('radio');
    expect(parseRedcapChoices(phq1[5]!).map((choice) => choice.code)).toEqual(['0', '1', '2', '3']);
    expect((await as('pat', 'GET', '/api/v1/modules/astrology/redcap-dictionary')).statusCode).toBe(404);
  });
});

describe('a response in and out as a FHIR QuestionnaireResponse', () => {
  test('saved from a QuestionnaireResponse, read back as one with the same answers', async () => {
    const answers = mentalHealth[PHQ];
    const built = await as('pat', 'GET', `/api/v1/forms/${PHQ}/fhir`);
    const items = (built.json().item as { linkId: string; type: string }[]).filter((item) => item.type === 'choice');
    const response = {
      resourceType: 'QuestionnaireResponse',
      questionnaire: `urn:harbour:questionnaire:${PHQ}|1`,
      status: 'completed',
      item: items.map((item) => ({
        linkId: item.linkId,
        answer: [{ valueCoding: { system: 'urn:x', code: String(answers[item.linkId as keyof typeof answers]) } }],
      })),
    };
    const saved = await as('pat', 'PUT', `/api/v1/cases/${patCase}/responses/${PHQ}/fhir`, response);
    expect(saved.statusCode).toBe(200);
    expect(saved.json().status).toBe('completed');

    const stored = await t.owner
      .selectFrom('responses')
      .select(['answers', 'status', 'scores'])
      .where('case_id', '=', patCase)
      .where('form_key', '=', PHQ)
      .executeTakeFirstOrThrow();
    expect(stored.answers).toEqual(answers);
    expect(stored.status).toBe('submitted');
    expect(stored.scores).toMatchObject({ phq9_total: 14, gad7_total: 12 });

    const read = await as('pat', 'GET', `/api/v1/cases/${patCase}/responses/${PHQ}/fhir`);
    expect(read.statusCode).toBe(200);
    const out = read.json();
    expect(out.questionnaire).toBe(`urn:harbour:questionnaire:${PHQ}|1`);
    const codes = Object.fromEntries(
      out.item.map((item: { linkId: string; answer: { valueCoding: { code: string } }[] }) => [
        item.linkId,
        Number(item.answer[0]!.valueCoding.code),
      ]),
    );
    expect(codes).toEqual(answers);
  });

  test('a response that names an unknown question or a wrong questionnaire is a 400 naming it; nothing is written', async () => {
    const bad = await as('pat', 'PUT', `/api/v1/cases/${patCase}/responses/core.client_intake/fhir`, {
      resourceType: 'QuestionnaireResponse',
      questionnaire: 'urn:harbour:questionnaire:core.client_intake|1',
      status: 'in-progress',
      item: [{ linkId: 'favourite_colour', answer: [{ valueString: 'blue' }] }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details).toEqual([
      { pointer: '/item/favourite_colour', message: 'is not a question of this form' },
    ]);
    const wrong = await as('pat', 'PUT', `/api/v1/cases/${patCase}/responses/core.client_intake/fhir`, {
      resourceType: 'QuestionnaireResponse',
      questionnaire: `urn:harbour:questionnaire:${PHQ}|1`,
      status: 'in-progress',
      item: [],
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().details[0].pointer).toBe('/questionnaire');
    const rows = await t.owner
      .selectFrom('responses')
      .select('form_key')
      .where('case_id', '=', patCase)
      .where('form_key', '=', 'core.client_intake')
      .execute();
    expect(rows).toEqual([]);
  });

  test("another service's case is a 404, as is a form the case has not answered", async () => {
    expect((await as('kim', 'GET', `/api/v1/cases/${patCase}/responses/${PHQ}/fhir`)).statusCode).toBe(404);
    expect((await as('kim', 'GET', `/api/v1/cases/${otherCase}/responses/${PHQ}/fhir`)).statusCode).toBe(404);
  });
});
