/**
 * A manager's import of past cases through the pages, in real headless Chromium: an Excel
 * workbook of 5,000 cases uploaded, its columns mapped (and the mapping saved), its progress
 * shown while it is checked, each bad row and field named with nothing written; the fixed file
 * offered the saved mapping, checked clean and imported. Without JavaScript, the page refreshes
 * itself until the check is done. axe-core on the mapping and the results.
 */
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  buildTestApp,
  countCasesWithReference,
  listenOnFreePort,
  seedService,
  seedUser,
  type TestApp,
} from '../helpers/app';
import { launchBrowser, screenshotPath } from '../helpers/browser';
import { axeViolations, buildBrowserScript, signInThroughPages } from '../helpers/pages';

const ROWS = 5000;
/** The file's own headings and the columns a manager picks for them on the page. */
const PICKS: [heading: string, column: string][] = [
  ['Our ref', 'case.reference'],
  ['Date opened', 'case.opened_at'],
  ['Referred on', 'core.intake.referral_date'],
  ['How referred', 'core.intake.referral_source'],
  ['Age', 'core.intake.age'],
  ['Agreed to research', 'core.intake.consent_research'],
  ['Risk', 'core.intake.risk_level'],
];
const HEADINGS = [...PICKS.map(([heading]) => heading), 'Notes'];
/** Sheet rows (headings are row 1) broken on purpose. */
const BROKEN: Record<number, { heading: string; value: unknown; shown: string }> = {
  7: { heading: 'How referred', value: 'carrier pigeon', shown: 'How referred (core.intake.referral_source)' },
  2600: { heading: 'Age', value: 'old', shown: 'Age (core.intake.age)' },
  4950: { heading: 'Date opened', value: null, shown: 'Date opened (case.opened_at)' },
};

let t: TestApp;
let browser: Browser;
let base: string;
let context: BrowserContext;
let page: Page;
let serviceId: string;

jest.setTimeout(400_000);

beforeAll(async () => {
  buildBrowserScript();
  t = await buildTestApp();
  serviceId = await seedService(t.owner);
  await seedUser(t.owner, { email: 'mo@example.org', serviceId, role: 'manager' });
  await seedUser(t.owner, { email: 'nora@example.org', serviceId, role: 'manager' });
  base = await listenOnFreePort(t);
  browser = await launchBrowser();
  context = await browser.newContext({ bypassCSP: true });
  page = await signInThroughPages(t, base, context, 'mo@example.org');
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function workbook(broken: boolean, rows = ROWS): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Cases before Harbour');
  sheet.addRow(HEADINGS);
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(2023, i % 12, 1 + (i % 28)));
    const values: Record<string, unknown> = {
      'Our ref': `PAST-${i}`,
      'Date opened': day,
      'Referred on': day,
      'How referred': i % 3 ? 'police' : 'self',
      Age: 18 + (i % 60),
      'Agreed to research': i % 4 !== 0 ? 'yes' : 'no',
      Risk: i % 2 ? 'high' : 'medium',
      Notes: 'A synthetic note that is never imported',
    };
    const fault = broken ? BROKEN[i + 2] : undefined;
    if (fault) values[fault.heading] = fault.value;
    sheet.addRow(HEADINGS.map((heading) => values[heading] ?? null));
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const importedCount = () => countCasesWithReference(t, serviceId, 'PAST-');

/** Uploads a file from the import page and lands on its mapping. */
async function upload(on: Page, name: string, buffer: Buffer, mimeType = XLSX): Promise<void> {
  await on.goto(`${base}/service/import`);
  await on.getByLabel('Spreadsheet of past cases (CSV or Excel .xlsx)').setInputFiles({ name, mimeType, buffer });
  await on.getByRole('button', { name: 'Upload' }).click();
  await on.getByRole('heading', { name: "Match your columns to Harbour's" }).waitFor();
}

/** Submits the mapping and returns the first page it leads to (the progress of the check, while it runs). */
async function check(on: Page): Promise<string> {
  const first = on.waitForResponse(
    (r) => r.request().method() === 'GET' && /\/service\/import\/[0-9a-f-]{36}$/.test(new URL(r.url()).pathname),
  );
  await on.getByRole('button', { name: 'Save the mapping and check every row' }).click();
  return (await first).text();
}

test('a workbook with bad rows: mapped once, checked with progress, each bad row and field named, nothing written', async () => {
  await upload(page, 'cases-before-harbour.xlsx', await workbook(true));
  expect(await axeViolations(page)).toEqual([]);
  for (const [heading, column] of PICKS) {
    await page.getByLabel(`Harbour's column for ${heading}`).selectOption(column);
  }
  await page.getByLabel("Harbour's column for Notes").selectOption('');
  await page.getByLabel('Save this mapping as').fill('before harbour');

  const firstPage = await check(page);
  expect(firstPage).toContain('data-import-progress');
  expect(firstPage).toMatch(/<noscript><meta http-equiv="refresh"/);
  const badRows = page.locator('#bad-rows');
  await badRows.waitFor({ timeout: 120_000 });
  await expect(
    page.getByRole('heading', { name: /3 rows have problems: nothing has been imported/ }).count(),
  ).resolves.toBe(1);
  const lines = await badRows
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => Array.from(row.querySelectorAll('td')).map((cell) => cell.textContent ?? '')),
    );
  expect(lines.map(([row, column]) => [Number(row), column])).toEqual(
    Object.entries(BROKEN).map(([row, fault]) => [Number(row), fault.shown]),
  );
  expect(lines.every(([, , problem]) => (problem ?? '').length > 0)).toBe(true);
  expect(await page.getByText(`${(ROWS - 3).toLocaleString('en-GB')} rows are ready`).count()).toBe(1);
  expect(await page.getByRole('button', { name: /^Import/ }).count()).toBe(0);
  expect(await importedCount()).toBe(0);
  expect(await axeViolations(page)).toEqual([]);
  await page.screenshot({ path: screenshotPath('import-bad-rows'), fullPage: true });
});

