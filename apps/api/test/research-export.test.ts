import { examples as childExamples } from '@harbour/module-children';
import { examples as coreExamples } from '@harbour/module-core';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { buildTestApp, login, seedUser, type TestApp } from '../../../test/helpers/app';
import { insertCase, insertService } from './research/fixtures';

const PERIOD = 'from=2025-01-01&to=2025-12-31';
const MARKER = 77; // prior_police_reports_12m of every case a researcher must never see
const intake = coreExamples['core.intake'];

let t: TestApp;
let researcher: string;
const ids = { cases: [] as string[], services: [] as string[], workers: [] as string[] };

async function exportOf(query: string) {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/v1/research/export?${PERIOD}${query}`,
    headers: { cookie: researcher },
  });
  expect(response.statusCode).toBe(200);
  const rows = parse(response.body, { columns: true }) as Record<string, string>[];
  return { response, rows };
}

beforeAll(async () => {
  t = await buildTestApp();
  const sharing = await insertService(t.owner, 'Riverside Idva Service', { shares: true });
  const closed = await insertService(t.owner, 'Hillside Outreach', { shares: false });
  const named = await insertService(t.owner, 'Northgate Refuge', { shares: true, from: '2025-03-01', named: true });
  ids.services.push(sharing, closed, named);
  const worker = (serviceId: string, email: string) => seedUser(t.owner, { email, serviceId, role: 'practitioner' });
  const [wA, wB, wC] = [
    await worker(sharing, 'a@x.org'),
    await worker(closed, 'b@x.org'),
    await worker(named, 'c@x.org'),
  ];
  ids.workers.push(wA, wB, wC);
  await seedUser(t.owner, { email: 'researcher@x.org', platformRole: 'researcher' });
  researcher = await login(t.app, 'researcher@x.org');
  // a small fixture: the floor of an export is lowered to what it holds
  await sql`update research_settings set minimum_export_cases = 10`.execute(t.owner);

  const add = async (serviceId: string, workerId: string, openedAt: string, forms: Record<string, object>, more = {}) =>
    ids.cases.push(
      await insertCase(t.owner, t.registry, {
        serviceId,
        workerId,
        openedAt,
        reference: `REF-${ids.cases.length}`,
        forms: forms as Record<string, Record<string, unknown>>,
        ...more,
      }),
    );
  // six alike (a group of ≥ 5: exported as recorded), one of them closed with exit forms and children
  await add(
    sharing,
    wA,
    '2025-03-10',
    {
      'core.intake': intake,
      'core.exit': coreExamples['core.exit'],
      'core.client_exit': coreExamples['core.client_exit'],
      'children.intake': childExamples['children.intake'],
      'children.exit': childExamples['children.exit'],
    },
    { closedAt: '2025-09-22' },
  );
  for (let i = 0; i < 5; i++) await add(sharing, wA, '2025-03-10', { 'core.intake': intake });
  // five alike but for the month: groups of 3 and 2, one group of 5 by quarter → generalised
  const older = { ...intake, age: 50, ethnicity: 'black_african', disability: 'no', local_authority: 'E08000025' };
  delete (older as Record<string, unknown>).disability_types;
  for (const day of ['2025-05-05', '2025-05-06', '2025-05-07', '2025-06-20', '2025-06-21'])
    await add(sharing, wA, day, { 'core.intake': older });
  // one unique combination → blanked
  const unique = { ...older, age: 70, gender: 'male', ethnicity: 'asian_chinese', local_authority: 'W06000015' };
  await add(sharing, wA, '2025-08-01', { 'core.intake': unique });
  // the named service, after it started sharing: joins the six
  await add(named, wC, '2025-03-15', { 'core.intake': intake });

  // never to be seen: no consent; a service that does not share; opened before sharing started
  const hidden = { ...intake, prior_police_reports_12m: MARKER };
  await add(sharing, wA, '2025-03-10', { 'core.intake': { ...hidden, consent_research: false } }, { consent: false });
  await add(closed, wB, '2025-03-10', { 'core.intake': hidden });
  await add(closed, wB, '2025-04-10', { 'core.intake': hidden });
  await add(named, wC, '2025-02-10', { 'core.intake': hidden });
});
afterAll(async () => t.close());

test('a researcher sees the consenting cases of sharing services only; a service under k cases in a quarter is not named', async () => {
  const { rows, response } = await exportOf('');
  expect(rows).toHaveLength(13);
  expect(rows.some((r) => r['core.intake.prior_police_reports_12m'] === String(MARKER))).toBe(false);
  // the named service has one case in its quarter, the other service one in 2025 Q3: neither is shown
  expect(rows.filter((r) => r['case.service'] === 'Northgate Refuge')).toHaveLength(0);
  expect(rows.filter((r) => r['case.service'] === '')).toHaveLength(2);
  expect(rows.filter((r) => /^S-[0-9a-f]{10}$/.test(r['case.service']!))).toHaveLength(11);
  expect(response.headers['content-type']).toContain('text/csv');
  expect(response.headers['content-disposition']).toContain('harbour-cases-2025-01-01-2025-12-31.csv');
  expect(response.headers.link).toContain('/api/v1/research/export/readme?');
});

test('no column is an identifier, a reference, free text, an exact date, a local authority or a worker id', async () => {
  const { rows } = await exportOf('');
  const headers = Object.keys(rows[0]!);
  expect(headers.filter((h) => /(^|\.)(id|reference|worker_id|local_authority|comments|age)$|_date$/.test(h))).toEqual(
    [],
  );
  const secrets = [
    ...ids.cases,
    ...ids.services,
    ...ids.workers,
    'Riverside Idva Service',
    'E09000033',
    'E08000025',
    'W06000015',
    coreExamples['core.client_exit'].comments,
  ];
  for (const row of rows) {
    for (const value of Object.values(row)) {
      expect(value).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(value).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
      expect(value).not.toMatch(/^REF-/);
      expect(secrets).not.toContain(value);
    }
  }
  const closed = rows.find((r) => r['case.closed_month'] !== '')!;
  expect(closed['case.opened_month']).toBe('2025-03');
  expect(closed['core.exit.exit_month']).toBe('2025-09');
  expect(closed['core.intake.referral_month']).toBe('2025-03');
  expect(closed['core.intake.age_band']).toBe('25-34');
  expect(closed['core.intake.region']).toBe('E12000007');
  expect(closed['core.exit.support_provided']).toBe('safety_planning|marac|civil_order|housing');
  expect(closed['core.client_exit.who5_percent']).toBe('60');
});

test('pseudonyms are stable within an export (cases and children join) and differ between exports', async () => {
  const first = await exportOf('');
  const second = await exportOf('');
  const pseudonyms = (rows: Record<string, string>[]) => new Set(rows.map((r) => r['case.pseudonym']));
  const a = pseudonyms(first.rows);
  const b = pseudonyms(second.rows);
  expect(a.size).toBe(13);
  expect([...a].filter((p) => b.has(p))).toEqual([]);
  expect(new Set(first.rows.map((r) => r['case.service'])).size).toBe(2);

  const children = await exportOf(`&table=children&export=${first.response.headers['x-harbour-export']}`);
  expect(children.rows).toHaveLength(2);
  expect(children.rows.every((r) => a.has(r['case.pseudonym']))).toBe(true);
  expect(children.rows.map((r) => r['children.intake.children.age_band'])).toEqual(['5-10', '0-4']);
  expect(children.rows.map((r) => r['children.exit.children.feels_safer'])).toEqual(['safer', 'much_safer']);
  expect(Object.keys(children.rows[0]!)).not.toContain('children.intake.children.child_ref');

  const fresh = await exportOf('&table=children');
  expect(fresh.rows.some((r) => a.has(r['case.pseudonym']!))).toBe(false);
});

test('k-anonymity: small groups are generalised, a unique combination blanked, and the README says so', async () => {
  const { rows, response } = await exportOf('');
  expect(response.headers['x-harbour-k-anonymity']).toBe('k=5; cases=13; generalised=5; blanked=1');
  const generalised = rows.filter((r) => r['case.opened_month'] === '2025-Q2');
  expect(generalised).toHaveLength(5);
  for (const row of generalised) {
    expect(row['core.intake.age_band']).toBe('45-64');
    expect(row['core.intake.ethnicity']).toBe('black');
    expect(row['core.intake.region']).toBe('E92000001');
    expect(row['core.intake.referral_month']).toBe('2025-Q1');
  }
  const blanked = rows.filter((r) => r['core.intake.age_band'] === '');
  expect(blanked).toHaveLength(1);
  for (const key of ['core.intake.gender', 'core.intake.ethnicity', 'core.intake.region', 'case.opened_month'])
    expect(blanked[0]![key]).toBe('');
  expect(rows.filter((r) => r['core.intake.ethnicity'] === 'white_british')).toHaveLength(7);

  const readme = await t.app.inject({
    method: 'GET',
    url: `/api/v1/research/export/readme?${PERIOD}`,
    headers: { cookie: researcher },
  });
  expect(readme.statusCode).toBe(200);
  expect(readme.headers['content-type']).toContain('text/markdown');
  expect(readme.body).toContain('cases opened from 2025-01-01 to 2025-12-31');
  expect(readme.body).toContain('7 of 13 cases');
  expect(readme.body).toMatch(/5 cases \(38\.5%\) were in a group of fewer than 5/);
  expect(readme.body).toMatch(/1 cases \(7\.7%\) were still in a group/);
});

test('JSON lines keep lists as arrays; the dictionary describes every exported column', async () => {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/v1/research/export?${PERIOD}&format=jsonl`,
    headers: { cookie: researcher },
  });
  expect(response.statusCode).toBe(200);
  const lines = response.body
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines).toHaveLength(13);
  const withTypes = lines.find((l) => Array.isArray(l['core.intake.disability_types']));
  expect(withTypes['core.intake.disability_types']).toEqual(['mental_health', 'long_term_condition']);

  const json = await t.app.inject({
    method: 'GET',
    url: '/api/v1/research/dictionary',
    headers: { cookie: researcher },
  });
  const columns = json.json().columns as { table: string; key: string; codes: unknown[] }[];
  const keys = new Set(columns.filter((c) => c.table === 'cases').map((c) => c.key));
  expect(Object.keys(lines[0]).filter((k) => !keys.has(k))).toEqual([]);
  expect(keys.has('core.client_exit.comments')).toBe(false);
  expect(keys.has('migration.intake.country_of_birth')).toBe(false);
  const csv = await t.app.inject({
    method: 'GET',
    url: '/api/v1/research/dictionary?format=csv',
    headers: { cookie: researcher },
  });
  const codebook = parse(csv.body, { columns: true }) as Record<string, string>[];
  expect(codebook).toHaveLength(columns.length);
  expect(codebook.find((c) => c.key === 'core.intake.gender')!.codes).toContain('female=');
});

