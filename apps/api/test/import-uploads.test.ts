import {
  buildTestApp,
  countCasesWithReference,
  login,
  seedService,
  seedUser,
  type TestApp,
} from '../../../test/helpers/app';

const MAPPING = {
  'Our ref': 'case.reference',
  Opened: 'case.opened_at',
  'How referred': 'core.intake.referral_source',
  Age: 'core.intake.age',
  'Referred on': 'core.intake.referral_date',
  'Agreed to research': 'core.intake.consent_research',
  Risk: 'core.intake.risk_level',
  Notes: null,
};
const HEADINGS = Object.keys(MAPPING).join(',');
const row = (i: number, fields: { opened?: string; source?: string; age?: string } = {}) =>
  `UP-${i},${fields.opened ?? `2024-03-0${(i % 9) + 1}`},${fields.source ?? 'police'},${fields.age ?? String(20 + i)},2024-03-01,yes,medium,a note`;
const GOOD = [HEADINGS, ...Array.from({ length: 30 }, (_, i) => row(i))].join('\n');
// sheet rows 4 and 9 (headings are row 1) are broken
const BAD = [
  HEADINGS,
  ...Array.from({ length: 30 }, (_, i) =>
    i === 2 ? row(i, { source: 'carrier pigeon' }) : i === 7 ? row(i, { opened: '2024-13-40', age: 'old' }) : row(i),
  ),
].join('\n');

let t: TestApp;
let serviceId: string;
let manager: string;
let otherManager: string;

beforeAll(async () => {
  t = await buildTestApp();
  serviceId = await seedService(t.owner);
  await seedUser(t.owner, { email: 'mo@example.org', serviceId, role: 'manager' });
  await seedUser(t.owner, { email: 'max@example.org', serviceId, role: 'manager' });
  manager = await login(t.app, 'mo@example.org');
  otherManager = await login(t.app, 'max@example.org');
  const saved = await t.app.inject({
    method: 'PUT',
    url: '/api/v1/import-mappings/past%20cases',
    headers: { cookie: manager },
    payload: { columns: MAPPING },
  });
  expect(saved.statusCode).toBe(200);
});
afterAll(async () => t.close());

const upload = async (csv: string) => {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases/import/uploads?fileName=cases.csv',
    headers: { cookie: manager, 'content-type': 'text/csv' },
    payload: csv,
  });
  expect(response.statusCode).toBe(201);
  return response.json() as { id: string; headings: string[]; state: string };
};

/** The upload once its job has finished, asking as a page would. */
async function settled(id: string) {
  for (;;) {
    const response = await t.app.inject({ url: `/api/v1/cases/import/uploads/${id}`, headers: { cookie: manager } });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    if (body.state !== 'checking' && body.state !== 'importing') return body;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const start = (id: string, step: 'check' | 'import', cookie = manager) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/cases/import/uploads/${id}/${step}`,
    headers: { cookie },
    payload: step === 'check' ? { mapping: 'past cases' } : {},
  });

const importedCount = () => countCasesWithReference(t, serviceId, 'UP-');

test('the saved mappings and the columns to map to are listed', async () => {
  const mappings = await t.app.inject({ url: '/api/v1/import-mappings', headers: { cookie: manager } });
  expect(mappings.json()).toEqual([expect.objectContaining({ name: 'past cases', columns: MAPPING })]);
  const columns = await t.app.inject({ url: '/api/v1/cases/import/columns', headers: { cookie: manager } });
  const list = columns.json() as { column: string; label: string; formTitle: string }[];
  expect(list[0]).toEqual({ column: 'case.reference', label: 'Case reference', form: null, formTitle: 'Case' });
  expect(list.find((c) => c.column === 'core.intake.age')?.label).toMatch(/age/i);
  expect(list.some((c) => c.column === 'core.review.2.risk_level')).toBe(true);
});

test('an upload is checked as a job that names each bad row and field, writes nothing and cannot be imported', async () => {
  const bad = await upload(BAD);
  expect(bad.headings).toEqual(Object.keys(MAPPING));
  expect(bad.state).toBe('uploaded');
  const refused = await start(bad.id, 'import');
  expect(refused.statusCode).toBe(409);

  const checking = await start(bad.id, 'check');
  expect(checking.statusCode).toBe(202);
  const checked = await settled(bad.id);
  expect(checked.state).toBe('checked');
  expect(checked.mapping).toBe('past cases');
  expect(checked.result.valid).toBe(28);
  expect(
    checked.result.rejected.map((r: { row: number; errors: { pointer: string }[] }) => [
      r.row,
      r.errors.map((e) => e.pointer).sort(),
    ]),
  ).toEqual([
    [4, ['/core.intake.referral_source']],
    [9, ['/case.opened_at', '/core.intake.age']],
  ]);
  expect(await importedCount()).toBe(0);

  const stillRefused = await start(bad.id, 'import');
  expect(stillRefused.statusCode).toBe(409);
  expect(stillRefused.json().message).toMatch(/2 rows with problems/);
  expect(await importedCount()).toBe(0);
});

test("another manager of the same service cannot see or use someone's upload", async () => {
  const mine = await upload(GOOD);
  const seen = await t.app.inject({
    url: `/api/v1/cases/import/uploads/${mine.id}`,
    headers: { cookie: otherManager },
  });
  expect(seen.statusCode).toBe(404);
  expect((await start(mine.id, 'check', otherManager)).statusCode).toBe(404);
});

test('a fixed file, checked clean, imports every row once', async () => {
  const fixed = await upload(GOOD);
  expect((await start(fixed.id, 'check')).statusCode).toBe(202);
  expect((await settled(fixed.id)).result).toEqual({ imported: 0, valid: 30, rejected: [] });
  expect(await importedCount()).toBe(0);

  expect((await start(fixed.id, 'import')).statusCode).toBe(202);
  const done = await settled(fixed.id);
  expect(done.state).toBe('imported');
  expect(done.result).toEqual({ imported: 30, rejected: [] });
  expect(await importedCount()).toBe(30);
  const again = await start(fixed.id, 'import');
  expect(again.statusCode).toBe(409);
  expect(await importedCount()).toBe(30);
});

test('a file whose mapped columns are not in the dictionary fails its check with the columns named', async () => {
  const odd = await upload('Our ref,Opened,Shoe size\nUP-X,2024-01-01,9\n');
  await start(odd.id, 'check');
  const failed = await settled(odd.id);
  expect(failed.state).toBe('failed');
  expect(failed.problem.details).toEqual([
    { pointer: '/Shoe size', message: 'is not a column of the data dictionary' },
  ]);
});

test('an unknown mapping, an unreadable workbook and an id that is not a uuid are 4xx', async () => {
  const some = await upload(GOOD);
  const unknown = await t.app.inject({
    method: 'POST',
    url: `/api/v1/cases/import/uploads/${some.id}/check`,
    headers: { cookie: manager },
    payload: { mapping: 'nothing' },
  });
  expect(unknown.statusCode).toBe(422);
  expect(unknown.json().details[0].pointer).toBe('/mapping');
  const notXlsx = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases/import/uploads',
    headers: { cookie: manager, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    payload: Buffer.from('not a workbook'),
  });
  expect(notXlsx.statusCode).toBe(422);
  expect(notXlsx.json().details[0].pointer).toBe('/file');
  const badId = await t.app.inject({ url: '/api/v1/cases/import/uploads/nope', headers: { cookie: manager } });
  expect(badId.statusCode).toBe(400);
});
