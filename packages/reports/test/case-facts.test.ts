import { createModuleRegistry } from '@harbour/api';
import { createDb, type Db, withNationalScope, withTenant } from '@harbour/db';
import { copyCases, datasetCases, insertServices, planDataset } from '@harbour/synth';
import { sql } from 'kysely';
import pg from 'pg';
import { testContactSealer } from '../../../test/helpers/app';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database';
import { completeness } from '../src/sections/completeness';
import { columnFromResponses, frameColumnsOf } from '../src/sql/expressions';
import { type Fixture, insertFixture } from './fixture';

let t: TestDatabase;
let api: Db;
let f: Fixture;

beforeAll(async () => {
  t = await createTestDatabase();
  f = await insertFixture(t.owner);
  api = createDb({ url: t.apiUrl, max: 2 });
});
afterAll(async () => {
  await api.destroy();
  await t.drop();
});

const CASE_COLUMNS = [
  'service_id',
  'case_id',
  'worker_id',
  'practitioner_role',
  'opened_at',
  'closed_at',
  'consent_research',
  'shared_with_service',
];

/** The key fields of each form's completeness figure, for the modules Harbour ships. */
const KEY_FIELDS = new Map(
  completeness(createModuleRegistry().modules()).figures.map((f) => {
    if (f.query.kind !== 'answered') throw new Error(`${f.key} is not a completeness figure`);
    return [f.query.form, f.query.fields] as const;
  }),
);

/** A "c|<form>" column computed from the answered keys and the report's own list of key fields. */
function answeredCountFromResponses(form: string): string {
  const fields = KEY_FIELDS.get(form);
  if (!fields) throw new Error(`no completeness figure for ${form}`);
  return `(case when "a|${form}" is not null then (select count(*) from unnest(answered_keys("a|${form}")) as k
    where k = any(array[${fields.map((f) => `'${f}'`).join(', ')}]))::smallint end)`;
}

/**
 * Every fact column against the same column computed from the case's responses (the report
 * frame's fallback), and every case attribute against cases: the names of the columns that
 * differ for some case, or a case without its facts row.
 */
async function disagreements(): Promise<string[]> {
  const { rows: columns } = await sql<{ name: string }>`select attname as name from pg_attribute
    where attrelid = 'case_facts'::regclass and attnum > 0 and not attisdropped order by attnum`.execute(t.owner);
  const facts = columns.map((c) => c.name).filter((name) => !CASE_COLUMNS.includes(name));
  expect(facts.length).toBeGreaterThan(40);
  const forms = [...new Set(facts.map((name) => name.split('|')[1] as string))];
  const gathered = forms.flatMap((form) => [
    `(array_agg(r.answers) filter (where r.form_key = '${form}'))[1] as "a|${form}"`,
    `(array_agg(r.scores) filter (where r.form_key = '${form}'))[1] as "s|${form}"`,
  ]);
  const differs = facts.map((name) => {
    const [column] = frameColumnsOf(`"${name}"`);
    const expected = column!.source === 'c' ? answeredCountFromResponses(column!.form) : columnFromResponses(column!);
    return `count(*) filter (where cf."${name}" is distinct from ${expected}) as "${name}"`;
  });
  const attributes = CASE_COLUMNS.slice(2).map(
    (name) => `count(*) filter (where cf.${name} is distinct from c.${name === 'case_id' ? 'id' : name}) as "${name}"`,
  );
  const { rows } = await sql<Record<string, string>>`select count(*) filter (where cf.case_id is null) as "missing",
      ${sql.raw([...differs, ...attributes].join(',\n'))}
    from cases c
    left join case_facts cf on cf.service_id = c.service_id and cf.case_id = c.id
    cross join lateral (select ${sql.raw(gathered.join(', '))} from responses r
      where r.service_id = c.service_id and r.case_id = c.id and r.status = 'submitted') x`.execute(t.owner);
  const extra = await sql<{ n: number }>`select count(*)::int as n from case_facts cf
    where not exists (select 1 from cases c where c.service_id = cf.service_id and c.id = cf.case_id)`.execute(t.owner);
  return [
    ...Object.entries(rows[0] ?? {})
      .filter(([, n]) => Number(n) > 0)
      .map(([name]) => name),
    ...(extra.rows[0]?.n ? ['facts of no case'] : []),
  ];
}

const factsOf = async (caseId: string) =>
  sql<Record<string, unknown>>`select * from case_facts where case_id = ${caseId}::uuid`
    .execute(t.owner)
    .then((r) => r.rows[0]);

test('the facts of every case agree with its cases row and its submitted responses', async () => {
  expect(await disagreements()).toEqual([]);
});

