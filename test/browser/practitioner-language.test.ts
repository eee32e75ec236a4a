/**
 * A client questionnaire in the web app, in real headless Chromium, for a practitioner whose
 * client reads another language: each question in the client's language (with its lang and dir)
 * and the English beside it; the language the client's link was sent in is the one shown; an
 * instrument without an official translation is named for the interpreter; answers entered on
 * the client's behalf are stored as the same codes; another language can be chosen; axe-core.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildTestApp, listenOnFreePort, login, seedService, seedUser, type TestApp } from '../helpers/app';
import { launchBrowser, screenshotPath } from '../helpers/browser';
import { axeViolations, buildBrowserScript, signInThroughPages } from '../helpers/pages';

const FORM = 'core.client_intake';
const PACKS = path.resolve(__dirname, '..', '..', 'apps', 'api', 'data', 'languages');
const packField = (language: string, field: string) =>
  JSON.parse(fs.readFileSync(path.join(PACKS, `${language}.json`), 'utf8')).forms[FORM].fields[field];
const wordingOf = (language: string, field: string): string => packField(language, field).label;
const choiceOf = (language: string, field: string, code: string): string => packField(language, field).options[code];

jest.setTimeout(240_000);

let t: TestApp;
let browser: Browser;
let base: string;
let page: Page;
let caseId: string;

beforeAll(async () => {
  buildBrowserScript();
  t = await buildTestApp();
  const serviceId = await seedService(t.owner);
  const workerId = await seedUser(t.owner, { email: 'pat@example.org', serviceId, role: 'practitioner' });
  caseId = (
    await t.owner
      .insertInto('cases')
      .values({ service_id: serviceId, worker_id: workerId, opened_at: '2025-03-12', reference: 'UR-1' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  // the client was sent their questionnaire in Urdu
  const link = await t.app.inject({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/questionnaire-links`,
    headers: { cookie: await login(t.app, 'pat@example.org') },
    payload: { formKey: FORM, language: 'ur' },
  });
  expect(link.statusCode).toBe(201);
  base = await listenOnFreePort(t);
  browser = await launchBrowser();
  const context = await browser.newContext({ bypassCSP: true });
  page = await signInThroughPages(t, base, context, 'pat@example.org');
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const english = (field: string) => t.registry.form(FORM)?.ui.fields[field]?.label ?? '';

test("the client's questionnaire shows each question in Urdu, right to left, with the English beside it", async () => {
  await page.goto(`${base}/cases/${caseId}/forms/${FORM}`);
  for (const field of ['safety_now', 'knows_where_to_get_help']) {
    const words = page.locator(`[data-field="${field}"] legend`).first();
    const urdu = words.locator('span[lang="ur"][dir="rtl"]');
    expect(await urdu.textContent()).toBe(wordingOf('ur', field));
    expect(await words.locator('.in-english').textContent()).toBe(english(field));
    expect(wordingOf('ur', field)).not.toBe(english(field));
  }
  // each answer choice too: the client's words, then the English
  const yes = page.locator('[data-field="knows_where_to_get_help"] label.choice:has(input[value="yes"])');
  expect(await yes.locator('span[lang="ur"][dir="rtl"]').textContent()).toBe(
    choiceOf('ur', 'knows_where_to_get_help', 'yes'),
  );
  expect(await yes.locator('.in-english').textContent()).toBe(
    t.registry.form(FORM)?.ui.fields.knows_where_to_get_help?.options?.yes,
  );
  await expect(page.getByLabel('Client’s language').inputValue()).resolves.toBe('ur');
  expect(await page.getByText('WHO-5 has no official Urdu translation').count()).toBe(1);
  expect(await axeViolations(page)).toEqual([]);
  await page.screenshot({ path: screenshotPath('practitioner-language-ur'), fullPage: true });
});

test("answers entered on the client's behalf in the Urdu view are stored as the same codes", async () => {
  await page.goto(`${base}/cases/${caseId}/forms/${FORM}`);
  await page.locator('[data-field="safety_now"]').getByRole('radio', { name: '7', exact: true }).check();
  await page.locator('[data-field="knows_where_to_get_help"] input[value="yes"]').check();
  // WHO-5, which the Urdu link left off, is gone through with an interpreter and entered here
  await page.locator('[data-field="who5_1"] input[value="3"]').check();
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.waitForURL((url) => url.searchParams.get('saved') === 'draft');
  const stored = await t.owner
    .selectFrom('responses')
    .select('answers')
    .where('case_id', '=', caseId)
    .where('form_key', '=', FORM)
    .executeTakeFirstOrThrow();
  expect(stored.answers).toMatchObject({ safety_now: 7, knows_where_to_get_help: 'yes', who5_1: 3 });
  // the saved draft is shown in Urdu again, from the link's language
  expect(await page.locator('[data-field="safety_now"] legend span[lang="ur"]').count()).toBe(1);
});

test('another language can be chosen, and English alone', async () => {
  await page.goto(`${base}/cases/${caseId}/forms/${FORM}`);
  await page.getByLabel('Client’s language').selectOption('pl');
  await page.getByRole('button', { name: 'Show the questions in this language' }).click();
  await page.waitForURL((url) => url.searchParams.get('language') === 'pl');
  const polish = page.locator('[data-field="safety_now"] legend span[lang="pl"][dir="ltr"]');
  expect(await polish.textContent()).toBe(wordingOf('pl', 'safety_now'));
  await page.getByLabel('Client’s language').selectOption('en');
  await page.getByRole('button', { name: 'Show the questions in this language' }).click();
  await page.waitForURL((url) => url.searchParams.get('language') === 'en');
  expect(await page.locator('[data-field="safety_now"] legend').first().textContent()).toContain(english('safety_now'));
  expect(await page.locator('.in-english').count()).toBe(0);
});
