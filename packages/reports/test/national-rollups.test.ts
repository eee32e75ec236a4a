/**
 * The national rollups against a full recomputation (every population, cases open for their
 * service's review interval or more at the period's end included, with services of different
 * intervals): after seeded random writes of every kind (answers changed, forms submitted and
 * withdrawn, cases opened, closed, reopened, moved and deleted, consent and roles changed,
 * services joining and leaving the national dataset or changing their review interval,
 * questionnaire links), every national aggregate summed from the rollups (day and month rows,
 * each role's and all roles') equals the scan of the cases, for random periods and practitioner
 * roles, periods of whole months, edge days and periods across months and years.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createModuleRegistry } from '@harbour/api';
import { createDb, type Db, withNationalMaintenance, withNationalScope, withTenant } from '@harbour/db';
import { copyCases, createRandom, datasetCases, insertServices, planDataset, type Random } from '@harbour/synth';
import { sql } from 'kysely';
import pg from 'pg';
import { testContactSealer } from '../../../test/helpers/app';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database';
import { buildReportModel, nationalAggregates } from '../src/build-report-model';
import type { Aggregate } from '../src/figure-def';
import { monthsBefore } from '../src/periods';

const TODAY = '2026-06-30';
const FIRST_DAY = '2023-07-01';
const ROLES = ['idva', 'ypva', 'outreach', 'refuge', 'children', 'hospital_idva', 'other'];

let t: TestDatabase;
/** The two services that share with the national dataset at the start. */
let sharing: string[] = [];
let api: Db;
const registry = createModuleRegistry();
const actor = { userId: randomUUID(), role: 'researcher' };

beforeAll(async () => {
  t = await createTestDatabase();
  const client = new pg.Client({ connectionString: t.ownerUrl });
  await client.connect();
  try {
    // small services: two in the national dataset, one outside it
    const plan = planDataset({
      seed: 'rollups',
      cases: 900,
      years: 3,
      today: TODAY,
      practitioners: [1, 2],
      modules: registry.modules(),
    });
    await insertServices(client, plan.services);
    await copyCases(client, {
      registry,
      services: plan.services,
      cases: datasetCases(plan),
      sealer: testContactSealer(),
      batchSize: 300,
    });
    // services counting their long cases by different review intervals (one by the default)
    const [first, second] = plan.services;
    sharing = [first?.id ?? '', second?.id ?? ''];
    await client.query(
      `update services set settings = settings || '{"reviewIntervalMonths": 1}', shares_national_dataset = true where id = $1`,
      [first?.id],
    );
    await client.query(
      `update services set settings = settings || '{"reviewIntervalMonths": 6}', shares_national_dataset = true where id = $1`,
      [second?.id],
    );
  } finally {
    await client.end();
  }
  api = createDb({ url: t.apiUrl, max: 4 });
}, 120_000);
/** After the random writes (which toggle sharing) the first two services share again. */
async function shareAgain(): Promise<void> {
  await sql`update services set shares_national_dataset = true where id = any(${sharing}::uuid[])`.execute(t.owner);
}

afterAll(async () => {
  await api.destroy();
  await t.drop();
});

const isoDay = (day: number) =>
  new Date(Date.parse(`${FIRST_DAY}T00:00:00Z`) + day * 86_400_000).toISOString().slice(0, 10);
const DAYS = (Date.parse(`${TODAY}T00:00:00Z`) - Date.parse(`${FIRST_DAY}T00:00:00Z`)) / 86_400_000;

/** Means and standard deviations to 12 significant digits; every count exactly. */
function comparable(aggregates: Map<string, Aggregate>) {
  const round = (x: number | null) => (x === null ? null : Number(x.toPrecision(12)));
  return new Map(
    [...aggregates].map(([key, a]) => [key, a.kind === 'mean' ? { ...a, mean: round(a.mean), sd: round(a.sd) } : a]),
  );
}

async function expectAgreement(period: { from: string; to: string }, practitionerRole?: string) {
  const options = {
    period,
    filters: practitionerRole ? { practitionerRole } : {},
    modules: registry.modules(),
    actor,
  };
  const rolled = await nationalAggregates(api, { ...options, source: 'rollups' });
  const scanned = await nationalAggregates(api, { ...options, source: 'scan' });
  expect({ period, practitionerRole, figures: comparable(rolled.aggregates) }).toEqual({
    period,
    practitionerRole,
    figures: comparable(scanned.aggregates),
  });
  expect(rolled.distributions).toEqual(scanned.distributions);
  return scanned;
}

