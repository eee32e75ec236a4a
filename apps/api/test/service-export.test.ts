/**
 * A manager's export of their own service's cases: the rows equal the service's cases of the
 * period, the XLSX read back with a real parser holds the same as the CSV, free text only when
 * asked for, and every export is in the audit log with its purpose.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { type Fixture, insertFixture, PERIOD } from '../../../packages/reports/test/fixture';
import { buildTestApp, type TestApp } from '../../../test/helpers/app';
import { signInFixtureUsers } from '../../../test/helpers/fixture-users';

let t: TestApp;
let f: Fixture;
let cookies: Record<string, string>;
const PURPOSE = 'Quarterly analysis of referral routes for the board';

const exportOf = (who: string, body: object) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/exports/service',
    headers: { cookie: cookies[who] as string },
    payload: { from: PERIOD.from, to: PERIOD.to, purpose: PURPOSE, ...body },
  });

/** Service A's cases open at any time in the period, straight from the table. */
async function casesOfPeriod(): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`select id from cases where service_id = ${f.serviceA}
    and opened_at <= ${PERIOD.to}::date and (closed_at is null or closed_at >= ${PERIOD.from}::date)`.execute(t.owner);
  return rows.map((r) => r.id).sort();
}

beforeAll(async () => {
  t = await buildTestApp();
  f = await insertFixture(t.owner);
  cookies = await signInFixtureUsers(t, f, ['MA', 'A1']);
  // P1's client left a comment (free text, sealed at rest as the API seals it).
  const caseId = f.caseIds.P1 as string;
  const sealed = await t.app.sealer.sealAnswers(t.owner, {
    serviceId: f.serviceA,
    caseId,
    formKey: 'core.client_exit',
    answers: { safety_now: 7, comments: 'The worker helped me move somewhere safe.' },
  });
  await t.owner
    .updateTable('responses')
    .set({ answers: JSON.stringify(sealed.answers), sealed: JSON.stringify(sealed.sealed) })
    .where('case_id', '=', caseId)
    .where('form_key', '=', 'core.client_exit')
    .execute();
}, 60_000);
afterAll(async () => t.close());

describe('the service export', () => {
  it("gives one CSV row a case of the period, with the case's answers, and audits it with its purpose", async () => {
    const response = await exportOf('MA', { format: 'csv' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain(
      'harbour-service-export-2025-04-01-to-2026-03-31-cases.csv',
    );
    const rows = parse(response.body, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r['case.id']).sort()).toEqual(await casesOfPeriod());
    expect(rows).toHaveLength(24); // P1–P12, H1–H6, S1–S2, D1, O1–O3
    const p1 = rows.find((r) => r['case.id'] === f.caseIds.P1);
    expect(p1).toMatchObject({
      'case.reference': 'P1',
      'case.opened': '2025-05-01',
      'case.closed': '2025-12-01',
      'core.intake.risk_level': 'high',
      'core.intake.age': '30',
      'core.exit.support_provided': 'safety_planning;marac;housing',
      'core.intake.marac_referral': 'true',
    });
    // D1's intake is a draft: never exported.
    expect(rows.find((r) => r['case.id'] === f.caseIds.D1)?.['core.intake.referral_source']).toBe('');
    // Free text stays out unless asked for.
    expect(Object.keys(p1 ?? {})).not.toContain('core.client_exit.comments');

    const audit = await t.owner
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'service_export.download')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ service_id: f.serviceA, user_id: f.users.MA });
    expect(audit[0]?.details).toMatchObject({
      purpose: PURPOSE,
      format: 'csv',
      table: 'cases',
      includeFreeText: false,
      cases: 24,
    });
  });

  it('writes an XLSX with a sheet a table, a codebook and value labels, the same rows as the CSV', async () => {
    const response = await exportOf('MA', { format: 'xlsx', includeFreeText: true });
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const names = workbook.worksheets.map((w) => w.name);
    expect(names[0]).toBe('cases');
    expect(names).toEqual(expect.arrayContaining(['codebook', 'value_labels', 'children_intake_children']));
    const sheetRows = (name: string) => {
      const rows: unknown[][] = [];
      workbook.getWorksheet(name)?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return rows;
    };
    const [header, ...cases] = sheetRows('cases');
    expect(cases.map((r) => r[0]).sort()).toEqual(await casesOfPeriod());
    const column = (key: string) => (header as string[]).indexOf(key);
    const p1 = cases.find((r) => r[0] === f.caseIds.P1) as unknown[];
    expect(p1[column('core.intake.age')]).toBe(30);
    expect(p1[column('core.client_exit.comments')]).toBe('The worker helped me move somewhere safe.');
    const labels = sheetRows('value_labels');
    expect(labels).toContainEqual(['core.intake.risk_level', 'high', expect.any(String)]);
    const codebook = sheetRows('codebook');
    expect(codebook[0]).toEqual(['table', 'column', 'label', 'type', 'form', 'codes']);
    expect(codebook.find((r) => r[1] === 'core.intake.risk_level')?.[0]).toBe('cases');

    const audit = await t.owner
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'service_export.download')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ format: 'xlsx', includeFreeText: true, purpose: PURPOSE });
  });

  it('refuses an export without a purpose, an unknown table, and a practitioner', async () => {
    const noPurpose = await t.app.inject({
      method: 'POST',
      url: '/api/v1/exports/service',
      headers: { cookie: cookies.MA as string },
      payload: { from: PERIOD.from, to: PERIOD.to, format: 'csv' },
    });
    expect(noPurpose.statusCode).toBe(400);
    expect(noPurpose.body).toContain('purpose');
    const table = await exportOf('MA', { format: 'csv', table: 'secrets' });
    expect(table.statusCode).toBe(400);
    expect(table.json().details[0].pointer).toBe('/table');
    expect((await exportOf('A1', { format: 'csv' })).statusCode).toBe(403);
  });
});
