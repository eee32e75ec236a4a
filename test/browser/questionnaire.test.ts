/// <reference lib="dom" />
/**
 * The client questionnaire page in real headless Chromium, against the app listening on a real
 * port: a phone-sized PHQ-9 filled and sent, quick exit by button and by Shift×3 (Back does not
 * return), the form without JavaScript, keyboard-only use, no browser storage, and axe-core.
 */
import { examples as mentalHealth } from '@harbour/module-mental-health';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { buildTestApp, listenOnFreePort, seedQuestionnaireCase, type TestApp } from '../helpers/app';
import { launchBrowser, screenshotPath } from '../helpers/browser';
import { type NeutralSite, startNeutralSite } from '../helpers/pages';

const PHQ = 'mental-health.client_intake';
const PHONE = { width: 360, height: 640 };

jest.setTimeout(60_000);

let t: TestApp;
let browser: Browser;
let neutral: NeutralSite;
let neutralOrigin: string;
let appOrigin: string;
let caseId: string;
let cookie: string;

describe('the client questionnaire page in Chromium', () => {
  beforeAll(async () => {
    neutral = await startNeutralSite();
    neutralOrigin = neutral.origin;
    t = await buildTestApp({ env: { HARBOUR_NEUTRAL_EXIT_URL: `${neutralOrigin}/weather` } });
    appOrigin = await listenOnFreePort(t);
    ({ caseId, cookie } = await seedQuestionnaireCase(t));
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await neutral?.close();
  });

  /** A new link's page address on the listening app. */
  async function newLinkUrl(formKey = PHQ): Promise<string> {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/questionnaire-links`,
      headers: { cookie },
      payload: { formKey },
    });
    expect(response.statusCode).toBe(201);
    return `${appOrigin}${new URL(response.json().url).pathname}`;
  }

  async function withPage<T>(options: BrowserContextOptions, fn: (page: Page, context: BrowserContext) => Promise<T>) {
    const context = await browser.newContext({ viewport: PHONE, ...options });
    try {
      return await fn(await context.newPage(), context);
    } finally {
      await context.close();
    }
  }

  async function storedAnswers() {
    const row = await t.owner
      .selectFrom('responses')
      .select(['answers', 'scores', 'source', 'status'])
      .where('case_id', '=', caseId)
      .where('form_key', '=', PHQ)
      .executeTakeFirst();
    await t.owner.deleteFrom('responses').where('case_id', '=', caseId).execute();
    return row;
  }

  /** Chooses each answer by the question's legend and the option's label, as a person reads them. */
  async function answer(page: Page, answers: Record<string, number>) {
    const form = t.registry.form(PHQ)!;
    for (const [key, value] of Object.entries(answers)) {
      const hint = form.ui.fields[key]!;
      await page
        .getByRole('group', { name: hint.label, exact: true })
        .getByRole('radio', { name: hint.options![String(value)]!, exact: true })
        .check();
    }
  }

  async function browserStorage(page: Page) {
    return page.evaluate(async () => ({
      local: localStorage.length,
      session: sessionStorage.length,
      databases: (await indexedDB.databases()).length,
      cookie: document.cookie,
    }));
  }

  test('a client fills in and sends a PHQ-9 on a 360×640 screen, and nothing is stored in the browser', async () => {
    const url = await newLinkUrl();
    await withPage({ hasTouch: true }, async (page, context) => {
      await page.goto(url);
      expect(await page.title()).toBe('Your feedback');
      // readable at this width: nothing wider than the screen; touch targets of at least 44 px
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      const small = await page.$$eval(
        'label.choice, .quick-exit, button',
        (elements) =>
          elements.map((e) => e.getBoundingClientRect()).filter((box) => box.height < 44 || box.width < 44).length,
      );
      expect(small).toBe(0);
      await page.screenshot({ path: screenshotPath('questionnaire-phq9-360'), fullPage: true });

      await answer(page, mentalHealth[PHQ]);
      // the quick-exit button stays on screen while scrolling
      await page.getByRole('button', { name: 'Send my answers' }).scrollIntoViewIfNeeded();
      const exit = await page.getByRole('link', { name: 'Leave this page' }).boundingBox();
      expect(exit && exit.y >= 0 && exit.y + exit.height <= PHONE.height).toBe(true);
      await page.screenshot({ path: screenshotPath('questionnaire-phq9-360-answered') });

      await page.getByRole('button', { name: 'Send my answers' }).click();
      await page.getByRole('heading', { name: 'Thank you' }).waitFor();
      await page.screenshot({ path: screenshotPath('questionnaire-thank-you-360') });
      expect(await browserStorage(page)).toEqual({ local: 0, session: 0, databases: 0, cookie: '' });
      expect(await context.storageState()).toEqual({ cookies: [], origins: [] });
    });
    const stored = await storedAnswers();
    expect(stored).toMatchObject({ source: 'client', status: 'submitted', answers: mentalHealth[PHQ] });
    expect(stored?.scores).toMatchObject({ phq9_total: 14, gad7_total: 12 });
  });

  test('quick exit replaces the page with the neutral site, and Back does not return to the form', async () => {
    const url = await newLinkUrl();
    await withPage({}, async (page) => {
      await page.goto(`${neutralOrigin}/start`);
      await page.goto(url);
      await page.getByRole('link', { name: 'Leave this page' }).click();
      await page.waitForURL(`${neutralOrigin}/weather`);
      await page.goBack();
      expect(page.url()).toBe(`${neutralOrigin}/start`);
    });
  });

  test('pressing Shift three times within a second does the same; slower presses do not', async () => {
    const url = await newLinkUrl();
    await withPage({}, async (page) => {
      await page.goto(`${neutralOrigin}/start`);
      await page.goto(url);
      await page.keyboard.press('Shift');
      await page.keyboard.press('Shift');
      await page.waitForTimeout(1100);
      await page.keyboard.press('Shift');
      expect(page.url()).toBe(url);
      await page.keyboard.press('Shift');
      await page.keyboard.press('Shift');
      await page.waitForURL(`${neutralOrigin}/weather`);
      await page.goBack();
      expect(page.url()).toBe(`${neutralOrigin}/start`);
    });
  });

  test('with JavaScript switched off the form still sends, and quick exit is a plain link', async () => {
    const url = await newLinkUrl();
    await withPage({ javaScriptEnabled: false }, async (page) => {
      await page.goto(url);
      await answer(page, { phq9_1: 3, phq9_9: 1, gad7_7: 2 });
      await page.getByRole('button', { name: 'Send my answers' }).click();
      await page.getByRole('heading', { name: 'Thank you' }).waitFor();
      await page.getByRole('link', { name: 'Leave this page' }).click();
      await page.waitForURL(`${neutralOrigin}/weather`);
    });
    expect((await storedAnswers())?.answers).toEqual({ phq9_1: 3, phq9_9: 1, gad7_7: 2 });
  });

  test('keyboard only: every question is reached with Tab and answered with the arrow keys', async () => {
    const url = await newLinkUrl();
    const keys = Object.keys(mentalHealth[PHQ]);
    await withPage({}, async (page) => {
      await page.goto(url);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('quick-exit');
      for (const key of keys) {
        await page.keyboard.press('Tab');
        expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe(key);
        await page.keyboard.press('Space'); // "Not at all" (0)
        await page.keyboard.press('ArrowDown'); // "On a few days" (1)
      }
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Thank you' }).waitFor();
    });
    expect((await storedAnswers())?.answers).toEqual(Object.fromEntries(keys.map((key) => [key, 1])));
  });

  test('errors are summarised at the top, take the focus, and link to their questions', async () => {
    const url = await newLinkUrl();
    await withPage({}, async (page) => {
      await page.goto(url);
      await answer(page, { phq9_2: 2 });
      // a value no radio button offers, as a tampered or stale page might send
      await page.$eval('#f-phq9_1-0', (input) => {
        (input as HTMLInputElement).value = '9';
        (input as HTMLInputElement).checked = true;
      });
      await page.getByRole('button', { name: 'Send my answers' }).click();
      await page.getByRole('alert').waitFor();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
      await page.screenshot({ path: screenshotPath('questionnaire-errors-360') });
      await page.getByRole('link', { name: /Not enjoying things much/ }).click();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-phq9_1-0');
      expect(await page.getByRole('radio', { name: 'Not enjoying things much' }).count()).toBe(0);
      // the answer that was valid is kept
      const kept = page.getByRole('group', { name: 'Feeling low, or without hope', exact: true });
      expect(await kept.getByRole('radio', { name: 'On more than half the days' }).isChecked()).toBe(true);
    });
  });

  /** axe-core's serious and critical findings on the page as it is now. */
  async function axeProblems(page: Page, name: string) {
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const result = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string }[] }> } })
        .axe;
      return (await axe.run()).violations.map((v) => ({ id: v.id, impact: v.impact }));
    });
    return { name, serious: result.filter((v) => v.impact === 'serious' || v.impact === 'critical') };
  }

  test('axe-core finds no serious or critical problems on the form, error, thank-you and unavailable pages', async () => {
    const url = await newLinkUrl();
    // axe is injected as an inline script, which the page's policy rightly blocks: bypass it here only
    await withPage({ bypassCSP: true }, async (page) => {
      const problems = (name: string) => axeProblems(page, name);
      await page.goto(url);
      const form = await problems('form');
      await page.$eval('#f-phq9_1-0', (input) => {
        (input as HTMLInputElement).value = '9';
        (input as HTMLInputElement).checked = true;
      });
      await page.getByRole('button', { name: 'Send my answers' }).click();
      await page.getByRole('alert').waitFor();
      const errors = await problems('errors');
      await answer(page, { phq9_1: 1 });
      await page.getByRole('button', { name: 'Send my answers' }).click();
      await page.getByRole('heading', { name: 'Thank you' }).waitFor();
      const thanks = await problems('thank you');
      await page.goto(url);
      await page.getByRole('heading', { name: 'This page is not available' }).waitFor();
      await page.screenshot({ path: screenshotPath('questionnaire-unavailable-360') });
      const gone = await problems('unavailable');
      expect([form, errors, thanks, gone]).toEqual([
        { name: 'form', serious: [] },
        { name: 'errors', serious: [] },
        { name: 'thank you', serious: [] },
        { name: 'unavailable', serious: [] },
      ]);
    });
    await storedAnswers();
  });

  test('at 320 px the other kinds of question fit and pass axe: a 0–10 scale, agreement, yes/no, free text', async () => {
    const url = await newLinkUrl('core.client_exit');
    await withPage({ bypassCSP: true, viewport: { width: 320, height: 640 } }, async (page) => {
      await page.goto(url);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      await page
        .getByRole('group', { name: 'How safe do you feel right now?' })
        .getByRole('radio', { name: '7' })
        .check();
      await page.getByLabel('Is there anything else you want to tell us?').fill('Thank you for listening.');
      await page.screenshot({ path: screenshotPath('questionnaire-client-exit-320'), fullPage: true });
      expect(await axeProblems(page, 'client exit')).toEqual({ name: 'client exit', serious: [] });
    });
  });
});