type CaseRow = { service_id: string; id: string; worker_id: string; opened_at: string; closed_at: string | null };

async function someCase(random: Random): Promise<CaseRow> {
  const { rows } = await sql<CaseRow>`select service_id, id, worker_id, opened_at::text, closed_at::text from cases
    order by id offset ${random.int(0, 800)} limit 1`.execute(t.owner);
  if (rows[0]) return rows[0];
  return (
    await sql<CaseRow>`select service_id, id, worker_id, opened_at::text, closed_at::text from cases limit 1`.execute(
      t.owner,
    )
  ).rows[0] as CaseRow;
}

/** One random write, as the owner (the triggers fire as on every write path). */
async function randomWrite(random: Random): Promise<string> {
  const c = await someCase(random);
  const kind = random.int(0, 12);
  const db = t.owner;
  switch (kind) {
    case 0: {
      const risk = random.pick(['standard', 'medium', 'high', 'not_known']);
      await sql`update responses set answers = answers || jsonb_build_object('risk_level', ${risk}::text, 'feels_safer', 'safer')
        where case_id = ${c.id}::uuid and form_key in ('core.intake', 'core.exit')`.execute(db);
      return 'answers changed';
    }
    case 1:
      await sql`update responses set status = 'draft', submitted_at = null
        where case_id = ${c.id}::uuid and form_key = ${random.pick(['core.exit', 'core.intake', 'mental-health.client_exit'])}`.execute(
        db,
      );
      return 'form withdrawn to draft';
    case 2:
      await sql`update responses set status = 'submitted', submitted_at = now()
        where case_id = ${c.id}::uuid and status = 'draft'`.execute(db);
      return 'drafts submitted';
    case 3:
      await sql`delete from responses where case_id = ${c.id}::uuid and form_key = ${random.pick(['core.exit', 'core.client_intake', 'children.intake'])}`.execute(
        db,
      );
      return 'response deleted';
    case 4:
      await sql`update cases set status = 'closed', closed_at = opened_at + ${random.int(0, 400)}::int
        where id = ${c.id}::uuid`.execute(db);
      return 'case closed';
    case 5:
      await sql`update cases set status = 'open', closed_at = null where id = ${c.id}::uuid`.execute(db);
      return 'case reopened';
    case 6:
      await sql`delete from cases where id = ${c.id}::uuid`.execute(db);
      return 'case deleted';
    case 7:
      await sql`update cases set consent_research = ${random.pick([true, false, null])} where id = ${c.id}::uuid`.execute(
        db,
      );
      return 'consent changed';
    case 8:
      await sql`update cases set practitioner_role = ${random.pick(ROLES)} where id = ${c.id}::uuid`.execute(db);
      return 'role changed';
    case 9:
      await sql`update services set shares_national_dataset = not shares_national_dataset
        where id = ${c.service_id}::uuid`.execute(db);
      return 'sharing toggled';
    case 11: {
      const months = random.pick([1, 2, 3, 6, 12]);
      await sql`update services set settings = settings || jsonb_build_object('reviewIntervalMonths', ${months}::int)
        where id = ${c.service_id}::uuid`.execute(db);
      return 'review interval changed';
    }
    case 10: {
      const opened = isoDay(random.int(0, DAYS));
      const { rows } = await sql<{
        id: string;
      }>`insert into cases (service_id, worker_id, practitioner_role, opened_at, consent_research)
        values (${c.service_id}::uuid, ${c.worker_id}::uuid, ${random.pick(ROLES)}, ${opened}::date, true) returning id`.execute(
        db,
      );
      const answers = {
        referral_source: random.pick(['police', 'marac', 'self']),
        risk_level: random.pick(['standard', 'medium', 'high']),
        gender: 'female',
        age: random.int(16, 80),
        local_authority: 'E08000025',
        abuse_physical: 'high',
      };
      await sql`insert into responses (service_id, case_id, form_key, module_key, form_version, status, source, answers, submitted_at)
        values (${c.service_id}::uuid, ${rows[0]?.id}::uuid, 'core.intake', 'core', 1, 'submitted', 'practitioner',
          ${JSON.stringify(answers)}::jsonb, now())`.execute(db);
      return 'case opened';
    }
    default:
      await sql`insert into questionnaire_links (service_id, case_id, form_key, token_hash, created_by, expires_at)
        values (${c.service_id}::uuid, ${c.id}::uuid, 'core.client_exit', ${randomBytes(32)}, ${c.worker_id}::uuid,
          now() + interval '7 days')`.execute(db);
      return 'questionnaire link';
  }
}

