/**
 * Outcomes over time in real headless Chromium: a practitioner records a review through the web
 * app's pages, and a client opens a follow-up link after closure on a 360×640 screen, with quick
 * exit, leaving nothing in the browser.
 */
import { examples as core } from '@harbour/module-core';
import type { Browser } from 'playwright-core';
import { addMonths, ukDate } from '../../apps/api/src/cases/dates';
import type { RecordingSms } from '../../apps/api/src/follow-up/messenger';
import { JOBS } from '../../apps/api/src/scheduler';
import { buildTestApp, listenOnFreePort, login, seedService, seedUser, type TestApp } from '../helpers/app';
import { launchBrowser, screenshotPath } from '../helpers/browser';
import { buildBrowserScript, type NeutralSite, signInThroughPages, startNeutralSite } from '../helpers/pages';

const PHONE = { width: 360, height: 640 };
jest.setTimeout(240_000);

let t: TestApp;
let browser: Browser;
let neutral: NeutralSite;
let neutralOrigin: string;
let base: string;
let serviceId: string;

describe('reviews and follow-ups in Chromium', () => {
  beforeAll(async () => {
    buildBrowserScript();
    neutral = await startNeutralSite();
    neutralOrigin = neutral.origin;
    t = await buildTestApp({ env: { HARBOUR_NEUTRAL_EXIT_URL: `${neutralOrigin}/weather` } });
    serviceId = await seedService(t.owner, 'Riverside Domestic Abuse Service');
    await seedUser(t.owner, { email: 'pat@example.org', serviceId, role: 'practitioner' });
    base = await listenOnFreePort(t);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await neutral?.close();
  });

  async function openCase(openedAt: string, reference: string): Promise<string> {
    const cookie = await login(t.app, 'pat@example.org');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { cookie },
      payload: { openedAt, reference },
    });
    expect(response.statusCode).toBe(201);
    return response.json().id;
  }

  test('a practitioner records two reviews of a case in the web app, each kept', async () => {
    const today = ukDate(t.app.clock());
    const caseId = await openCase(addMonths(today, -4), 'REV-1');
    const context = await browser.newContext();
    const page = await signInThroughPages(t, base, context, 'pat@example.org');
    await page.goto(`${base}/cases/${caseId}`);
    // open over three months with no review: due
    expect(await page.locator('dl.facts').textContent()).toContain('Review due');
    await page.getByRole('heading', { name: 'Reviews' }).waitFor();
    await page.getByText('No reviews yet.').waitFor();

    await page.getByRole('link', { name: 'Start review 1' }).click();
    await page.getByRole('heading', { name: 'Review (review 1)' }).waitFor();
    await page.getByLabel('Date of this review').fill(today);
    await page.getByRole('group', { name: 'Risk level now' }).getByRole('radio', { name: 'Medium' }).check();
    await page
      .getByRole('group', { name: 'Harassment and stalking' })
      .getByRole('radio', { name: 'Moderate', exact: true })
      .check();
    await page
      .getByRole('group', { name: 'Support given so far' })
      .getByRole('checkbox', { name: 'Safety planning' })
      .check();
    await page.screenshot({ path: screenshotPath('review-form'), fullPage: true });
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByText('The form is submitted.').waitFor();
    await page.getByRole('heading', { name: /^Review 1/ }).waitFor();
    expect(await page.locator('dl.facts').textContent()).not.toContain('Review due');

    await page.getByRole('link', { name: 'Start review 2' }).click();
    await page.getByLabel('Date of this review').fill(today);
    await page.getByRole('group', { name: 'Risk level now' }).getByRole('radio', { name: 'Standard' }).check();
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByText('The form is submitted.').waitFor();
    await page.getByRole('heading', { name: /^Review 2/ }).waitFor();
    await page.screenshot({ path: screenshotPath('case-reviews'), fullPage: true });
    await context.close();

    const rows = await t.owner
      .selectFrom('responses')
      .select(['occasion', 'status', 'answers'])
      .where('case_id', '=', caseId)
      .where('form_key', '=', 'core.review')
      .orderBy('occasion')
      .execute();
    expect(rows.map((r) => [r.occasion, r.status, r.answers.risk_level])).toEqual([
      [1, 'submitted', 'medium'],
      [2, 'submitted', 'standard'],
    ]);
    expect(rows[0]?.answers).toMatchObject({
      review_date: today,
      abuse_harassment_stalking: 'moderate',
      support_provided: ['safety_planning'],
    });
  });

  test('a follow-up link opens on a 360×640 screen with quick exit, is neutral, and leaves nothing in the browser', async () => {
    const today = ukDate(t.app.clock());
    const caseId = await openCase(addMonths(today, -2), 'FU-1');
    const cookie = await login(t.app, 'pat@example.org');
    const inject = (method: 'PUT' | 'POST', url: string, payload: object) =>
      t.app.inject({ method, url: `/api/v1/cases/${caseId}${url}`, headers: { cookie }, payload });
    await inject('PUT', '/responses/core.exit', {
      answers: { ...core['core.exit'], exit_date: today },
      status: 'submitted',
    });
    expect(
      (await inject('PUT', '/follow-up', { consent: true, channel: 'sms', mobile: '07700900111' })).statusCode,
    ).toBe(200);
    expect((await inject('POST', '/close', {})).statusCode).toBe(200);
    // three months on, at 10:30 on a weekday (UK time 10:30 or 11:30)
    let due = new Date(`${addMonths(today, 3)}T10:30:00Z`);
    while ([0, 6].includes(due.getUTCDay())) due = new Date(due.getTime() + 24 * 3_600_000);
    t.advance(due.getTime() - t.app.clock().getTime());
    await JOBS.find((j) => j.name === 'follow-ups')?.run({ app: t.app, ownerDb: t.owner });
    const message = (t.app.messenger.sms as RecordingSms).sent.at(-1);
    const token = /\/q\/([A-Za-z0-9_-]+)/.exec(message?.text ?? '')?.[1];
    expect(token).toBeDefined();

    const context = await browser.newContext({ viewport: PHONE, hasTouch: true });
    try {
      const page = await context.newPage();
      await page.goto(`${base}/q/${token}`);
      expect(await page.title()).toBe('Your feedback');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      const text = (await page.textContent('body')) ?? '';
      expect(text).not.toMatch(/riverside|abuse|domestic|FU-1/i);
      await page.getByText('A few short questions. You can skip any question.').waitFor();
      const exit = page.getByRole('link', { name: 'Leave this page' });
      const box = await exit.boundingBox();
      expect(box && box.y >= 0 && box.y + box.height <= PHONE.height).toBe(true);
      await page.screenshot({ path: screenshotPath('follow-up-360'), fullPage: true });
      await page
        .getByRole('group', { name: /has anyone hurt you/ })
        .getByRole('radio', { name: 'No', exact: true })
        .check();
      expect(
        await page.evaluate(async () => ({
          local: localStorage.length,
          session: sessionStorage.length,
          databases: (await indexedDB.databases()).length,
          cookie: document.cookie,
        })),
      ).toEqual({ local: 0, session: 0, databases: 0, cookie: '' });
      // quick exit: straight to the neutral site
      await exit.click();
      await page.waitForURL(`${neutralOrigin}/weather`);
      expect(await context.storageState()).toEqual({ cookies: [], origins: [] });
    } finally {
      await context.close();
    }
  });
});