test('the fixed workbook is offered the saved mapping, checks clean and imports every row', async () => {
  await upload(page, 'cases-before-harbour-fixed.xlsx', await workbook(false));
  // the mapping saved with the first upload is filled in
  expect(await page.getByText('The saved mapping before harbour is filled in').count()).toBe(1);
  for (const [heading, column] of PICKS) {
    await expect(page.getByLabel(`Harbour's column for ${heading}`).inputValue()).resolves.toBe(column);
  }
  await expect(page.getByLabel("Harbour's column for Notes").inputValue()).resolves.toBe('');
  await check(page);
  const importButton = page.getByRole('button', { name: `Import ${ROWS.toLocaleString('en-GB')} cases` });
  await importButton.waitFor({ timeout: 120_000 });
  expect(await importedCount()).toBe(0);

  const firstPage = page.waitForResponse(
    (r) => r.request().method() === 'GET' && /\/service\/import\/[0-9a-f-]{36}$/.test(new URL(r.url()).pathname),
  );
  await importButton.click();
  expect(await (await firstPage).text()).toContain('Importing');
  await page.getByText(`${ROWS.toLocaleString('en-GB')} cases imported`).waitFor({ timeout: 180_000 });
  expect(await importedCount()).toBe(ROWS);
  const sample = await t.owner
    .selectFrom('responses as r')
    .innerJoin('cases as c', (join) => join.onRef('c.id', '=', 'r.case_id').onRef('c.service_id', '=', 'r.service_id'))
    .select(['c.opened_at', 'r.answers'])
    .where('c.reference', '=', 'PAST-13')
    .where('r.form_key', '=', 'core.intake')
    .executeTakeFirstOrThrow();
  expect(sample.opened_at).toBe('2023-02-14');
  expect(sample.answers).toMatchObject({
    referral_source: 'police',
    age: 31,
    consent_research: true,
    risk_level: 'high',
  });
  expect(JSON.stringify(sample.answers)).not.toContain('synthetic note');
  expect(await axeViolations(page)).toEqual([]);
});

test('without JavaScript the page refreshes itself until the check is done', async () => {
  const quiet = await browser.newContext({ javaScriptEnabled: false });
  const noScript = await signInThroughPages(t, base, quiet, 'nora@example.org');
  const csv = [
    PICKS.map(([, column]) => column).join(','),
    'NOJS-1,2023-05-01,2023-05-01,police,30,yes,high',
    'NOJS-2,2023-05-02,2023-05-02,by owl,31,yes,high',
  ].join('\n');
  await upload(noScript, 'no-script.csv', Buffer.from(csv), 'text/csv');
  // headings that are Harbour's own columns need no choosing
  await expect(noScript.getByLabel("Harbour's column for core.intake.age").inputValue()).resolves.toBe(
    'core.intake.age',
  );
  await noScript.getByLabel('Save this mapping as').fill('harbour columns');
  await check(noScript);
  await noScript.locator('#bad-rows').waitFor({ timeout: 120_000 });
  const cells = await noScript.locator('#bad-rows tbody td').allTextContents();
  expect(cells.slice(0, 2)).toEqual(['3', 'core.intake.referral_source']);
  await quiet.close();
});
