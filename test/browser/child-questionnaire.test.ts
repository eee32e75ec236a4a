/// <reference lib="dom" />
/**
 * A child's own questionnaire (8–12) in real headless Chromium on a 360 × 640 touch screen:
 * answered by tapping the faces alone, sent without JavaScript, left by quick exit, and checked
 * by axe-core. The link is for child C1 of an adult's case.
 */
import { examples as children } from '@harbour/module-children';
import { examples as core } from '@harbour/module-core';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
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
import { axeViolations, type NeutralSite, startNeutralSite } from '../helpers/pages';

const FORM = 'children.voice_8_12_intake';
const PHONE = { width: 360, height: 640 };
const TOUCH: BrowserContextOptions = { viewport: PHONE, hasTouch: true, isMobile: true };

jest.setTimeout(60_000);

let t: TestApp;
let browser: Browser;
let neutral: NeutralSite;
let appOrigin: string;
let caseId: string;
let cookie: string;

describe("a child's own questionnaire (8–12) in Chromium on a phone", () => {
  beforeAll(async () => {
    neutral = await startNeutralSite();
    t = await buildTestApp({ env: { HARBOUR_NEUTRAL_EXIT_URL: `${neutral.origin}/weather` } });
    appOrigin = await listenOnFreePort(t);
    const serviceId = await seedService(t.owner);
    await seedUser(t.owner, { email: 'pat@example.org', serviceId, role: 'practitioner' });
    await activateModules(t.owner, serviceId, ['children'], '2025-01-01');
    cookie = await login(t.app, 'pat@example.org');
    const opened = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { cookie },
      payload: { openedAt: '2025-06-02' },
    });
    caseId = opened.json().id;
    for (const [formKey, answers] of [
      ['core.intake', { ...core['core.intake'], referral_date: '2025-06-02' }],
      ['children.intake', children['children.intake']],
    ] as const) {
      const saved = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/cases/${caseId}/responses/${formKey}`,
        headers: { cookie },
        payload: { answers, status: 'submitted' },
      });
      expect(saved.statusCode).toBe(200);
    }
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await neutral?.close();
  });

  async function newLinkUrl(): Promise<string> {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/questionnaire-links`,
      headers: { cookie },
      payload: { formKey: FORM, childRef: 'C1' },
    });
    expect(response.statusCode).toBe(201);
    return `${appOrigin}${new URL(response.json().url).pathname}`;
  }

  async function withPage<T>(options: BrowserContextOptions, fn: (page: Page, context: BrowserContext) => Promise<T>) {
    const context = await browser.newContext({ ...TOUCH, ...options });
    try {
      return await fn(await context.newPage(), context);
    } finally {
      await context.close();
    }
  }

  /** The child's stored answers, removed so that the next test starts afresh. */
  async function takeStoredAnswers() {
    const row = await t.owner
      .selectFrom('child_responses')
      .select(['answers', 'child_ref', 'source'])
      .where('case_id', '=', caseId)
      .where('form_key', '=', FORM)
      .executeTakeFirst();
    await t.owner.deleteFrom('child_responses').where('case_id', '=', caseId).execute();
    return row;
  }

  /** Taps the answer, found by the question and the words beside its face, as a child sees them. */
  async function tap(page: Page, question: string, answer: string) {
    const option = page
      .getByRole('group', { name: question, exact: true })
      .locator('label.choice')
      .filter({ has: page.getByText(answer, { exact: true }) });
    await option.locator('svg.face').tap();
    await expectChecked(option);
  }

  async function expectChecked(option: ReturnType<Page['locator']>) {
    expect(await option.locator('input').isChecked()).toBe(true);
  }

  const ANSWERS: [string, string][] = [
    ['How safe do you feel at home?', 'Not safe'],
    ['How safe do you feel when you are out, or at school?', 'Safe'],
    ['How much do you worry?', 'A lot'],
    ['How do you sleep?', 'Sometimes badly'],
    ['How is school?', 'Okay'],
    ['Is there a grown-up you can talk to?', 'I am not sure'],
  ];
  const STORED = {
    safe_at_home: 'not_safe',
    safe_elsewhere: 'safe',
    worry: 'a_lot',
    sleep: 'sometimes_badly',
    school: 'okay',
    someone_to_talk_to: 'not_sure',
  };

  test('completed by touch alone: every answer and the send button tapped, big enough for a finger', async () => {
    const url = await newLinkUrl();
    await withPage({}, async (page) => {
      await page.goto(url);
      expect(await page.evaluate(() => window.matchMedia('(pointer: coarse)').matches)).toBe(true);
      // every face is a target of at least 44 × 44 px, and the page never scrolls sideways
      const small = await page.$$eval(
        'label.choice',
        (labels) => labels.map((l) => l.getBoundingClientRect()).filter((r) => r.width < 44 || r.height < 44).length,
      );
      expect(small).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      for (const [question, answer] of ANSWERS) await tap(page, question, answer);
      await page.screenshot({ path: screenshotPath('child-questionnaire-8-12'), fullPage: true });
      await page.getByRole('button', { name: 'Send my answers' }).tap();
      await page.getByRole('heading', { name: 'Thank you' }).waitFor();
    });
    expect(await takeStoredAnswers()).toEqual({ child_ref: 'C1', source: 'client', answers: STORED });
    const flags = await t.owner.selectFrom('cases').select('flags').where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(flags.flags).toContain('child_not_safe_at_home');
  });

  test('with JavaScript switched off the faces still send, and quick exit is a plain link', async () => {
    const url = await newLinkUrl();
    await withPage({ javaScriptEnabled: false }, async (page) => {
      await page.goto(url);
      for (const [question, answer] of ANSWERS.slice(0, 3)) await tap(page, question, answer);
      await page.getByRole('button', { name: 'Send my answers' }).tap();
      await page.getByRole('heading', { name: 'Thank you' }).waitFor();
      await page.getByRole('link', { name: 'Leave this page' }).tap();
      await page.waitForURL(`${neutral.origin}/weather`);
    });
    expect((await takeStoredAnswers())?.answers).toEqual({
      safe_at_home: 'not_safe',
      safe_elsewhere: 'safe',
      worry: 'a_lot',
    });
  });

  test('quick exit, tapped, replaces the page and Back does not return to it; nothing is left in the browser', async () => {
    const url = await newLinkUrl();
    await withPage({}, async (page) => {
      await page.goto(`${neutral.origin}/start`);
      await page.goto(url);
      await tap(page, 'How safe do you feel at home?', 'Safe');
      expect(
        await page.evaluate(async () => ({
          local: localStorage.length,
          session: sessionStorage.length,
          databases: (await indexedDB.databases()).length,
          cookie: document.cookie,
        })),
      ).toEqual({ local: 0, session: 0, databases: 0, cookie: '' });
      const exit = await page.getByRole('link', { name: 'Leave this page' }).boundingBox();
      expect(exit?.y).toBeGreaterThanOrEqual(0);
      await page.getByRole('link', { name: 'Leave this page' }).tap();
      await page.waitForURL(`${neutral.origin}/weather`);
      await page.goBack();
      expect(page.url()).toBe(`${neutral.origin}/start`);
    });
    expect(await takeStoredAnswers()).toBeUndefined();
  });

  test('axe-core finds no serious or critical problems on the questionnaire and its error page', async () => {
    const url = await newLinkUrl();
    await withPage({ bypassCSP: true }, async (page) => {
      const problems = async (name: string) => ({ name, serious: await axeViolations(page) });
      await page.goto(url);
      expect(await problems('form')).toEqual({ name: 'form', serious: [] });
      await page.getByRole('button', { name: 'Send my answers' }).tap();
      await page.getByRole('heading', { name: 'Please check your answers' }).waitFor();
      expect(await problems('errors')).toEqual({ name: 'errors', serious: [] });
    });
  });
});
