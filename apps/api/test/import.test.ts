import { examples as core } from '@harbour/module-core';
import { examples as mentalHealth } from '@harbour/module-mental-health';
import { stringify } from 'csv-stringify/sync';
import { sql } from 'kysely';
import { buildTestApp, login, seedService, seedUser, type TestApp } from '../../../test/helpers/app';
import { IN_PROGRESS, requestHash } from '../src/cases/idempotency';
import { IMPORT_ROUTE } from '../src/cases/import/import-cases';

let t: TestApp;
let serviceId: string;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await buildTestApp();
  serviceId = await seedService(t.owner);
  await seedUser(t.owner, { email: 'pat@example.org', serviceId, role: 'practitioner' });
  await seedUser(t.owner, { email: 'sam@example.org', serviceId, role: 'practitioner' });
  await seedUser(t.owner, { email: 'mo@example.org', serviceId, role: 'manager' });
  await t.owner
    .insertInto('service_modules')
    .values({ service_id: serviceId, module_key: 'mental-health', active_from: '2024-01-01', active_to: '2025-12-31' })
    .execute();
  for (const who of ['pat', 'mo']) cookies[who] = await login(t.app, `${who}@example.org`);
});
afterAll(async () => t.close());

const postImport = (who: string, body: string, type = 'text/csv', key?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/cases/import',
    headers: { cookie: cookies[who]!, 'content-type': type, ...(key ? { 'idempotency-key': key } : {}) },
    payload: body,
  });

const cell = (value: unknown) => (Array.isArray(value) ? value.join('|') : String(value));
const columnsOf = (formKey: string, answers: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(answers).map(([field, value]) => [`${formKey}.${field}`, cell(value)]));

/** A synthetic case row: intake for all, exit for every other row, PHQ-9 for every third. */
function goodRow(i: number): Record<string, string> {
  return {
    'case.reference': `IMP-${i}`,
    'case.opened_at': '2025-03-12',
    'case.worker_email': i % 2 ? 'pat@example.org' : 'sam@example.org',
    ...columnsOf('core.intake', { ...core['core.intake'], age: 18 + (i % 60), consent_research: i % 4 !== 0 }),
    ...(i % 2 ? columnsOf('core.exit', core['core.exit']) : {}),
    ...(i % 3 === 0
      ? columnsOf('mental-health.client_intake', {
          ...mentalHealth['mental-health.client_intake'],
          phq9_9: i % 6 === 0 ? 1 : 0,
        })
      : {}),
  };
}

/** Twenty broken rows, each with a known reason, at known places in the file. */
const breakages: [string, Record<string, string>][] = [
  ['/core.intake.referral_source', { 'core.intake.referral_source': 'carrier_pigeon' }],
  ['/core.intake.age', { 'core.intake.age': 'old' }],
  ['/case.opened_at', { 'case.opened_at': '' }],
  ['/case.worker_email', { 'case.worker_email': 'stranger@example.org' }],
  ['/core.exit.exit_date', columnsOf('core.exit', { ...core['core.exit'], exit_date: '2025-01-01' })],
];

function file(rows: Record<string, string>[]): string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return stringify(rows, { header: true, columns });
}

