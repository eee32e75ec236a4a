/**
 * The researcher's page in real headless Chromium: a crosstab built from the page's own form,
 * the exports downloaded by clicking (Parquet, a syntax file, the dictionary), and axe-core.
 */
import { readFileSync } from 'node:fs';
import { examples as coreExamples } from '@harbour/module-core';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { insertCase, insertService } from '../../apps/api/test/research/fixtures';
import { buildTestApp, listenOnFreePort, seedUser, type TestApp } from '../helpers/app';
import { launchBrowser, screenshotPath } from '../helpers/browser';
import { axeViolations, buildBrowserScript, signInThroughPages } from '../helpers/pages';

let t: TestApp;
let browser: Browser;
let base: string;
let page: Page;

jest.setTimeout(240_000);

beforeAll(async () => {
  buildBrowserScript();
  t = await buildTestApp();
  const service = await insertService(t.owner, 'Riverside Idva Service', { shares: true });
  const worker = await seedUser(t.owner, { email: 'a@x.org', serviceId: service, role: 'practitioner' });
  await seedUser(t.owner, { email: 'rita@x.org', platformRole: 'researcher' });
  // an export needs a minimum number of cases in its period; this file's dataset meets a lower one
  await sql`update research_settings set minimum_export_cases = 10`.execute(t.owner);
  // 20 cases referred by the police, 12 by their GP, 3 by themselves: the 3 are below the threshold
  const sources = [...Array(20).fill('police'), ...Array(12).fill('health_gp'), ...Array(3).fill('self')];
  for (const [i, source] of sources.entries()) {
    await insertCase(t.owner, t.registry, {
      serviceId: service,
      workerId: worker,
      openedAt: '2025-03-10',
      reference: `REF-${i}`,
      forms: { 'core.intake': { ...coreExamples['core.intake'], referral_source: source } },
    });
  }
  base = await listenOnFreePort(t);
  browser = await launchBrowser();
  const context = await browser.newContext({ acceptDownloads: true, bypassCSP: true });
  page = await signInThroughPages(t, base, context, 'rita@x.org');
  await page.waitForURL((url) => url.pathname === '/research');
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

test('a researcher builds a crosstab on the page, with small counts suppressed', async () => {
  await page.getByLabel('From', { exact: true }).fill('2025-01-01');
  await page.getByLabel('To', { exact: true }).fill('2025-12-31');
  await page.getByLabel('Rows').selectOption('core.intake.referral_source');
  await page.getByLabel('Columns').selectOption('core.intake.consent_research');
  await page.getByRole('button', { name: 'Count cases' }).click();
  const table = page.locator('[data-crosstab]');
  await table.waitFor();
  const rowTotal = (label: string) =>
    table
      .locator('tr', { has: page.getByRole('rowheader', { name: label, exact: true }) })
      .locator('td')
      .last()
      .textContent();
  expect(await rowTotal('Self-referral')).toBe('Suppressed');
  // one more of the row totals is suppressed so that the 3 cannot be worked out from the total
  const shown = [await rowTotal('Police'), await rowTotal('Health: GP')];
  expect(shown.filter((text) => text === 'Suppressed')).toHaveLength(1);
  expect(shown.filter((text) => /^\d+$/.test(text ?? ''))).toHaveLength(1);
  await expect(table.locator('[data-total]').textContent()).resolves.toMatch(/^\d+$/);
  await page.screenshot({ path: screenshotPath('research'), fullPage: true });
});

test('the exports, a syntax file and the dictionary download by clicking', async () => {
  await page.goto(`${base}/research?from=2025-01-01&to=2025-12-31`);
  const download = async (name: string) => {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(`[data-download="${name}"]`).click(),
    ]);
    return { name: file.suggestedFilename(), body: readFileSync((await file.path()) as string) };
  };
  const parquet = await download('cases-parquet');
  expect(parquet.name).toBe('harbour-cases-2025-01-01-2025-12-31.parquet');
  expect(parquet.body.subarray(0, 4).toString()).toBe('PAR1');
  const stata = await download('cases-stata');
  expect(stata.name).toBe('harbour-cases-2025-01-01-2025-12-31.do');
  expect(stata.body.toString()).toContain('label values');
  const dictionary = await download('dictionary');
  expect(dictionary.body.toString()).toContain('core.intake.referral_source');
  await page.getByText(/\d+ columns/).click();
  await expect(
    page.locator('[data-dictionary] code', { hasText: 'core.intake.referral_source' }).count(),
  ).resolves.toBe(1);
});

test('axe-core finds no serious or critical violations on the research page', async () => {
  await page.goto(
    `${base}/research?from=2025-01-01&to=2025-12-31&rows=core.intake.referral_source&columns=core.intake.consent_research`,
  );
  const violations = await axeViolations(page);
  expect(violations).toEqual([]);
});
