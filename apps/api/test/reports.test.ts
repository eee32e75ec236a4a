import { parse } from 'csv-parse/sync';
import { type Fixture, insertFixture, PERIOD } from '../../../packages/reports/test/fixture';
import { buildTestApp, type TestApp } from '../../../test/helpers/app';
import { signInFixtureUsers } from '../../../test/helpers/fixture-users';

let t: TestApp;
let f: Fixture;
let cookies: Record<string, string>;
const period = `from=${PERIOD.from}&to=${PERIOD.to}`;

type Figure = { key: string; value: number | null; numerator?: number; denominator?: number; unit: string };
type Report = { scope: { name: string }; sections: { key: string; figures: Figure[] }[] };

const figure = (report: Report, section: string, key: string) =>
  report.sections.find((s) => s.key === section)?.figures.find((x) => x.key === key);

const get = (who: string, url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: cookies[who] as string, ...headers } });

const downloads = async () =>
  t.owner.selectFrom('audit_log').selectAll().where('action', '=', 'report.download').orderBy('id').execute();

beforeAll(async () => {
  t = await buildTestApp();
  f = await insertFixture(t.owner);
  cookies = await signInFixtureUsers(t, f, ['MA', 'MB', 'A1', 'A2', 'R']);
}, 60_000);
afterAll(async () => t.close());

describe('GET /reports/service', () => {
  it("gives a manager their service's report as JSON, and audits the download", async () => {
    const before = (await downloads()).length;
    const response = await get('MA', `/api/v1/reports/service?${period}&format=json`);
    expect(response.statusCode).toBe(200);
    const report = response.json() as Report;
    expect(report.scope.name).toBe('Harbour North');
    expect(figure(report, 'headline', 'cases_opened')?.value).toBe(21);
    expect(figure(report, 'referrals', 'referral_marac')).toMatchObject({ value: 0, denominator: 20 });
    const rows = await downloads();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({
      user_id: f.users.MA,
      service_id: f.serviceA,
      object_type: 'service_report',
      object_id: f.serviceA,
      status: 200,
      details: { from: PERIOD.from, to: PERIOD.to, filters: {}, format: 'json' },
    });
  });

  it('sends the same figures as CSV and PDF attachments', async () => {
    const csv = await get('MA', `/api/v1/reports/service?${period}&format=csv&practitionerRole=idva`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(
      /^attachment; filename="harbour-service-report-2025-04-01-to-2026-03-31.csv"/,
    );
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    // idva: A1 and A2's cases — opened P1–P12, H1–H6, D1 = 19.
    expect(rows.find((r) => r.key === 'cases_opened')).toMatchObject({ section: 'headline', value: '19' });

    const pdf = await get('MA', `/api/v1/reports/service?${period}&format=pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(/^attachment; filename=".*\.pdf"/);
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const formats = (await downloads()).slice(-2).map((r) => (r.details as { format: string }).format);
    expect(formats).toEqual(['csv', 'pdf']);
  });

  it("keeps a practitioner to their own caseload and refuses another worker's", async () => {
    const own = await get('A2', `/api/v1/reports/service?${period}`);
    expect(own.statusCode).toBe(200);
    expect(figure(own.json(), 'headline', 'cases_opened')?.value).toBe(6); // H1–H6
    expect(own.json().filters).toEqual({ workerId: f.users.A2 });
    const other = await get('A2', `/api/v1/reports/service?${period}&workerId=${f.users.A1}`);
    expect(other.statusCode).toBe(403);
  });

  it("does not give service A's manager service B's report", async () => {
    const response = await get('MA', `/api/v1/reports/service?${period}`, { 'x-service-id': f.serviceB });
    expect(response.statusCode).toBe(404);
    const own = await get('MB', `/api/v1/reports/service?${period}`);
    expect(own.json().scope.name).toBe('Harbour South');
    expect(figure(own.json(), 'headline', 'cases_opened')?.value).toBe(40);
  });

  it('refuses a period that ends before it starts, and a researcher', async () => {
    expect((await get('MA', '/api/v1/reports/service?from=2026-01-02&to=2026-01-01')).statusCode).toBe(400);
    expect((await get('R', `/api/v1/reports/service?${period}`)).statusCode).toBe(403);
  });
});

describe('GET /reports/national', () => {
  it('gives researchers the national report, never a count below 10, and audits it', async () => {
    const response = await get('R', `/api/v1/reports/national?${period}`);
    expect(response.statusCode).toBe(200);
    const report = response.json() as Report;
    expect(figure(report, 'headline', 'cases_opened')?.value).toBe(58);
    for (const section of report.sections) {
      for (const x of section.figures) {
        for (const n of [x.unit === 'count' ? x.value : null, x.numerator, x.denominator]) {
          if (typeof n === 'number') expect(n === 0 || n >= 10).toBe(true);
        }
      }
    }
    expect((await downloads()).at(-1)).toMatchObject({
      user_id: f.users.R,
      service_id: null,
      object_type: 'national_report',
    });
  });

  it('is not for managers or practitioners', async () => {
    expect((await get('MA', `/api/v1/reports/national?${period}`)).statusCode).toBe(403);
    expect((await get('A1', `/api/v1/reports/national?${period}`)).statusCode).toBe(403);
  });
});
