/**
 * Funders and projects in real headless Chromium, with JavaScript off, on the reports fixture
 * (packages/reports/test/fixture): a manager defines a project through its form (the errors name
 * their fields), assigns cases to it by worker, case by case and by practitioner role, and the
 * dashboard and the report filtered by it count exactly the project's cases, as the tables hold them.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { type Fixture, insertFixture, PERIOD } from '../../packages/reports/test/fixture';
import { buildTestApp, listenOnFreePort, type TestApp } from '../helpers/app';
import { launchBrowser, screenshotPath } from '../helpers/browser';
import { signInFixtureUsers } from '../helpers/fixture-users';
import { axeViolations, signInThroughPages } from '../helpers/pages';

let t: TestApp;
let f: Fixture;
let browser: Browser;
let base: string;

jest.setTimeout(300_000);

beforeAll(async () => {
  t = await buildTestApp();
  f = await insertFixture(t.owner);
  await signInFixtureUsers(t, f, ['MA']);
  base = await listenOnFreePort(t);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** The project's cases opened in the fixture's year, counted straight from the tables (migration 0051's rule). */
async function openedInProject(name: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from cases x
    join projects p on p.name = ${name} and p.service_id = x.service_id
    where x.opened_at between ${PERIOD.from}::date and ${PERIOD.to}::date
      and (x.project_id = p.id or (x.project_id is null and x.opened_at between p.starts_on and coalesce(p.ends_on, 'infinity')
        and exists (select 1 from project_rules r where r.project_id = p.id
          and (r.worker_id = x.worker_id or r.practitioner_role = x.practitioner_role))))`.execute(t.owner);
  return rows[0]?.n ?? -1;
}

/** The dashboard's cases opened in the year to 31 March 2026, for one project or for all cases. */
async function dashboardYearOpened(page: Page, project: string): Promise<string> {
  await page.goto(`${base}/dashboard?asOf=2026-04-01`);
  await page.getByLabel('Project', { exact: true }).selectOption({ label: project });
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL((url) => url.pathname === '/dashboard' && url.searchParams.has('projectId'));
  // columns: the quarter, the one before, national; the year, the one before, national
  return ((await page.locator('[data-measure=cases_opened] td').nth(3).textContent()) ?? '').trim();
}

test('a manager defines a project, assigns cases by worker, case and role, and its dashboard and report count exactly them', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await signInThroughPages(t, base, context, 'ma@example.org');

  // Sent blank: the page names the missing fields and keeps what was typed.
  await page.getByRole('link', { name: 'Projects' }).click();
  await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
  await page.getByLabel('Funder (optional)').fill('Integrated Care Board');
  let posted = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/projects'));
  await page.getByRole('button', { name: 'Define project' }).click();
  expect((await posted).status()).toBe(422);
  await expect(page.locator('.error-summary li').allTextContents()).resolves.toEqual([
    "Name is required: enter the project's name",
    'Start date is required: enter the day the project starts',
  ]);
  await expect(page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
  await expect(page.getByLabel('Funder (optional)').inputValue()).resolves.toBe('Integrated Care Board');

  // The API's own check, worded for the form: the end before the start.
  await page.getByLabel('Name', { exact: true }).fill('Health grant');
  await page.getByLabel('Start date').fill('2025-04-01');
  await page.getByLabel('End date (optional)').fill('2025-03-01');
  posted = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/projects'));
  await page.getByRole('button', { name: 'Define project' }).click();
  expect((await posted).status()).toBe(422);
  await expect(page.locator('#f-endsOn-error').textContent()).resolves.toContain(
    'End date must not be before the start date',
  );
  await page.screenshot({ path: screenshotPath('project-errors'), fullPage: true });

  // Defined by worker (A2, whose H1–H6 were opened on 1 June 2025), with a report template.
  await page.getByLabel('End date (optional)').fill('2026-03-31');
  await page.getByLabel('Worker A2').check();
  await page.getByLabel('Headline', { exact: true }).check();
  await page.getByLabel('Outcomes at exit', { exact: true }).check();
  await page.getByRole('button', { name: 'Define project' }).click();
  await page.waitForURL((url) => url.search === '?done=created');
  await page.getByText('The project is defined.').waitFor();
  const row = page.locator('[data-projects] tbody tr', { hasText: 'Health grant' });
  await expect(row.locator('td').allTextContents()).resolves.toEqual([
    'Integrated Care Board',
    '1 Apr 2025 to 31 Mar 2026',
    'Worker A2',
    'Headline, Outcomes at exit',
  ]);
  const projectId = (await row.getAttribute('data-project')) ?? '';

  // The dashboard: all cases, then exactly the project's six.
  await page.goto(`${base}/dashboard?asOf=2026-04-01`);
  await expect(page.locator('[data-measure=cases_opened] td').nth(3).textContent()).resolves.toBe('21');
  expect(await openedInProject('Health grant')).toBe(6);
  await expect(dashboardYearOpened(page, 'Health grant')).resolves.toBe('6');
  await page.locator('[data-project-name]', { hasText: 'Health grant' }).waitFor();

  // The report of the year, filtered through the reports page: the same six, the template's sections only.
  await page.getByRole('link', { name: 'Reports' }).click();
  await page.getByLabel('Custom dates').check();
  await page.getByLabel('From').fill(PERIOD.from);
  await page.getByLabel('To', { exact: true }).fill(PERIOD.to);
  await page.getByLabel('Project', { exact: true }).selectOption({ label: 'Health grant' });
  await page.getByRole('button', { name: 'Show report' }).click();
  await page.locator('[data-project-name]', { hasText: 'Health grant' }).waitFor();
  await expect(page.locator('[data-figure=cases_opened] [data-value]').textContent()).resolves.toBe('6');
  await expect(page.locator('.report-section h3').allTextContents()).resolves.toEqual(['Headline', 'Outcomes at exit']);
  for (const format of ['pdf', 'csv']) {
    await expect(page.locator(`[data-download=${format}]`).getAttribute('href')).resolves.toContain(
      `projectId=${projectId}`,
    );
  }

  // Case by case: P1 (worker A1) gets the project on its own page.
  await page.goto(`${base}/cases/${f.caseIds.P1}`);
  await page.getByLabel('Project of this case').selectOption({ label: 'Health grant' });
  await page.getByRole('button', { name: 'Save project' }).click();
  await page.getByText('The case’s project is saved.').waitFor();
  await expect(page.getByLabel('Project of this case').inputValue()).resolves.toBe(projectId);
  expect(await openedInProject('Health grant')).toBe(7);
  await expect(dashboardYearOpened(page, 'Health grant')).resolves.toBe('7');

  // Changed to take the outreach role too: S1 and S2 (A3, outreach) join.
  await page.goto(`${base}/projects`);
  await page.getByRole('link', { name: 'Health grant' }).click();
  await expect(page.getByLabel('Worker A2').isChecked()).resolves.toBe(true);
  await page.getByLabel('Outreach').check();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForURL((url) => url.search === '?done=saved');
  await expect(row.locator('td').nth(2).textContent()).resolves.toBe('Worker A2, Outreach');
  expect(await openedInProject('Health grant')).toBe(9);
  await expect(dashboardYearOpened(page, 'Health grant')).resolves.toBe('9');
  await page.screenshot({ path: screenshotPath('project-dashboard'), fullPage: true });

  // The export of the project's cases (open at any time in the year): without a purpose it is
  // refused, naming the field; with one, its rows are exactly the project's cases, and it is audited.
  await page.goto(`${base}/reports`);
  await page.getByRole('link', { name: /Export the service's cases/ }).click();
  await page.getByLabel('From').fill(PERIOD.from);
  await page.getByLabel('To', { exact: true }).fill(PERIOD.to);
  await page.getByLabel('Project', { exact: true }).selectOption({ label: 'Health grant' });
  await page.getByLabel('CSV: one table').check();
  await page.getByRole('button', { name: 'Download' }).click();
  await expect(page.locator('.error-summary li').allTextContents()).resolves.toEqual([
    'Purpose must be at least 10 characters',
  ]);
  await expect(page.getByLabel('Project', { exact: true }).inputValue()).resolves.toBe(projectId);
  await page.getByLabel('Purpose').fill('Quarterly return to the Integrated Care Board');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`harbour-service-export-${PERIOD.from}-to-${PERIOD.to}-cases.csv`);
  const rows = parse(await readFile(await download.path()), { columns: true }) as Record<string, string>[];
  const { rows: expected } = await sql<{
    id: string;
  }>`select x.id from cases x join projects p on p.name = 'Health grant'
    where x.service_id = p.service_id and x.opened_at <= ${PERIOD.to}::date and (x.closed_at is null or x.closed_at >= ${PERIOD.from}::date)
      and (x.project_id = p.id or (x.project_id is null and x.opened_at between p.starts_on and coalesce(p.ends_on, 'infinity')
        and exists (select 1 from project_rules r where r.project_id = p.id
          and (r.worker_id = x.worker_id or r.practitioner_role = x.practitioner_role))))`.execute(t.owner);
  expect(rows.map((r) => r['case.id']).sort()).toEqual(expected.map((r) => r.id).sort());
  expect(rows).toHaveLength(9);
  const audited = await t.owner
    .selectFrom('audit_log')
    .select('details')
    .where('action', '=', 'service_export.download')
    .executeTakeFirstOrThrow();
  expect(audited.details).toMatchObject({
    projectId,
    cases: 9,
    purpose: 'Quarterly return to the Integrated Care Board',
  });
  await context.close();
});

test('the projects page with its errors has no serious accessibility problem', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await signInThroughPages(t, base, context, 'ma@example.org');
  await page.goto(`${base}/projects`);
  await page.getByRole('button', { name: 'Define project' }).click();
  await page.locator('.error-summary').waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await context.close();
});