test('a 1,000-row file with 20 bad rows imports 980 and names each bad row and its reason', async () => {
  const rows = Array.from({ length: 1000 }, (_, i) => goodRow(i));
  const bad = new Map<number, string>();
  for (let k = 0; k < 20; k++) {
    const index = 13 + k * 47;
    const [pointer, patch] = breakages[k % breakages.length]!;
    Object.assign(rows[index]!, patch);
    bad.set(index + 1, pointer);
  }
  const response = await postImport('mo', file(rows), 'text/csv', 'import-1000');
  expect(response.statusCode).toBe(200);
  const result = response.json();
  expect(result.imported).toBe(980);
  expect(result.rejected.map((r: { row: number }) => r.row)).toEqual([...bad.keys()]);
  for (const rejected of result.rejected) {
    expect(rejected.errors.map((e: { pointer: string }) => e.pointer)).toContain(bad.get(rejected.row));
    expect(rejected.errors.every((e: { message: string }) => e.message.length > 0)).toBe(true);
  }

  const counts = await sql<{ cases: number; closed: number; flagged: number; consenting: number; responses: number }>`
    select (select count(*)::int from cases) cases,
           (select count(*)::int from cases where status = 'closed' and closed_at = '2025-09-22') closed,
           (select count(*)::int from cases where 'phq9_item9' = any(flags)) flagged,
           (select count(*)::int from cases where consent_research) consenting,
           (select count(*)::int from responses where source = 'import' and status = 'submitted') responses`.execute(
    t.owner,
  );
  const expectedRows = rows.map((_, i) => i).filter((i) => !bad.has(i + 1));
  expect(counts.rows[0]).toEqual({
    cases: 980,
    closed: expectedRows.filter((i) => i % 2).length,
    flagged: expectedRows.filter((i) => i % 6 === 0).length,
    consenting: expectedRows.filter((i) => i % 4 !== 0).length,
    responses: expectedRows.reduce((n, i) => n + 1 + (i % 2) + (i % 3 === 0 ? 1 : 0), 0),
  });
  const scored = await t.owner
    .selectFrom('responses')
    .select(['scores', 'module_key', 'form_version'])
    .where('form_key', '=', 'mental-health.client_intake')
    .executeTakeFirstOrThrow();
  expect(scored).toMatchObject({
    module_key: 'mental-health',
    form_version: 1,
    scores: { phq9_total: expect.any(Number) },
  });
  const audited = await sql<{
    n: number;
  }>`select count(*)::int n from audit_log where action = 'case.imported'`.execute(t.owner);
  expect(audited.rows[0]!.n).toBe(980);

  // the same file with the same key imports nothing twice; the same key with another file is refused
  const replay = await postImport('mo', file(rows), 'text/csv', 'import-1000');
  expect(replay.json()).toEqual(result);
  const other = await postImport('mo', file(rows.slice(0, 10)), 'text/csv', 'import-1000');
  expect(other.statusCode).toBe(422);
  expect((await sql<{ n: number }>`select count(*)::int n from cases`.execute(t.owner)).rows[0]!.n).toBe(980);
});

test('JSON lines carry typed values, lists of children, and rows outside a module window are refused', async () => {
  const lines = [
    {
      'case.reference': 'ND-1',
      'case.opened_at': '2025-02-01',
      'case.practitioner_role': 'outreach',
      ...Object.fromEntries(Object.entries(core['core.intake']).map(([k, v]) => [`core.intake.${k}`, v])),
    },
    {
      'case.opened_at': '2023-01-05',
      'mental-health.client_intake.phq9_1': 1,
      'core.exit.exit_date': '2023-06-01',
      'core.exit.closure_reason': 'planned',
    },
    'not json',
    { 'case.opened_at': '2025-02-01', 'core.intake.shoe_size': 7 },
  ]
    .map((line) => (typeof line === 'string' ? line : JSON.stringify(line)))
    .join('\n');
  const response = await postImport('pat', lines, 'application/x-ndjson');
  expect(response.statusCode).toBe(200);
  const { imported, rejected } = response.json();
  expect(imported).toBe(1);
  expect(rejected.map((r: { row: number }) => r.row)).toEqual([2, 3, 4]);
  expect(rejected[0].errors[0]).toEqual({
    pointer: '/mental-health.client_intake',
    message: expect.stringMatching(
      /Mental health module, which is active for this service from 2024-01-01 to 2025-12-31/,
    ),
  });
  expect(rejected[1].errors[0].message).toMatch(/not valid JSON/);
  expect(rejected[2].errors).toEqual([
    { pointer: '/core.intake.shoe_size', message: 'is not a column of the data dictionary' },
  ]);
  const stored = await t.owner
    .selectFrom('cases')
    .selectAll()
    .where('reference', '=', 'ND-1')
    .executeTakeFirstOrThrow();
  expect(stored).toMatchObject({ practitioner_role: 'outreach', status: 'open', consent_research: true });
  const intake = await t.owner
    .selectFrom('responses')
    .select('answers')
    .where('case_id', '=', stored.id)
    .executeTakeFirstOrThrow();
  expect(intake.answers.disability_types).toEqual(['mental_health', 'long_term_condition']);
});

test('a practitioner imports only their own cases', async () => {
  const rows: Record<string, string>[] = [
    { 'case.opened_at': '2025-02-01', 'case.reference': 'MINE' },
    { 'case.opened_at': '2025-02-01', 'case.worker_email': 'sam@example.org' },
  ];
  const response = await postImport('pat', file(rows));
  expect(response.json()).toEqual({
    imported: 1,
    rejected: [{ row: 2, errors: [{ pointer: '/case.worker_email', message: expect.stringMatching(/your own/) }] }],
  });
});

