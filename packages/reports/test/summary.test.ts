/**
 * The funder's summary: findings appear only when the report's statistics support them, and the
 * summary pages of the PDF show the JSON report's numbers.
 */
import { createDb, type Db } from '@harbour/db';
import { buildReportModel, type ReportModel, renderPdf } from '@harbour/reports';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database';
import { formatBenchmark, formatValue } from '../src/render/format';
import { type PdfText, pdfText } from './pdf-text';
import { exitOf, insertCases, insertService, intakeOf, type SyntheticService } from './synthetic-cases';
import { testModules } from './test-modules';

let t: TestDatabase;
let db: Db;
let national: SyntheticService;
let worse: SyntheticService;
let similar: SyntheticService;

const PERIOD = { from: '2025-04-01', to: '2026-03-31' };

/** `count` matched cases closed in the period, the first `stopped` of them with all abuse stopped. */
async function closedCases(service: SyntheticService, count: number, stopped: number) {
  await insertCases(
    t.owner,
    service.serviceId,
    Array.from({ length: count }, (_, i) => ({
      worker: service.workers[0] as string,
      openedAt: '2025-05-01',
      closedAt: '2025-12-01',
      intake: intakeOf(),
      exit: exitOf(i < stopped ? {} : { abuse_physical: 'standard' }),
    })),
  );
}

const report = (service: SyntheticService) =>
  buildReportModel(db, {
    scope: { kind: 'service', serviceId: service.serviceId },
    period: PERIOD,
    modules: testModules,
    actor: { userId: service.managerId, role: 'manager' },
    now: new Date('2026-04-02T09:00:00Z'),
  });

beforeAll(async () => {
  t = await createTestDatabase();
  // The national dataset: 200 clients, 160 with all abuse stopped (80%).
  national = await insertService(t.owner, { name: 'National Partner', workers: 1 });
  await closedCases(national, 200, 160);
  // Two services outside the national dataset, 30 clients each: 15 stopped (50%, interval
  // 33.2–66.8%, below 80%) and 22 stopped (73.3%, interval 55.6–85.8%, which holds 80%).
  worse = await insertService(t.owner, { name: 'Service Fifteen', workers: 1, shares: false });
  await closedCases(worse, 30, 15);
  similar = await insertService(t.owner, { name: 'Service Twenty-Two', workers: 1, shares: false });
  await closedCases(similar, 30, 22);
  db = createDb({ url: t.apiUrl, max: 4 });
});

afterAll(async () => {
  await db.destroy();
  await t.drop();
});

const stoppedFinding = (model: ReportModel) => model.findings.find((f) => f.figures.includes('all_abuse_stopped'));

describe('findings', () => {
  it('says abuse stopped below the national rate only when the national rate lies outside the interval', async () => {
    const below = await report(worse);
    const figure = below.sections.find((s) => s.key === 'outcomes')?.figures.find((f) => f.key === 'all_abuse_stopped');
    expect(figure).toMatchObject({ value: 50, numerator: 15, denominator: 30, ci95: [33.2, 66.8] });
    expect(figure?.benchmark).toMatchObject({ source: 'national', value: 80 });
    expect(stoppedFinding(below)).toEqual({
      key: 'below_national:all_abuse_stopped',
      kind: 'below_national',
      text: 'All abuse had stopped at exit for 50% of clients (15 of 30), below the national 80% (95% interval 33.2–66.8%).',
      section: 'outcomes',
      sectionTitle: 'Outcomes at exit',
      figures: ['all_abuse_stopped'],
    });

    // 22 of 30: the interval 55.6–85.8% holds the national 80%, and is too wide (30 points) to
    // call the service in line with it: no finding about abuse stopped at all.
    const inside = await report(similar);
    expect(
      inside.sections.find((s) => s.key === 'outcomes')?.figures.find((f) => f.key === 'all_abuse_stopped'),
    ).toMatchObject({
      value: 73.3,
      ci95: [55.6, 85.8],
    });
    expect(stoppedFinding(inside)).toBeUndefined();
  });

  it('changes with the data: more cases at the same rate make the difference significant', async () => {
    // The service of 22 of 30 grows to 220 of 300 (73.3%, interval 68.1–78.0%): now below 80%.
    await closedCases(similar, 270, 198);
    const grown = await report(similar);
    expect(stoppedFinding(grown)?.kind).toBe('below_national');
    expect(stoppedFinding(grown)?.text).toContain('73.3% of clients (220 of 300), below the national 80%');
  });

  it("opens the PDF with summary pages that show the JSON report's numbers and findings", async () => {
    const model = await report(worse);
    const text: PdfText = await pdfText(await renderPdf(model));
    const summary = `${text.pages[1]} ${text.pages[2]}`.replace(/\s+/g, ' ');
    expect(text.pages[1]).toContain('Summary');
    for (const [section, key] of [
      ['headline', 'cases_opened'],
      ['headline', 'cases_open'],
      ['headline', 'high_risk'],
      ['outcomes', 'all_abuse_stopped'],
      ['outcomes', 'risk_reduced'],
      ['outcomes', 'feels_safer'],
    ] as const) {
      const figure = model.sections.find((s) => s.key === section)?.figures.find((f) => f.key === key);
      if (!figure) throw new Error(`no figure ${key}`);
      expect(summary).toContain(`${formatValue(figure, model.disclosureThreshold)} ${figure.label}`);
      if (figure.benchmark?.source === 'national') {
        expect(summary).toContain(formatBenchmark(figure.benchmark, figure.unit, model.nationalThreshold));
      }
    }
    // A line may break after a dash: compare the findings without white space.
    const squashed = summary.replace(/\s+/g, '');
    model.findings.forEach((finding, i) => {
      expect(squashed).toContain(`${i + 1}.${finding.text}(Section:${finding.sectionTitle}.)`.replace(/\s+/g, ''));
    });
    expect(model.findings.length).toBeGreaterThanOrEqual(3);
  });
});