function randomPeriod(random: Random): { from: string; to: string } {
  const from = random.int(-30, DAYS);
  return { from: isoDay(from), to: isoDay(Math.min(DAYS + 30, from + random.int(0, 500))) };
}

test('summed rollups equal the scan of the cases after random writes, closes, reopenings and deletions', async () => {
  const random = createRandom('national-rollups');
  const whole = { from: '2000-01-01', to: '2030-12-31' };
  const first = await expectAgreement(whole);
  const opened = first.aggregates.get('cases_opened');
  expect(opened?.kind === 'count' && opened.count).toBeGreaterThan(300);
  // the long cases (open three months or more at the period's end) are there to be counted
  const interim = (await expectAgreement({ from: '2025-07-01', to: '2026-03-31' })).aggregates.get('interim_reviewed');
  expect(interim?.kind === 'rate' && interim.denominator).toBeGreaterThan(5);
  const done = new Set<string>();
  for (let round = 0; round < 6; round++) {
    for (let w = 0; w < 12; w++) done.add(await randomWrite(random));
    await expectAgreement(whole);
    await expectAgreement(randomPeriod(random));
    await expectAgreement(randomPeriod(random), random.pick(['idva', 'outreach', 'refuge']));
  }
  expect(done.size).toBeGreaterThan(10);
}, 300_000);

test("a period's end less a service's interval in months, worked out as PostgreSQL does", async () => {
  const ends = ['2025-05-31', '2024-03-31', '2024-02-29', '2025-01-15', '2025-12-31', '2026-03-30'];
  const { rows } = await sql<{ end: string; months: number; before: string }>`select e as end, m as months,
      (e::date - make_interval(months => m))::date::text as before
    from unnest(${ends}::text[]) as e cross join generate_series(1, 12) as m`.execute(t.owner);
  expect(rows.map((r) => monthsBefore(r.end, r.months))).toEqual(rows.map((r) => r.before));
});

test('periods of whole months, edge days, across months and years, ending on short months', async () => {
  const periods = [
    { from: '2024-01-01', to: '2024-12-31' },
    { from: '2024-01-31', to: '2024-03-01' },
    { from: '2023-12-15', to: '2025-01-15' },
    { from: '2024-02-01', to: '2024-02-29' },
    { from: '2024-02-29', to: '2024-05-31' },
    { from: '2025-03-31', to: '2025-08-31' },
    { from: '2024-11-30', to: '2025-01-01' },
    { from: '2025-06-02', to: '2025-06-29' },
  ];
  await shareAgain();
  for (const period of periods) await expectAgreement(period);
  await expectAgreement({ from: '2023-12-15', to: '2025-01-15' }, 'idva');
  // the long cases at a month's end, where a month back is clamped to a shorter month
  for (const to of ['2025-05-31', '2025-03-31', '2024-08-31', '2025-12-31']) {
    const interim = (await expectAgreement({ from: '2024-01-01', to })).aggregates.get('interim_reviewed');
    expect(interim?.kind === 'rate' && interim.denominator).toBeGreaterThan(0);
  }
}, 180_000);

test('a service changing its review interval moves its long cases, in the rollups as in the scan', async () => {
  const period = { from: '2025-07-01', to: '2026-03-31' };
  await shareAgain();
  // the sharing service with the most cases, to an interval other than its own
  const { rows } = await sql<{ id: string; months: number }>`select s.id,
      coalesce((s.settings ->> 'reviewIntervalMonths')::int, 3) as months
    from services s join cases c on c.service_id = s.id where s.shares_national_dataset
    group by s.id order by count(*) desc limit 1`.execute(t.owner);
  const months = rows[0]?.months === 1 ? 12 : 1;
  const before = (await expectAgreement(period)).aggregates.get('interim_reviewed');
  await sql`update services set settings = settings || jsonb_build_object('reviewIntervalMonths', ${months}::int)
    where id = ${rows[0]?.id}::uuid`.execute(t.owner);
  const after = (await expectAgreement(period)).aggregates.get('interim_reviewed');
  expect(after).not.toEqual(before);
}, 120_000);

test('a one-day period, a period with no cases, and every role', async () => {
  await expectAgreement({ from: '2025-03-03', to: '2025-03-03' });
  await expectAgreement({ from: '2031-01-01', to: '2031-12-31' });
  for (const role of ROLES) await expectAgreement({ from: '2024-04-01', to: '2025-03-31' }, role);
}, 120_000);

