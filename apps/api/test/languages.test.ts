import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TextPackError } from '@harbour/forms';
import { buildTestApp, login, seedQuestionnaireCase, seedUser, type TestApp } from '../../../test/helpers/app';
import { loadLanguagePacks } from '../src/questionnaire/languages';

let t: TestApp;
let caseId: string;
let cookie: string;
const DATA = path.resolve(__dirname, '..', 'data', 'languages');

beforeAll(async () => {
  t = await buildTestApp();
  ({ caseId, cookie } = await seedQuestionnaireCase(t));
});
afterAll(async () => t.close());

const createLink = (payload: object) =>
  t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/questionnaire-links`, headers: { cookie }, payload });

test('the languages list every pack, the six drafted ones awaiting a native speaker', async () => {
  const response = await t.app.inject({ method: 'GET', url: '/api/v1/languages', headers: { cookie } });
  expect(response.statusCode).toBe(200);
  const languages = response.json() as { code: string; dir: string; review: { status: string; reviewer: null } }[];
  expect(languages.map((l) => l.code).sort()).toEqual(['ar', 'bn', 'cy', 'en', 'pl', 'ro', 'ur']);
  const drafts = languages.filter((l) => l.review.status === 'draft');
  expect(drafts.map((l) => l.code).sort()).toEqual(['ar', 'bn', 'cy', 'pl', 'ro', 'ur']);
  expect(drafts.every((l) => l.review.reviewer === null)).toBe(true);
  expect(
    languages
      .filter((l) => l.dir === 'rtl')
      .map((l) => l.code)
      .sort(),
  ).toEqual(['ar', 'ur']);
});

test('a link keeps its language; an unknown one is a 422 naming the field', async () => {
  const created = await createLink({ formKey: 'core.client_intake', language: 'cy' });
  expect(created.statusCode).toBe(201);
  expect(created.json().language).toBe('cy');
  const listed = await t.app.inject({
    method: 'GET',
    url: `/api/v1/cases/${caseId}/questionnaire-links`,
    headers: { cookie },
  });
  expect(listed.json()[0].language).toBe('cy');
  const unknown = await createLink({ formKey: 'core.client_intake', language: 'xx' });
  expect(unknown.statusCode).toBe(422);
  expect(unknown.json().details[0].pointer).toBe('/language');
  expect((await createLink({ formKey: 'core.client_intake', language: 'Urdu' })).statusCode).toBe(400);
});

test('PHQ-9 and GAD-7 are not sent in a language without their official translation', async () => {
  const refused = await createLink({ formKey: 'mental-health.client_intake', language: 'ur' });
  expect(refused.statusCode).toBe(422);
  expect(refused.json().message).toMatch(
    /^PHQ-9 and GAD-7 have no official Urdu translation: go through the questions/,
  );
  expect((await createLink({ formKey: 'mental-health.client_intake', language: 'en' })).statusCode).toBe(201);
});

test('a pack that names a field no form has, or claims a review without a reviewer, stops loading', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'harbour-languages-'));
  cpSync(DATA, dir, { recursive: true });
  const pl = JSON.parse(readFileSync(path.join(dir, 'pl.json'), 'utf8'));
  pl.forms['core.client_intake'].fields.shoe_size = { label: 'Rozmiar buta' };
  pl.meta.review.status = 'reviewed';
  writeFileSync(path.join(dir, 'pl.json'), JSON.stringify(pl));
  const load = () => loadLanguagePacks(t.registry.forms(), dir);
  expect(load).toThrow(TextPackError);
  expect(load).toThrow(/pl\.json: a reviewed pack names its reviewer/);
  expect(load).toThrow(/pl\.json: form core\.client_intake: unknown field shoe_size/);
});

describe('in the web app', () => {
  test("the practitioner picks the client's language when creating a link on the case page", async () => {
    const page = await t.app.inject({ method: 'GET', url: `/cases/${caseId}`, headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<option value="ur">Urdu – اردو</option>');
    const created = await t.app.inject({
      method: 'POST',
      url: `/cases/${caseId}/links`,
      headers: { cookie, 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'formKey=core.client_exit&language=ur',
    });
    expect(created.statusCode).toBe(201);
    const link = await t.owner
      .selectFrom('questionnaire_links')
      .select(['language', 'form_key'])
      .where('case_id', '=', caseId)
      .where('form_key', '=', 'core.client_exit')
      .executeTakeFirstOrThrow();
    expect(link.language).toBe('ur');
    const listed = await t.app.inject({ method: 'GET', url: `/cases/${caseId}`, headers: { cookie } });
    expect(listed.body).toMatch(/<td>Urdu<\/td>/);
  });

  test('an admin sees which packs await a native speaker', async () => {
    await seedUser(t.owner, { email: 'ada@example.org', platformRole: 'admin' });
    const admin = await login(t.app, 'ada@example.org');
    const page = await t.app.inject({ method: 'GET', url: '/admin/languages', headers: { cookie: admin } });
    expect(page.statusCode).toBe(200);
    const drafts = [...page.body.matchAll(/data-review="draft">Drafted: awaiting review by a native speaker</g)];
    expect(drafts).toHaveLength(6);
    expect(page.body).toContain('data-language="ur"');
    const asPractitioner = await t.app.inject({ method: 'GET', url: '/admin/languages', headers: { cookie } });
    expect(asPractitioner.statusCode).toBe(404);
  });
});

test("a client form asked for in a language gives the client's wording of each question and answer choice for the practitioner, beside the English", async () => {
  const form = (query: string, key = 'core.client_intake') =>
    t.app.inject({ method: 'GET', url: `/api/v1/forms/${key}${query}`, headers: { cookie } });
  const urdu = await form('?language=ur');
  expect(urdu.statusCode).toBe(200);
  const pack = JSON.parse(readFileSync(path.join(DATA, 'ur.json'), 'utf8'));
  const body = urdu.json();
  expect(body.ui.fields.safety_now.label).toBe(t.registry.form('core.client_intake')?.ui.fields.safety_now?.label);
  expect(body.inLanguage).toMatchObject({ code: 'ur', lang: 'ur', dir: 'rtl', withheld: ['WHO-5'] });
  expect(body.inLanguage.labels.safety_now).toBe(pack.forms['core.client_intake'].fields.safety_now.label);
  // and the wording of each answer choice, by code
  expect(body.inLanguage.options.knows_where_to_get_help).toEqual(
    pack.forms['core.client_intake'].fields.knows_where_to_get_help.options,
  );
  // WHO-5's questions have no Urdu wording: they stay English alone, choices too
  expect(Object.keys(body.inLanguage.labels).some((key) => key.startsWith('who5'))).toBe(false);
  expect(Object.keys(body.inLanguage.options).some((key) => key.startsWith('who5'))).toBe(false);
  expect((await form('')).json().inLanguage).toBeUndefined();
  expect((await form('?language=en')).json().inLanguage).toBeUndefined();
  expect((await form('?language=ur', 'core.intake')).json().inLanguage).toBeUndefined();
  const unknown = await form('?language=xx');
  expect(unknown.statusCode).toBe(422);
  expect(unknown.json().details[0].pointer).toBe('/language');
});
