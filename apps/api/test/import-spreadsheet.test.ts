import ExcelJS from 'exceljs';
import {
  buildTestApp,
  countCasesWithReference,
  login,
  seedService,
  seedUser,
  type TestApp,
} from '../../../test/helpers/app';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ROWS = 5000;
/** Sheet rows (headings are row 1) broken on purpose, and how. */
const BROKEN: Record<number, { heading: string; value: unknown; pointer: string }> = {
  120: { heading: 'How referred', value: 'carrier pigeon', pointer: '/core.intake.referral_source' },
  2501: { heading: 'Age', value: 'old', pointer: '/core.intake.age' },
  4999: { heading: 'Date opened', value: null, pointer: '/case.opened_at' },
};

const MAPPING = {
  'Our ref': 'case.reference',
  'Date opened': 'case.opened_at',
  'Referred on': 'core.intake.referral_date',
  'How referred': 'core.intake.referral_source',
  Age: 'core.intake.age',
  'Agreed to research': 'core.intake.consent_research',
  Risk: 'core.intake.risk_level',
  'Notes (never imported)': null,
};

// building and reading 5,000-row workbooks three times takes a while on a shared machine
jest.setTimeout(180_000);

let t: TestApp;
let serviceId: string;
let manager: string;
let practitioner: string;

beforeAll(async () => {
  t = await buildTestApp();
  serviceId = await seedService(t.owner);
  await seedUser(t.owner, { email: 'mo@example.org', serviceId, role: 'manager' });
  await seedUser(t.owner, { email: 'pat@example.org', serviceId, role: 'practitioner' });
  manager = await login(t.app, 'mo@example.org');
  practitioner = await login(t.app, 'pat@example.org');
});
afterAll(async () => t.close());

/** A workbook as a service might keep it: its own headings, real dates, a notes column. */
async function workbook(broken: boolean): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Cases 2024');
  const headings = Object.keys(MAPPING);
  sheet.addRow(headings);
  for (let i = 0; i < ROWS; i++) {
    const sheetRow = i + 2;
    const values: Record<string, unknown> = {
      'Our ref': `OLD-${i}`,
      'Date opened': new Date(Date.UTC(2024, i % 12, 1 + (i % 28))),
      'Referred on': new Date(Date.UTC(2024, i % 12, 1 + (i % 28))),
      'How referred': i % 3 ? 'police' : 'self',
      Age: 18 + (i % 60),
      'Agreed to research': i % 4 !== 0,
      Risk: i % 2 ? 'high' : 'medium',
      'Notes (never imported)': 'Synthetic note that must not be imported',
    };
    const fault = broken ? BROKEN[sheetRow] : undefined;
    if (fault) values[fault.heading] = fault.value;
    sheet.addRow(headings.map((heading) => values[heading] ?? null));
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

const upload = (body: Buffer, preview: boolean, cookie = manager) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/cases/import/spreadsheet?mapping=past%20cases&preview=${preview}`,
    headers: { cookie, 'content-type': XLSX },
    payload: body,
  });

const importedCount = () => countCasesWithReference(t, serviceId, 'OLD-');

test('a manager saves a mapping once; a practitioner may read it but not change it', async () => {
  const saved = await t.app.inject({
    method: 'PUT',
    url: '/api/v1/import-mappings/past%20cases',
    headers: { cookie: manager },
    payload: { columns: MAPPING },
  });
  expect(saved.statusCode).toBe(200);
  const read = await t.app.inject({
    method: 'GET',
    url: '/api/v1/import-mappings/past%20cases',
    headers: { cookie: practitioner },
  });
  expect(read.json().columns).toEqual(MAPPING);
  const refused = await t.app.inject({
    method: 'PUT',
    url: '/api/v1/import-mappings/past%20cases',
    headers: { cookie: practitioner },
    payload: { columns: {} },
  });
  expect(refused.statusCode).toBe(403);
});

// The preview's time is measured by the benchmark (`npm run bench -- --only=import-preview`), not here.
test('an XLSX of 5,000 past cases: the preview names each bad row and field and writes nothing; fixed, all import', async () => {
  const broken = await workbook(true);
  const preview = await upload(broken, true);
  expect(preview.statusCode).toBe(200);
  const result = preview.json();
  expect(result.imported).toBe(0);
  expect(result.valid).toBe(ROWS - 3);
  expect(
    result.rejected.map((r: { row: number; errors: { pointer: string }[] }) => [r.row, r.errors.map((e) => e.pointer)]),
  ).toEqual(Object.entries(BROKEN).map(([row, fault]) => [Number(row), [fault.pointer]]));
  expect(await importedCount()).toBe(0);

  const fixed = await workbook(false);
  const clean = await upload(fixed, true);
  expect(clean.json()).toEqual({ imported: 0, valid: ROWS, rejected: [] });
  expect(await importedCount()).toBe(0);

  const imported = await upload(fixed, false);
  expect(imported.statusCode).toBe(200);
  expect(imported.json()).toEqual({ imported: ROWS, rejected: [] });
  expect(await importedCount()).toBe(ROWS);
  const sample = await t.owner
    .selectFrom('responses as r')
    .innerJoin('cases as c', (join) => join.onRef('c.id', '=', 'r.case_id').onRef('c.service_id', '=', 'r.service_id'))
    .select(['c.opened_at', 'r.answers'])
    .where('c.reference', '=', 'OLD-13')
    .where('r.form_key', '=', 'core.intake')
    .executeTakeFirstOrThrow();
  expect(sample.opened_at).toBe('2024-02-14');
  expect(sample.answers).toMatchObject({
    referral_source: 'police',
    age: 31,
    consent_research: true,
    risk_level: 'high',
  });
  expect(JSON.stringify(sample.answers)).not.toContain('Synthetic note');
});

test('a file that is not a workbook, or an unknown mapping, is a 422 naming the problem', async () => {
  const notXlsx = await upload(Buffer.from('not a workbook'), true);
  expect(notXlsx.statusCode).toBe(422);
  expect(notXlsx.json().details[0].pointer).toBe('/file');
  const unknown = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases/import/spreadsheet?mapping=nothing&preview=true',
    headers: { cookie: manager, 'content-type': 'text/csv' },
    payload: 'a,b\n1,2\n',
  });
  expect(unknown.statusCode).toBe(422);
  expect(unknown.json().details[0].pointer).toBe('/mapping');
});