test('another module list retires the rollups it does not use and builds its own, with the same figures', async () => {
  const fewer = registry.modules().filter((m) => m.key !== 'children');
  const period = { from: '2024-04-01', to: '2025-03-31' };
  const options = { period, filters: {}, modules: fewer, actor };
  const rolled = await nationalAggregates(api, { ...options, source: 'rollups' });
  const scanned = await nationalAggregates(api, { ...options, source: 'scan' });
  expect(comparable(rolled.aggregates)).toEqual(comparable(scanned.aggregates));
  const layouts = await withNationalScope(api, actor, (tx) =>
    sql<{ n: number }>`select count(*)::int as n from national_rollup_layouts`.execute(tx),
  );
  expect(layouts.rows[0]?.n).toBeGreaterThan(2);
  await expectAgreement(period);
}, 120_000);

test('only the national scope reads or writes the rollups', async () => {
  await shareAgain();
  await nationalAggregates(api, {
    period: { from: '2024-01-01', to: '2024-12-31' },
    filters: {},
    modules: registry.modules(),
    actor,
    source: 'rollups',
  });
  const { rows } = await sql<{
    service_id: string;
    worker_id: string;
  }>`select service_id, worker_id from cases limit 1`.execute(t.owner);
  const tenant = { serviceId: rows[0]?.service_id ?? null, userId: rows[0]?.worker_id ?? null, role: 'manager' };
  const seen = await withTenant(api, tenant, (tx) =>
    sql<{ n: number }>`select count(*)::int as n from national_rollups`.execute(tx),
  );
  expect(seen.rows[0]?.n).toBe(0);
  await expect(
    withTenant(api, tenant, (tx) => sql`insert into national_rollup_layouts (layout) values ('forged')`.execute(tx)),
  ).rejects.toThrow(/row-level security/);
  const national = await withNationalScope(api, actor, (tx) =>
    sql<{ n: number; months: number; all: number }>`select count(*)::int as n,
        count(*) filter (where span = 'm')::int as months, count(*) filter (where practitioner_role = '*')::int as all
      from national_rollups`.execute(tx),
  );
  expect(national.rows[0]?.n).toBeGreaterThan(100);
  // month rows beside the day rows, all roles' rows beside each role's
  expect(national.rows[0]?.months).toBeGreaterThan(30);
  expect(national.rows[0]?.all).toBeGreaterThan(100);
});

test("a report's request does not wait for a build or another refresh: it scans, and the build runs in the background", async () => {
  await shareAgain();
  const period = { from: '2024-04-01', to: '2025-03-31' };
  const scanned = await nationalAggregates(api, {
    period,
    filters: {},
    modules: registry.modules(),
    actor,
    source: 'scan',
  });
  const opened = scanned.aggregates.get('cases_opened');
  const layouts = () =>
    withNationalMaintenance(api, actor, (tx) =>
      sql<{ n: number }>`select count(*)::int as n from national_rollup_layouts`.execute(tx),
    ).then((r) => r.rows[0]?.n ?? 0);
  // every layout gone, as after a migration that changes a figure or a bulk load
  await withNationalMaintenance(api, actor, (tx) => sql`delete from national_rollup_layouts`.execute(tx));
  // and another refresh at work, holding the rollups' lock
  const holder = new pg.Client({ connectionString: t.ownerUrl });
  await holder.connect();
  await holder.query('begin');
  await holder.query("select pg_advisory_xact_lock(hashtext('harbour.national_rollups'))");
  try {
    const started = Date.now();
    const model = await buildReportModel(api, {
      scope: { kind: 'national' },
      period,
      modules: registry.modules(),
      actor,
    });
    const figure = model.sections.flatMap((s) => s.figures).find((f) => f.key === 'cases_opened');
    expect(opened?.kind === 'count' && figure?.value).toBe(opened?.kind === 'count' && opened.count);
    // it waited a moment for the lock, not for the other refresh, and built nothing itself
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await layouts()).toBe(0);
  } finally {
    await holder.query('rollback');
    await holder.end();
  }
  // once the lock is free, the refresh the report started in the background builds every layout
  const until = Date.now() + 120_000;
  while ((await layouts()) === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
  expect(await layouts()).toBeGreaterThan(2);
  await expectAgreement(period);
}, 240_000);