test('a file with a column outside the data dictionary imports nothing; other content types are refused', async () => {
  const before = (await sql<{ n: number }>`select count(*)::int n from cases`.execute(t.owner)).rows[0]!.n;
  const response = await postImport('mo', file([{ 'case.opened_at': '2025-02-01', 'core.intake.star_sign': 'leo' }]));
  expect(response.statusCode).toBe(422);
  expect(response.json().details).toEqual([
    { pointer: '/core.intake.star_sign', message: 'is not a column of the data dictionary' },
  ]);
  const json = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases/import',
    headers: { cookie: cookies.mo! },
    payload: { 'case.opened_at': '2025-02-01' },
  });
  expect(json.statusCode).toBe(415);
  expect((await postImport('mo', '"unterminated,quote\n')).statusCode).toBe(422);
  expect((await sql<{ n: number }>`select count(*)::int n from cases`.execute(t.owner)).rows[0]!.n).toBe(before);
});

test('free-text answers are sealed at rest in imported responses', async () => {
  const row = {
    'case.opened_at': '2025-02-01',
    'case.reference': 'SEALED-1',
    ...columnsOf('core.client_exit', core['core.client_exit']),
  };
  const response = await postImport('pat', file([row]));
  expect(response.json()).toEqual({ imported: 1, rejected: [] });
  const stored = await t.owner
    .selectFrom('responses as r')
    .innerJoin('cases as c', 'c.id', 'r.case_id')
    .select(['r.case_id', 'r.answers', 'r.sealed'])
    .where('c.reference', '=', 'SEALED-1')
    .executeTakeFirstOrThrow();
  expect(stored.answers).not.toHaveProperty('comments');
  expect(JSON.stringify(stored)).not.toContain(core['core.client_exit'].comments);
  const opened = await t.app.sealer.unsealAnswers(t.owner, {
    serviceId,
    caseId: stored.case_id,
    formKey: 'core.client_exit',
    answers: stored.answers,
    sealed: stored.sealed,
  });
  expect(opened.comments).toBe(core['core.client_exit'].comments);
});

test('a row the database refuses costs only itself: its batch is written again one row at a time', async () => {
  const before = (await sql<{ n: number }>`select count(*)::int n from cases`.execute(t.owner)).rows[0]!.n;
  const lines = [
    { 'case.opened_at': '2025-02-01', 'case.reference': 'FINE-1' },
    // PostgreSQL text cannot hold a NUL character: only the database notices
    { 'case.opened_at': '2025-02-01', 'case.reference': 'NUL\u0000REF' },
    { 'case.opened_at': '2025-02-30', 'case.reference': 'NO-SUCH-DAY' },
    { 'case.opened_at': '2025-02-01', 'case.reference': 'FINE-2' },
  ]
    .map((line) => JSON.stringify(line))
    .join('\n');
  const response = await postImport('pat', lines, 'application/x-ndjson');
  expect(response.json()).toEqual({
    imported: 2,
    rejected: [
      { row: 2, errors: [{ pointer: '', message: expect.stringMatching(/could not be stored/) }] },
      { row: 3, errors: [{ pointer: '/case.opened_at', message: 'must be a date written YYYY-MM-DD' }] },
    ],
  });
  expect((await sql<{ n: number }>`select count(*)::int n from cases`.execute(t.owner)).rows[0]!.n).toBe(before + 2);
});

test('an import cut off midway leaves its key taken, and a retry with it is told so, not told to wait', async () => {
  const body = file([goodRow(9001)]);
  const mo = await t.owner
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'mo@example.org')
    .executeTakeFirstOrThrow();
  const interrupted = (key: string, minutesAgo: number) =>
    t.owner
      .insertInto('idempotency_keys')
      .values({
        service_id: serviceId,
        user_id: mo.id,
        route: IMPORT_ROUTE,
        key,
        request_hash: requestHash('csv', body),
        response_status: IN_PROGRESS,
        response_body: JSON.stringify(null),
        created_at: sql<Date>`now() - ${`${minutesAgo} minutes`}::interval`,
      })
      .execute();
  await interrupted('lost-connection', 60);
  const retried = await postImport('mo', body, 'text/csv', 'lost-connection');
  expect(retried.statusCode).toBe(409);
  expect(retried.json().message).toMatch(/was interrupted before it finished.*send the rest with a new key/);
  await interrupted('still-running', 1);
  const waiting = await postImport('mo', body, 'text/csv', 'still-running');
  expect(waiting.statusCode).toBe(409);
  expect(waiting.json().message).toMatch(/still being processed/);
  // nothing was imported by either answer
  const imported = await sql<{ n: number }>`select count(*)::int as n from cases where reference = 'IMP-9001'`.execute(
    t.owner,
  );
  expect(imported.rows[0]?.n).toBe(0);
});
