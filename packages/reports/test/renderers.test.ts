import { createDb, type Db } from '@harbour/db';
import { buildReportModel, type ReportModel, renderCsv, renderJson, renderPdf } from '@harbour/reports';
import { parse } from 'csv-parse/sync';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database';
import { formatCell, formatValue } from '../src/render/format';
import { hasNoData, rowsWithoutData } from '../src/render/pdf';
import { insertFixture, PERIOD } from './fixture';
import { type PdfText, pdfText } from './pdf-text';
import { testModules } from './test-modules';

let t: TestDatabase;
let db: Db;
let model: ReportModel;
let pdf: Buffer;
let text: PdfText;

beforeAll(async () => {
  t = await createTestDatabase();
  const f = await insertFixture(t.owner);
  db = createDb({ url: t.apiUrl, max: 4 });
  model = await buildReportModel(db, {
    scope: { kind: 'service', serviceId: f.serviceA },
    period: PERIOD,
    modules: testModules,
    actor: { userId: f.users.MA, role: 'manager' },
    now: new Date('2026-04-02T09:00:00Z'),
  });
  pdf = await renderPdf(model);
  text = await pdfText(pdf);
});

afterAll(async () => {
  await db.destroy();
  await t.drop();
});

describe('the PDF renderer', () => {
  it('writes a valid, tagged PDF 1.7 with an embedded TrueType font', () => {
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/FontFile2'); // an embedded TrueType font program
    expect(raw).toMatch(/LiberationSans/);
    expect(raw).toContain('/StructTreeRoot');
    expect(text.marked?.Marked).toBe(true);
    expect(text.title).toBe('Harbour North: outcomes report, 1 April 2025 to 31 March 2026');
  });

  it('starts with a cover naming the service, period, filters and time of generation', () => {
    const cover = text.pages[0] ?? '';
    expect(cover).toContain('Outcomes report');
    expect(cover).toContain('Harbour North');
    expect(cover).toContain('Period: 1 April 2025 to 31 March 2026');
    expect(cover).toContain('Filters: none (all cases in scope)');
    expect(cover).toContain('Generated at: 2 April 2026, 09:00 UTC');
    expect(text.pages[1]).toContain('Summary');
    expect(text.pages[1]).toContain('Findings');
  });

  it('shows every figure of the JSON with the same value, hidden ones as <5', () => {
    const all = text.pages.join(' ');
    // Wrapping inside a table cell may break a label anywhere (after a dash too): compare
    // without white space.
    const squashed = all.replace(/\s+/g, '');
    const k = model.disclosureThreshold;
    const missing = model.sections.flatMap((s) => {
      const inTables = new Set(s.tables.flatMap((t) => t.rows.flatMap((r) => r.figures)));
      const listed = s.figures
        .filter((f) => !inTables.has(f.key) && !hasNoData(f))
        .map((f) => `${f.label} ${formatValue(f, k)}`);
      // Cross tables (so what?): a row's label, then each figure's value with its interval.
      const cellOf = (key: string | null) => s.figures.find((f) => f.key === key);
      const tabled = s.tables.flatMap((t) =>
        t.rows
          .filter((r) => !r.figures.every((key) => hasNoData(cellOf(key))))
          .map((r) =>
            [r.label, ...r.figures.map((key) => (hasNoData(cellOf(key)) ? '' : formatCell(cellOf(key), k)))].join(' '),
          ),
      );
      return [...listed, ...tabled].filter((row) => !squashed.includes(row.replace(/\s+/g, '')));
    });
    expect(missing).toEqual([]);
    // Rows of the hand working (expected-service-a.ts).
    // Police's national rate hides a cell to protect health's 6 (< 10); the service's own
    // health referrals (6) are hidden to protect self-referrals (2).
    expect(all).toContain('Police 60.0% 12 / 20 38.7–78.1% National: [c]');
    expect(all).toContain('Health [c] [c] / 20 National: <10');
    expect(all).toContain('Self, family or friends <5 <5 / 20 National: 0.0%');
    expect(all).toContain('Marac 0.0% 0 / 20 0.0–16.1% National: 51.7% 51.7 percentage points below the national rate');
    expect(all).toContain('All abuse stopped 84.6% 11 / 13 57.8–95.7% National: 93.9%');
    expect(all).toContain('With children [c] [c]');
    expect(all).toContain('Without children <5 <5');
  });

  it('leaves out rows with no data and counts them in one note', () => {
    const appendix = text.pages.slice(3).join(' ');
    expect(appendix).not.toMatch(/(^|\s)0 \/ 0(\s|$)/);
    expect(appendix).not.toMatch(/\s–\s/);
    const omitted = rowsWithoutData(model);
    expect(omitted).toBeGreaterThan(0);
    const note = text.pages.find((p) => p.includes('Appendix: detailed sections')) ?? '';
    expect(note).toContain(`${omitted} rows have no data in this period`);
    // support_helped_safety has no answer in the fixture: not printed.
    const empty = model.sections.flatMap((s) => s.figures).find((f) => f.key === 'support_helped_safety');
    expect(empty?.value).toBeNull();
    expect(appendix).not.toContain(empty?.label);
  });

  it('numbers its pages and ends with the methods', () => {
    const count = text.pages.length;
    text.pages.forEach((page, i) => {
      expect(page).toContain(`Page ${i + 1} of ${count}`);
    });
    // the methods close the report; with the outcomes-over-time definitions they run to two pages
    expect(text.pages.slice(-2).join(' ')).toContain('Methods');
    expect(text.pages[count - 1]).toContain('Completeness');
    expect(text.pages.join(' ')).toContain('one-sided exact binomial test');
  });
});

describe('the CSV and JSON renderers', () => {
  it('writes one CSV row per figure with the model’s numbers', () => {
    const rows = parse(renderCsv(model), { columns: true }) as Record<string, string>[];
    const figures = model.sections.flatMap((s) => s.figures.map((f) => ({ section: s.key, f })));
    expect(rows).toHaveLength(figures.length);
    const cell = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
    figures.forEach(({ section, f }, i) => {
      expect(rows[i]).toEqual({
        section,
        key: f.key,
        label: f.label,
        value: cell(f.value),
        numerator: cell(f.numerator),
        denominator: cell(f.denominator),
        ci_low: cell(f.ci95?.[0]),
        ci_high: cell(f.ci95?.[1]),
        benchmark: cell(f.benchmark?.value),
        suppressed: f.suppressed ? 'true' : 'false',
      });
    });
    const health = rows.find((r) => r.key === 'referral_health');
    expect(health).toMatchObject({ value: '', numerator: '', suppressed: 'true' });
  });

  it('writes the model as JSON', () => {
    expect(JSON.parse(renderJson(model))).toEqual(model);
  });
});
