/**
 * The manager's dashboard through HTTP on the demo service: each of the eight quarters equals
 * that quarter's service report, the year equals the year's report, and the alerts list the
 * service's own cases.
 */
import { loadDemo } from '@harbour/synth';
import { sql } from 'kysely';
import {
  activateModules,
  buildTestApp,
  login,
  seedUser,
  type TestApp,
  testContactSealer,
} from '../../../test/helpers/app';

type Figure = {
  key: string;
  value: number | null;
  numerator?: number;
  denominator?: number;
  suppressed?: true;
  threshold?: number;
};
type Report = { sections: { key: string; figures: Figure[] }[] };
type Measure = {
  key: string;
  section: string;
  quarter: Figure;
  previousQuarter: Figure;
  year: Figure;
  previousYear: Figure;
  national?: { quarter: Figure; year: Figure };
  trend: { quarter: { from: string; to: string; label: string }; figure: Figure }[];
};
type Dashboard = {
  periods: { year: { from: string; to: string } };
  quarters: { from: string; to: string; label: string }[];
  measures: Measure[];
  alerts: { key: string; count: number; cases: { caseId: string }[] }[];
};

let t: TestApp;
let cookie: string;
let serviceId: string;
let dashboard: Dashboard;
const YOUNG_PEOPLE_FROM = '2025-07-01';

jest.setTimeout(180_000);

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
const numbers = ({ value, numerator, denominator, suppressed }: Figure) => ({
  value,
  numerator,
  denominator,
  suppressed,
});

/** The dashboard's measure as the service report of the same period shows it. */
function fromReport(report: Report, measure: Measure): Figure {
  if (measure.key === 'caseload_per_worker') {
    const workers = report.sections.find((s) => s.key === 'caseload')?.figures ?? [];
    const cases = workers.reduce((sum, f) => sum + (f.value ?? 0), 0);
    return {
      key: measure.key,
      value: workers.length > 0 ? Math.round((cases / workers.length) * 10) / 10 : null,
      ...(workers.length > 0 ? { denominator: workers.length } : {}),
    };
  }
  const found = report.sections.find((s) => s.key === measure.section)?.figures.find((f) => f.key === measure.key);
  if (!found) throw new Error(`no figure ${measure.section}.${measure.key}`);
  return found;
}

beforeAll(async () => {
  t = await buildTestApp();
  const demo = await loadDemo({
    ownerUrl: t.database.ownerUrl,
    registry: t.registry,
    sealer: testContactSealer(),
    today: '2026-06-30',
    otherServices: 3,
  });
  serviceId = demo.serviceId;
  // Young people's cases from 2025 Q3: from then on the service's reports count children
  // throughout at the national threshold, and so must the dashboard's quarters.
  await activateModules(t.owner, serviceId, ['young-people'], YOUNG_PEOPLE_FROM);
  await seedUser(t.owner, { email: 'dash-manager@example.org', serviceId, role: 'manager' });
  cookie = await login(t.app, 'dash-manager@example.org');
  const response = await get('/api/v1/dashboard?asOf=2026-07-01');
  expect(response.statusCode).toBe(200);
  dashboard = response.json();
});

afterAll(async () => t?.close());

describe('the dashboard', () => {
  it('covers the eight complete quarters before the day it is for', () => {
    expect(dashboard.quarters.map((q) => q.label)).toEqual([
      '2024 Q3',
      '2024 Q4',
      '2025 Q1',
      '2025 Q2',
      '2025 Q3',
      '2025 Q4',
      '2026 Q1',
      '2026 Q2',
    ]);
    expect(dashboard.periods.year).toEqual({ from: '2025-07-01', to: '2026-06-30' });
    expect(dashboard.measures.map((m) => m.key)).toEqual([
      'cases_opened',
      'cases_open',
      'high_risk',
      'marac_referred',
      'all_abuse_stopped',
      'feels_safer',
      'client_questionnaire_answered',
      'caseload_per_worker',
    ]);
  });

  it("shows for each quarter exactly the numbers of that quarter's service report", async () => {
    let nonZero = 0;
    for (const [i, quarter] of dashboard.quarters.entries()) {
      const response = await get(`/api/v1/reports/service?from=${quarter.from}&to=${quarter.to}&format=json`);
      expect(response.statusCode).toBe(200);
      const report: Report = response.json();
      for (const measure of dashboard.measures) {
        const shown = measure.trend[i]?.figure as Figure;
        expect({ quarter: quarter.label, measure: measure.key, ...numbers(shown) }).toEqual({
          quarter: quarter.label,
          measure: measure.key,
          ...numbers(fromReport(report, measure)),
        });
        if (shown.value) nonZero += 1;
      }
    }
    // Quarters from the young people's module on carry the national threshold, earlier ones the service's.
    const abuseStopped = dashboard.measures.find((m) => m.key === 'all_abuse_stopped');
    expect(abuseStopped?.trend.map((p) => [p.quarter.label, p.figure.threshold])).toEqual(
      dashboard.quarters.map((q) => [q.label, q.from >= YOUNG_PEOPLE_FROM ? 10 : undefined]),
    );
    // The demo's cases start in 2024 Q4: most quarters have figures to compare.
    expect(nonZero).toBeGreaterThan(30);
    for (const measure of dashboard.measures) {
      expect(measure.quarter).toEqual(measure.trend[7]?.figure);
      expect(measure.previousQuarter).toEqual(measure.trend[6]?.figure);
    }
  });

  it("shows for the year the numbers of the year's report, and the national figure beside the rates", async () => {
    const { from, to } = dashboard.periods.year;
    const report: Report = (await get(`/api/v1/reports/service?from=${from}&to=${to}&format=json`)).json();
    for (const measure of dashboard.measures)
      expect(numbers(measure.year)).toEqual(numbers(fromReport(report, measure)));
    const abuseStopped = dashboard.measures.find((m) => m.key === 'all_abuse_stopped');
    expect(abuseStopped?.national?.year.value).toEqual(expect.any(Number));
    expect(dashboard.measures.find((m) => m.key === 'cases_opened')?.national).toBeUndefined();
  });

  it("lists in the alerts the service's cases closed without a submitted exit", async () => {
    const missing = dashboard.alerts.find((a) => a.key === 'missing_exits');
    const { from, to } = dashboard.periods.year;
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from cases c
      where c.service_id = ${serviceId} and c.closed_at between ${from}::date and ${to}::date
        and not exists (select 1 from responses r where r.service_id = c.service_id and r.case_id = c.id
          and r.form_key = 'core.exit' and r.status = 'submitted')`.execute(t.owner);
    expect(missing?.count).toBe(rows[0]?.n);
    const ids = new Set(
      (await t.owner.selectFrom('cases').select('id').where('service_id', '=', serviceId).execute()).map((c) => c.id),
    );
    for (const alert of dashboard.alerts) for (const c of alert.cases) expect(ids.has(c.caseId)).toBe(true);
  });

  it('refuses a date that is not one, naming the field', async () => {
    const bad = await get('/api/v1/dashboard?asOf=2026-13-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('asOf');
  });
});