test('managers, practitioners and admins cannot reach research routes; exports are audited', async () => {
  const serviceId = ids.services[0]!;
  await seedUser(t.owner, { email: 'm@x.org', serviceId, role: 'manager' });
  await seedUser(t.owner, { email: 'admin@x.org', platformRole: 'admin' });
  for (const email of ['m@x.org', 'a@x.org', 'admin@x.org']) {
    const cookie = await login(t.app, email);
    for (const url of [
      `/api/v1/research/export?${PERIOD}`,
      '/api/v1/research/dictionary',
      `/api/v1/research/export/readme?${PERIOD}`,
    ]) {
      const response = await t.app.inject({ method: 'GET', url, headers: { cookie } });
      expect([403, 404]).toContain(response.statusCode);
    }
    const crosstab = await t.app.inject({
      method: 'POST',
      url: '/api/v1/research/crosstab',
      headers: { cookie },
      payload: {
        from: '2025-01-01',
        to: '2025-12-31',
        rows: ['core.intake.gender'],
        columns: ['core.intake.risk_level'],
      },
    });
    expect([403, 404]).toContain(crosstab.statusCode);
  }
  const audit = await sql<{ details: { from: string; table: string; kAnonymity: { cases: number } } }>`
    select details from audit_log where action = 'research.export'`.execute(t.owner);
  expect(audit.rows.length).toBeGreaterThanOrEqual(4);
  expect(audit.rows[0]!.details).toMatchObject({ from: '2025-01-01', table: 'cases', kAnonymity: { cases: 13 } });
});