test('every kind of write keeps the facts in step', async () => {
  const [caseId, other] = Object.values(f.caseIds) as [string, string];
  const before = await factsOf(caseId);
  expect(before?.['a|core.intake|risk_level|t']).toBe('high');

  await sql`update responses set answers = answers || '{"risk_level": "medium", "age": 70}'::jsonb
    where case_id = ${caseId}::uuid and form_key = 'core.intake'`.execute(t.owner);
  expect(await factsOf(caseId)).toMatchObject({ 'a|core.intake|risk_level|t': 'medium', 'a|core.intake|age|n': 70 });

  await sql`update responses set status = 'draft', submitted_at = null
    where case_id = ${caseId}::uuid and form_key = 'core.exit'`.execute(t.owner);
  expect(await factsOf(caseId)).toMatchObject({
    'd|core.exit': false,
    'c|core.exit': null,
    'a|core.exit|risk_level|t': null,
  });

  await sql`delete from responses where case_id = ${caseId}::uuid and form_key = 'core.intake'`.execute(t.owner);
  expect(await factsOf(caseId)).toMatchObject({
    'd|core.intake': false,
    'c|core.intake': null,
    'a|core.intake|risk_level|t': null,
  });

  await sql`update cases set closed_at = null, status = 'open', worker_id = ${f.users.A2}::uuid
    where id = ${other}::uuid`.execute(t.owner);
  expect(await factsOf(other)).toMatchObject({ closed_at: null, worker_id: f.users.A2 });

  expect(await disagreements()).toEqual([]);
  await sql`delete from cases where id = ${other}::uuid`.execute(t.owner);
  expect(await factsOf(other)).toBeUndefined();
  expect(await disagreements()).toEqual([]);
});

test('the API role writes facts only through its own writes, and reads them under the cases rules', async () => {
  const practitioner = { serviceId: f.serviceA, userId: f.users.A3, role: 'practitioner' };
  const opened = await withTenant(api, practitioner, async (tx) => {
    const row = await tx
      .insertInto('cases')
      .values({ service_id: f.serviceA, worker_id: f.users.A3, opened_at: '2026-01-05', consent_research: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('responses')
      .values({
        service_id: f.serviceA,
        case_id: row.id,
        form_key: 'core.intake',
        module_key: 'core',
        form_version: 1,
        status: 'submitted',
        source: 'practitioner',
        answers: JSON.stringify({ risk_level: 'standard', needs_alcohol: true, gender: 'not_known' }),
        submitted_at: new Date(),
      })
      .execute();
    return row.id;
  });
  const seen = (ctx: { serviceId: string | null; userId: string; role: string }) =>
    withTenant(api, ctx, (tx) =>
      sql<{ case_id: string; risk: string; answered: number }>`select case_id, "a|core.intake|risk_level|t" as risk,
        "c|core.intake" as answered from case_facts where case_id = ${opened}::uuid`
        .execute(tx)
        .then((r) => r.rows),
    );
  expect(await seen(practitioner)).toEqual([
    // of the intake's key fields only risk_level: needs_alcohol is not one, gender is "not_known"
    { case_id: opened, risk: 'standard', answered: 1 },
  ]);
  expect(await seen({ ...practitioner, userId: f.users.A1 })).toEqual([]);
  expect(await seen({ serviceId: f.serviceA, userId: f.users.MA, role: 'manager' })).toHaveLength(1);
  expect(await seen({ serviceId: f.serviceB, userId: f.users.MB, role: 'manager' })).toEqual([]);
  expect(await seen({ serviceId: null, userId: f.users.MA, role: 'manager' })).toEqual([]);
  const national = await withNationalScope(api, { userId: f.users.R, role: 'researcher' }, (tx) =>
    sql<{ n: number }>`select count(*)::int as n from case_facts where case_id = ${opened}::uuid`.execute(tx),
  );
  expect(national.rows[0]?.n).toBe(1);
  await expect(
    withTenant(api, practitioner, (tx) => sql`delete from case_facts where case_id = ${opened}::uuid`.execute(tx)),
  ).rejects.toThrow(/permission denied/);
  expect(await disagreements()).toEqual([]);
});

test('the facts count completeness over the same key fields as the report', async () => {
  const { rows } = await sql<{ form: string; fields: string[] }>`select substr(attname, 3) as form,
      case_facts_key_fields(substr(attname, 3)) as fields
    from pg_attribute where attrelid = 'case_facts'::regclass and attname like 'c|%'`.execute(t.owner);
  expect(new Map(rows.map((r) => [r.form, [...r.fields].sort()]))).toEqual(
    new Map([...KEY_FIELDS].map(([form, fields]) => [form, [...fields].sort()])),
  );
});

test('a bulk load with the triggers off (the COPY loader as a superuser) rebuilds the same facts', async () => {
  const registry = createModuleRegistry();
  const plan = planDataset({
    seed: 'facts',
    cases: 400,
    years: 2,
    today: '2026-06-30',
    practitioners: [2, 3],
    modules: registry.modules(),
  });
  const client = new pg.Client({ connectionString: t.ownerUrl });
  await client.connect();
  try {
    await insertServices(client, plan.services);
    await copyCases(client, {
      registry,
      services: plan.services,
      cases: datasetCases(plan),
      sealer: testContactSealer(),
      batchSize: 150,
    });
    // the loader's session is back to firing triggers
    const role = await client.query<{ mode: string }>("select current_setting('session_replication_role') as mode");
    expect(role.rows[0]?.mode).toBe('origin');
  } finally {
    await client.end();
  }
  const loaded = await sql<{ n: number; facts: number; submitted: number }>`select count(*)::int as n,
      count(f.case_id)::int as facts, count(*) filter (where f."d|core.intake")::int as submitted
    from cases c left join case_facts f on f.service_id = c.service_id and f.case_id = c.id
    where c.service_id = any(${plan.services.map((s) => s.id)}::uuid[])`.execute(t.owner);
  expect(loaded.rows[0]?.n).toBeGreaterThan(300);
  expect(loaded.rows[0]?.facts).toBe(loaded.rows[0]?.n);
  expect(loaded.rows[0]?.submitted).toBeGreaterThan(300);
  expect(await disagreements()).toEqual([]);
});
