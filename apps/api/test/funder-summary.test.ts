/**
 * The funder's summary through HTTP, as a manager downloads it: a finding appears when the
 * synthetic data makes the difference from the national rate significant and disappears when
 * more data brings the rate back in line; the PDF's summary pages, read back with a PDF text
 * extractor, show the numbers and findings of the JSON report of the same request; and no row of
 * the PDF reads "0 / 0".
 */

import type { Figure, Finding } from '@harbour/reports';
import { formatBenchmark, formatValue } from '../../../packages/reports/src/render/format';
import { pdfText } from '../../../packages/reports/test/pdf-text';
import {
  exitOf,
  insertCases,
  insertService,
  intakeOf,
  type SyntheticService,
} from '../../../packages/reports/test/synthetic-cases';
import { buildTestApp, login, seedUser, type TestApp } from '../../../test/helpers/app';

jest.setTimeout(180_000);

let t: TestApp;
let national: SyntheticService;
let service: SyntheticService;
let cookie: string;

const PERIOD = { from: '2025-04-01', to: '2026-03-31' };
const reportUrl = (format: string) => `/api/v1/reports/service?from=${PERIOD.from}&to=${PERIOD.to}&format=${format}`;

type Report = {
  sections: { key: string; figures: Figure[] }[];
  findings: Finding[];
  disclosureThreshold: number;
  nationalThreshold: number;
};

/** `count` cases closed in the period, the first `stopped` of them with all abuse stopped. */
async function closedCases(into: SyntheticService, count: number, stopped: number) {
  await insertCases(
    t.owner,
    into.serviceId,
    Array.from({ length: count }, (_, i) => ({
      worker: into.workers[0] as string,
      openedAt: '2025-05-01',
      closedAt: '2025-12-01',
      intake: intakeOf(),
      exit: exitOf(i < stopped ? {} : { abuse_physical: 'standard' }),
    })),
  );
}

async function jsonReport(): Promise<Report> {
  const response = await t.app.inject({ method: 'GET', url: reportUrl('json'), headers: { cookie } });
  expect(response.statusCode).toBe(200);
  return response.json();
}

const stoppedFinding = (report: Report) => report.findings.find((f) => f.figures.includes('all_abuse_stopped'));

beforeAll(async () => {
  t = await buildTestApp();
  // The national dataset: 200 clients, 160 with all abuse stopped (80%).
  national = await insertService(t.owner, { name: 'National Partner', workers: 1 });
  await closedCases(national, 200, 160);
  // The manager's service, outside the national dataset: 22 of 30 stopped (73.3%, interval
  // 55.6–85.8%, which holds 80%).
  service = await insertService(t.owner, { name: 'Harbour East', workers: 1, shares: false });
  await closedCases(service, 30, 22);
  await seedUser(t.owner, { email: 'east-lead@example.org', serviceId: service.serviceId, role: 'manager' });
  cookie = await login(t.app, 'east-lead@example.org');
}, 120_000);

afterAll(async () => t.close());

describe("the funder's summary over HTTP", () => {
  it('shows a finding only while the data make the difference significant', async () => {
    expect(stoppedFinding(await jsonReport())).toBeUndefined();

    // 220 of 300 (73.3%, interval 68.1–78.0%): now below the national 80%.
    await closedCases(service, 270, 198);
    expect(stoppedFinding(await jsonReport())).toMatchObject({
      kind: 'below_national',
      section: 'outcomes',
      text: expect.stringContaining('73.3% of clients (220 of 300), below the national 80%'),
    });

    // 320 of 400 (80%): in line with the national rate, no longer below it.
    await closedCases(service, 100, 100);
    const inLine = await jsonReport();
    const stopped = inLine.sections
      .find((s) => s.key === 'outcomes')
      ?.figures.find((f) => f.key === 'all_abuse_stopped');
    expect(stopped).toMatchObject({ value: 80, numerator: 320, denominator: 400 });
    expect(
      inLine.findings.filter((f) => f.kind === 'below_national' && f.figures.includes('all_abuse_stopped')),
    ).toEqual([]);
  });

  it("opens the PDF with summary pages that show the JSON report's numbers and findings, and no 0 / 0 row", async () => {
    const report = await jsonReport();
    const pdf = await t.app.inject({ method: 'GET', url: reportUrl('pdf'), headers: { cookie } });
    expect(pdf.statusCode).toBe(200);
    const { pages } = await pdfText(pdf.rawPayload);
    const summary = `${pages[1]} ${pages[2]}`.replace(/\s+/g, ' ');
    expect(pages[1]).toContain('Summary');
    for (const [section, key] of [
      ['headline', 'cases_opened'],
      ['headline', 'cases_open'],
      ['headline', 'high_risk'],
      ['outcomes', 'all_abuse_stopped'],
      ['outcomes', 'risk_reduced'],
      ['outcomes', 'feels_safer'],
    ] as const) {
      const figure = report.sections.find((s) => s.key === section)?.figures.find((f) => f.key === key);
      if (!figure) throw new Error(`no figure ${key}`);
      expect(summary).toContain(`${formatValue(figure, report.disclosureThreshold)} ${figure.label}`);
      if (figure.benchmark?.source === 'national') {
        expect(summary).toContain(formatBenchmark(figure.benchmark, figure.unit, report.nationalThreshold));
      }
    }
    expect(report.findings.length).toBeGreaterThan(0);
    const squashed = summary.replace(/\s+/g, '');
    report.findings.forEach((finding, i) => {
      expect(squashed).toContain(`${i + 1}.${finding.text}(Section:${finding.sectionTitle}.)`.replace(/\s+/g, ''));
    });
    // Rows with no data are left out of every page, the summary included.
    expect(pages.join(' ')).not.toMatch(/(^|\s)0 \/ 0(\s|$)/);
  });
});