test('a researcher cannot reuse another period or an unknown export id', async () => {
  const first = await exportOf('');
  const id = first.response.headers['x-harbour-export'];
  const other = await t.app.inject({
    method: 'GET',
    url: `/api/v1/research/export?from=2025-02-01&to=2025-12-31&table=children&export=${id}`,
    headers: { cookie: researcher },
  });
  expect(other.statusCode).toBe(400);
  const unknown = await t.app.inject({
    method: 'GET',
    url: `/api/v1/research/export?${PERIOD}&export=00000000-0000-4000-8000-000000000000`,
    headers: { cookie: researcher },
  });
  expect(unknown.statusCode).toBe(404);
});

test('cases the linkage found to be one person share a person pseudonym; a rejected match does not join them', async () => {
  const shared = await sql<{ id: string; service_id: string }>`
    select c.id, c.service_id from cases c join services s on s.id = c.service_id
    where s.shares_national_dataset and c.opened_at between '2025-03-01' and '2025-12-31'
    order by c.reference limit 4`.execute(t.owner);
  const [a, b, c, d] = shared.rows;
  const link = (from: typeof a, to: typeof a, decision: string | null) =>
    sql`
    insert into linkage_matches (service_id, case_id, other_service_id, other_case_id, other_from, dice, decision)
    values (${from!.service_id}, ${from!.id}, ${to!.service_id}, ${to!.id}, '2025-01-01', 0.9, ${decision})`.execute(
      t.owner,
    );
  await link(b, a, null);
  await link(d, c, 'rejected');
  const first = await exportOf('');
  expect(Object.keys(first.rows[0]!)).toContain('case.person');
  const persons = first.rows.map((r) => r['case.person']!);
  // one pair joined, the rejected pair not: one person fewer than cases
  expect(new Set(persons).size).toBe(first.rows.length - 1);
  expect(persons.every((p) => /^P-[0-9a-f]{20}$/.test(p))).toBe(true);
  const second = await exportOf('');
  expect(second.rows.some((r) => persons.includes(r['case.person']!))).toBe(false);
});
