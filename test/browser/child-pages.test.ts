/// <reference lib="dom" />
/**
 * The practitioner's pages for a child recorded on a case, in real headless Chromium with
 * JavaScript off: a link for the child's own questionnaire, its age band chosen from the child's
 * age, answered by the child on a phone; and what the child said in their own words, sealed at
 * rest. Then the same pages on a phone-sized screen checked by axe-core, errors included.
 */
import { examples as children } from '@harbour/module-children';
import { examples as core } from '@harbour/module-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  activateModules,
  buildTestApp,
  listenOnFreePort,
  login,
  seedService,
  seedUser,
  type TestApp,
} from '../helpers/app';
import { launchBrowser, screenshotPath } from '../helpers/browser';
import { axeViolations, type NeutralSite, signInThroughPages, startNeutralSite } from '../helpers/pages';

const PHONE = { width: 360, height: 640 };
const WORDS = 'I hide under the stairs when they shout';

jest.setTimeout(120_000);

let t: TestApp;
let browser: Browser;
let neutral: NeutralSite;
let origin: string;
let caseId: string;
let youngPersonCaseId: string;

beforeAll(async () => {
  neutral = await startNeutralSite();
  t = await buildTestApp({ env: { HARBOUR_NEUTRAL_EXIT_URL: `${neutral.origin}/weather` } });
  origin = await listenOnFreePort(t);
  const serviceId = await seedService(t.owner);
  await seedUser(t.owner, { email: 'pat@example.org', serviceId, role: 'practitioner' });
  await activateModules(t.owner, serviceId, ['children'], '2025-01-01');
  const cookie = await login(t.app, 'pat@example.org');
  const opened = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: { cookie },
    payload: { openedAt: '2025-06-02', reference: 'RIV-CHILD' },
  });
  caseId = opened.json().id;
  const [first, second] = children['children.intake'].children as Record<string, unknown>[];
  for (const [formKey, answers] of [
    ['core.intake', { ...core['core.intake'], referral_date: '2025-06-02' }],
    // a child of 9 (the 8–12 questionnaire) and one of 14 (the young person's)
    [
      'children.intake',
      {
        children: [
          { ...first, age: 9 },
          { ...second, age: 14 },
        ],
      },
    ],
  ] as const) {
    const saved = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/cases/${caseId}/responses/${formKey}`,
      headers: { cookie },
      payload: { answers, status: 'submitted' },
    });
    expect(saved.statusCode).toBe(200);
  }
  // a young people's service, whose client answers the own questionnaire as the case's client
  const youthService = await seedService(t.owner, 'Riverside Young People');
  await seedUser(t.owner, { email: 'yas@example.org', serviceId: youthService, role: 'practitioner' });
  await activateModules(t.owner, youthService, ['children', 'young-people'], '2025-01-01');
  const youthCookie = await login(t.app, 'yas@example.org');
  const youngPerson = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: { cookie: youthCookie },
    payload: { openedAt: '2025-06-02', reference: 'RIV-YP' },
  });
  youngPersonCaseId = youngPerson.json().id;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await neutral?.close();
});

async function withContext<T>(
  options: Parameters<Browser['newContext']>[0],
  fn: (context: BrowserContext) => Promise<T>,
) {
  const context = await browser.newContext(options);
  try {
    return await fn(context);
  } finally {
    await context.close();
  }
}

const checkedChoice = (page: Page) => page.locator('input[name="formKey"]:checked').getAttribute('value');

test("without JavaScript: a child's link by age band, answered by the child, and the child's words sealed", async () => {
  await withContext({ javaScriptEnabled: false }, async (context) => {
    const page = await signInThroughPages(t, origin, context, 'pat@example.org');
    await page.goto(`${origin}/cases/${caseId}`);
    await page.getByRole('link', { name: 'Child C1, 9' }).click();
    await page.getByRole('heading', { name: 'Child C1', level: 1 }).waitFor();
    // the questionnaire written for a 9-year-old, at the start
    expect(await checkedChoice(page)).toBe('children.voice_8_12_intake');
    await page.getByRole('button', { name: 'Create link' }).click();
    await page.getByRole('heading', { name: 'Child link for How are things for you? (ages 8 to 12)' }).waitFor();
    const url = new URL(await page.locator('#new-link').inputValue());
    expect(url.pathname).toMatch(/^\/q\//);

    // the child answers on a phone, by touch
    await withContext({ viewport: PHONE, hasTouch: true, isMobile: true }, async (phone) => {
      const child = await phone.newPage();
      await child.goto(`${origin}${url.pathname}`);
      await child
        .getByRole('group', { name: 'How safe do you feel at home?', exact: true })
        .locator('label.choice')
        .filter({ has: child.getByText('Not safe', { exact: true }) })
        .tap();
      await child.getByRole('button', { name: 'Send my answers' }).tap();
      await child.getByRole('heading', { name: 'Thank you' }).waitFor();
    });

    await page.reload();
    expect(await page.locator('[data-questionnaire="children.voice_8_12_intake"]').textContent()).toContain('Answered');
    expect(await page.getByRole('table', { name: 'Links for child C1' }).textContent()).toContain('Answered');
    // next, the same band at exit
    expect(await checkedChoice(page)).toBe('children.voice_8_12_exit');

    await page.getByLabel('What the child said at the start').fill(WORDS);
    await page.getByRole('button', { name: "Save the child's words" }).click();
    await page.getByText("The child's words are saved.").waitFor();
    expect(await page.getByLabel('What the child said at the start').inputValue()).toBe(WORDS);
    await page.screenshot({ path: screenshotPath('child-page'), fullPage: true });

    // the case shows the safeguarding flag the child's answer raised, and the child's link
    await page.goto(`${origin}/cases/${caseId}`);
    expect(await page.locator('.notice--flag').textContent()).toContain('do not feel safe at home');
    expect(await page.getByRole('table').last().textContent()).toContain('(child C1)');

    // a 14-year-old gets the young person's version
    await page.getByRole('link', { name: 'Child C2, 14' }).click();
    expect(await checkedChoice(page)).toBe('children.voice_13_18_intake');

    // a child not recorded on the case has no page
    const missing = await page.goto(`${origin}/cases/${caseId}/children/C9`);
    expect(missing?.status()).toBe(404);
  });

  const stored = await t.owner
    .selectFrom('child_responses')
    .select(['child_ref', 'form_key', 'source', 'answers', 'sealed'])
    .where('case_id', '=', caseId)
    .orderBy('form_key')
    .execute();
  expect(stored.map((r) => [r.child_ref, r.form_key, r.source])).toEqual([
    ['C1', 'children.child_words', 'practitioner'],
    ['C1', 'children.voice_8_12_intake', 'client'],
  ]);
  // the words are sealed: not in the stored answers in the clear
  expect(JSON.stringify(stored[0]?.answers)).not.toContain('stairs');
  expect(stored[0]?.sealed).not.toBeNull();
  expect(stored[1]?.answers).toEqual({ safe_at_home: 'not_safe' });
});

test("the child's page on a phone: no serious or critical axe-core problems, with an error shown", async () => {
  await withContext({ viewport: PHONE, bypassCSP: true }, async (context) => {
    const page = await signInThroughPages(t, origin, context, 'pat@example.org');
    await page.goto(`${origin}/cases/${caseId}/children/C2`);
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    // too long to keep, from a browser that ignores maxlength: refused by the API, named on the
    // page, nothing saved
    const box = page.getByLabel('What the child said at the start');
    await box.evaluate((element) => element.removeAttribute('maxlength'));
    await box.fill('x'.repeat(4001));
    await page.getByRole('button', { name: "Save the child's words" }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await page.title()).toMatch(/^Error: Child C2/);
    expect(await axeViolations(page)).toEqual([]);
  });
  const words = await t.owner
    .selectFrom('child_responses')
    .select('child_ref')
    .where('case_id', '=', caseId)
    .where('child_ref', '=', 'C2')
    .execute();
  expect(words).toEqual([]);
});

test("without JavaScript: a young person's case offers the own questionnaire by age band, as the client's link", async () => {
  await withContext({ javaScriptEnabled: false }, async (context) => {
    const page = await signInThroughPages(t, origin, context, 'yas@example.org');
    await page.goto(`${origin}/cases/${youngPersonCaseId}`);
    const intake = page.getByRole('region', { name: 'Intake' });
    expect(
      await intake.getByRole('cell', { name: 'How are things for you? (ages 8 to 12)', exact: true }).count(),
    ).toBe(1);
    expect(
      await intake
        .getByRole('cell', { name: 'How are things for you at the moment? (ages 13 to 18)', exact: true })
        .count(),
    ).toBe(1);
    // the young person's words are the case's own practitioner form here
    expect(await intake.getByRole('cell', { name: "In the child's words", exact: true }).count()).toBe(1);
    const row = page.locator('form:has(input[name="formKey"][value="children.voice_13_18_intake"])');
    await row.locator('button[type="submit"]').click();
    await page
      .getByRole('heading', { name: 'Client link for How are things for you at the moment? (ages 13 to 18)' })
      .waitFor();
    expect(new URL(await page.locator('#new-link').inputValue()).pathname).toMatch(/^\/q\//);
  });
  const links = await t.owner
    .selectFrom('questionnaire_links')
    .select(['form_key', 'child_ref', 'language'])
    .where('case_id', '=', youngPersonCaseId)
    .execute();
  // English unless the practitioner chose another language
  expect(links).toEqual([{ form_key: 'children.voice_13_18_intake', child_ref: null, language: 'en' }]);
});
