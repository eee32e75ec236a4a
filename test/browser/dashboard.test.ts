/**
 * The manager's dashboard in real headless Chromium, with JavaScript off, on the demo service:
 * the manager lands on it, each measure's eight quarters show the values of the quarterly
 * reports, the charts are drawn in greys only, and the alerts link to the cases.
 */
import { completeQuartersBefore } from '@harbour/reports';
import { loadDemo } from '@harbour/synth';
import type { Browser } from 'playwright-core';
import { buildTestApp, listenOnFreePort, login, seedUser, type TestApp, testContactSealer } from '../helpers/app';
import { launchBrowser, screenshotPath } from '../helpers/browser';
import { signInThroughPages } from '../helpers/pages';

let t: TestApp;
let browser: Browser;
let base: string;
let serviceId: string;

jest.setTimeout(240_000);

beforeAll(async () => {
  t = await buildTestApp();
  const demo = await loadDemo({
    ownerUrl: t.database.ownerUrl,
    registry: t.registry,
    sealer: testContactSealer(),
    otherServices: 2,
  });
  serviceId = demo.serviceId;
  await seedUser(t.owner, { email: 'lead@example.org', serviceId, role: 'manager' });
  // A case closed last quarter with its exit form never submitted: a data-quality alert.
  const worker = await t.owner
    .selectFrom('memberships')
    .select('user_id')
    .where('service_id', '=', serviceId)
    .where('role', '=', 'practitioner')
    .executeTakeFirstOrThrow();
  const lastQuarterDay = completeQuartersBefore(demo.period.to, 1)[0]?.to as string;
  await t.owner
    .insertInto('cases')
    .values({
      service_id: serviceId,
      worker_id: worker.user_id,
      reference: 'NO-EXIT-1',
      opened_at: lastQuarterDay,
      closed_at: lastQuarterDay,
      status: 'closed',
    })
    .execute();
  base = await listenOnFreePort(t);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

type Figure = { key: string; value: number | null; suppressed?: true };
type Report = { sections: { key: string; figures: Figure[] }[] };

test('a manager lands on the dashboard, whose quarters equal the quarterly reports, without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await signInThroughPages(t, base, context, 'lead@example.org');
  await page.waitForURL((url) => url.pathname === '/dashboard');
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await page.screenshot({ path: screenshotPath('dashboard'), fullPage: true });

  const cookie = await login(t.app, 'lead@example.org');
  const reportOf = async (from: string, to: string): Promise<Report> =>
    (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/reports/service?from=${from}&to=${to}&format=json`,
        headers: { cookie },
      })
    ).json();
  const figureIn = (report: Report, section: string, key: string) =>
    report.sections.find((s) => s.key === section)?.figures.find((f) => f.key === key) as Figure;

  const chart = page.locator('[data-trend=cases_opened] svg');
  const bars = chart.locator('g[data-quarter]');
  await expect(bars.count()).resolves.toBe(8);
  const cells = await bars.evaluateAll((groups) =>
    groups.map((g) => ({ quarter: g.getAttribute('data-quarter') ?? '', value: g.querySelector('text')?.textContent })),
  );
  const outcomes = await page
    .locator('[data-trend=all_abuse_stopped] svg g[data-quarter] text:first-of-type')
    .allTextContents();
  for (const [i, { quarter, value }] of cells.entries()) {
    const [year, q] = quarter.split(' Q').map(Number) as [number, number];
    const from = `${year}-${String(3 * q - 2).padStart(2, '0')}-01`;
    const to = new Date(Date.UTC(year, 3 * q, 0)).toISOString().slice(0, 10);
    const report = await reportOf(from, to);
    const opened = figureIn(report, 'headline', 'cases_opened');
    expect(value).toBe(opened.suppressed ? '<5' : String(opened.value));
    const stopped = figureIn(report, 'outcomes', 'all_abuse_stopped');
    const text = stopped.suppressed
      ? /^(<5|\[c\])$/
      : stopped.value === null
        ? /^none$/
        : `${stopped.value.toFixed(1)}%`;
    expect(outcomes[i]).toMatch(text);
  }
  // The latest quarter of the table is the last bar of the chart.
  await expect(page.locator('[data-measure=cases_opened] td').first().textContent()).resolves.toBe(cells[7]?.value);

  // Greys only: every painted colour of every chart has equal red, green and blue.
  const paints = await page
    .locator('svg.trend [fill], svg.trend [stroke]')
    .evaluateAll((nodes) => nodes.flatMap((n) => [n.getAttribute('fill'), n.getAttribute('stroke')]).filter(Boolean));
  expect(paints.length).toBeGreaterThan(0);
  for (const paint of paints) expect(paint).toMatch(/^#([0-9a-f]{2})\1\1$/i);
  // Each chart says what it shows to a screen reader.
  await expect(chart.locator('desc').textContent()).resolves.toContain(`${cells[0]?.quarter}: ${cells[0]?.value}`);

  // The case closed without an exit is listed, and its link opens it.
  const link = page.locator('[data-alert=missing_exits] a', { hasText: 'NO-EXIT-1' });
  const href = (await link.getAttribute('href')) ?? '';
  const listed = await t.owner
    .selectFrom('cases')
    .select(['service_id', 'reference'])
    .where('id', '=', href.split('/')[2] ?? '')
    .executeTakeFirst();
  expect(listed).toEqual({ service_id: serviceId, reference: 'NO-EXIT-1' });
  await link.click();
  await page.waitForURL((url) => url.pathname === href);
  await page.getByText('NO-EXIT-1').first().waitFor();
  await context.close();
});
