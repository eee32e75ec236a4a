/**
 * The core report's aggregations written twice — PostgreSQL over the JSONB answers as Harbour
 * stores them, and DuckDB over flat Parquet columns — so the two engines can be timed on the
 * same questions and their answers compared. Definitions follow docs/reports.md: intake
 * figures over cases opened in the period, outcomes over matched cases closed in it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type pg from 'pg';

export type Scope = { serviceId: string } | 'national';
export type Period = { from: string; to: string };
export type Figures = Record<string, number>;

const ABUSE = ['physical', 'sexual', 'harassment_stalking', 'jealous_controlling', 'economic'];
const RANK = `case %s when 'high' then 3 when 'medium' then 2 when 'standard' then 1 end`;

/** Figures a report shows, as `select` expressions over intake `a`, exit `x` (JSON text accessors differ). */
function outcomeColumns(get: (side: 'a' | 'x', key: string) => string): string {
  const columns: string[] = [];
  for (const type of ABUSE) {
    const before = get('a', `abuse_${type}`);
    const after = get('x', `abuse_${type}`);
    const counted = `${before} is not null and ${before} <> 'none' and ${after} is not null and ${after} <> 'not_known'`;
    columns.push(`count(*) filter (where ${counted}) as stopped_${type}_den`);
    columns.push(`count(*) filter (where ${counted} and ${after} = 'none') as stopped_${type}_num`);
  }
  const riskBefore = get('a', 'risk_level');
  const riskAfter = get('x', 'risk_level');
  const riskCounted = `${riskBefore} in ('high', 'medium') and ${riskAfter} in ('high', 'medium', 'standard')`;
  columns.push(`count(*) filter (where ${riskCounted}) as risk_reduced_den`);
  columns.push(
    `count(*) filter (where ${riskCounted} and (${RANK.replace('%s', riskAfter)}) < (${RANK.replace('%s', riskBefore)})) as risk_reduced_num`,
  );
  const safer = get('x', 'feels_safer');
  columns.push(`count(*) filter (where ${safer} is not null and ${safer} <> 'not_known') as feels_safer_den`);
  columns.push(`count(*) filter (where ${safer} in ('much_safer', 'safer')) as feels_safer_num`);
  return columns.join(',\n');
}

function numbers(row: Record<string, unknown>, prefix = ''): Figures {
  const figures: Figures = {};
  for (const [key, value] of Object.entries(row)) {
    if (value === null || value === undefined) continue;
    figures[`${prefix}${key}`] = Math.round(Number(value) * 1000) / 1000;
  }
  return figures;
}

// PostgreSQL ---------------------------------------------------------------------------------

function pgScope(scope: Scope, alias: string): string {
  return scope === 'national'
    ? `${alias}.service_id in (select id from services where shares_national_dataset)`
    : `${alias}.service_id = '${scope.serviceId}'`;
}

export async function pgFigures(client: pg.ClientBase, scope: Scope, period: Period): Promise<Figures> {
  const params = [period.from, period.to];
  const where = pgScope(scope, 'c');
  const headline = await client.query(
    `select count(*) as opened,
            count(*) filter (where i.answers->>'risk_level' = 'high') as high_risk,
            count(*) filter (where i.answers->>'marac_referral' = 'true') as marac_referred,
            count(*) filter (where (i.answers->>'children_in_household')::int >= 1) as with_children
     from cases c join responses i on i.service_id = c.service_id and i.case_id = c.id and i.form_key = 'core.intake'
     where ${where} and c.opened_at between $1 and $2`,
    params,
  );
  const referrals = await client.query<{ key: string; n: string }>(
    `select i.answers->>'referral_source' as key, count(*) as n
     from cases c join responses i on i.service_id = c.service_id and i.case_id = c.id and i.form_key = 'core.intake'
     where ${where} and c.opened_at between $1 and $2 group by 1`,
    params,
  );
  const ethnicity = await client.query<{ key: string; n: string }>(
    `select split_part(i.answers->>'ethnicity', '_', 1) as key, count(*) as n
     from cases c join responses i on i.service_id = c.service_id and i.case_id = c.id and i.form_key = 'core.intake'
     where ${where} and c.opened_at between $1 and $2
       and i.answers->>'ethnicity' not in ('not_known', 'prefer_not_to_say') group by 1`,
    params,
  );
  const get = (side: 'a' | 'x', key: string) => `${side === 'a' ? 'i' : 'e'}.answers->>'${key}'`;
  const outcomes = await client.query(
    `select count(*) as matched, ${outcomeColumns(get)}
     from cases c
     join responses i on i.service_id = c.service_id and i.case_id = c.id and i.form_key = 'core.intake'
     join responses e on e.service_id = c.service_id and e.case_id = c.id and e.form_key = 'core.exit'
     where ${where} and c.closed_at between $1 and $2`,
    params,
  );
  const change = await client.query(
    `select count(*) as client_pairs,
            avg((e.answers->>'safety_now')::numeric - (i.answers->>'safety_now')::numeric) as safety_change,
            avg((e.scores->>'who5_percent')::numeric - (i.scores->>'who5_percent')::numeric) as who5_change
     from cases c
     join responses i on i.service_id = c.service_id and i.case_id = c.id and i.form_key = 'core.client_intake'
     join responses e on e.service_id = c.service_id and e.case_id = c.id and e.form_key = 'core.client_exit'
     where ${where} and c.closed_at between $1 and $2`,
    params,
  );
  return {
    ...numbers(headline.rows[0]),
    ...Object.fromEntries(referrals.rows.map((r) => [`referral_${r.key}`, Number(r.n)])),
    ...Object.fromEntries(ethnicity.rows.map((r) => [`ethnicity_${r.key}`, Number(r.n)])),
    ...numbers(outcomes.rows[0]),
    ...numbers(change.rows[0]),
  };
}

// DuckDB -------------------------------------------------------------------------------------

const INTAKE_KEYS = [
  'risk_level',
  'marac_referral',
  'children_in_household',
  'referral_source',
  'ethnicity',
  ...ABUSE.map((t) => `abuse_${t}`),
];
const EXIT_KEYS = ['risk_level', 'feels_safer', ...ABUSE.map((t) => `abuse_${t}`)];

/**
 * Exports the core forms from PostgreSQL (CSV through COPY) and writes flat Parquet files:
 * intake, exit and client answers as typed columns, one row per case.
 */
export async function exportParquet(
  client: pg.ClientBase,
  duck: DuckDBConnection,
  dir: string,
  copyToFile: (client: pg.ClientBase, sql: string, file: string) => Promise<void>,
): Promise<void> {
  const csv = `${dir}/core-forms.csv`;
  await copyToFile(
    client,
    `copy (select c.service_id, c.id as case_id, c.opened_at, c.closed_at, s.shares_national_dataset as shares,
                  r.form_key, r.answers::text as answers, r.scores::text as scores
           from responses r join cases c on c.service_id = r.service_id and c.id = r.case_id
           join services s on s.id = c.service_id
           where r.form_key in ('core.intake', 'core.exit', 'core.client_intake', 'core.client_exit'))
     to stdout with (format csv, header)`,
    csv,
  );
  await duck.run(`create or replace table raw as select * from read_csv('${csv}', header = true, columns = {
    'service_id': 'varchar', 'case_id': 'varchar', 'opened_at': 'date', 'closed_at': 'date', 'shares': 'boolean',
    'form_key': 'varchar', 'answers': 'json', 'scores': 'json'})`);
  const pick = (keys: string[]) => keys.map((k) => `answers->>'${k}' as ${k}`).join(', ');
  await duck.run(`copy (select service_id, case_id, opened_at, closed_at, shares, ${pick(INTAKE_KEYS)}
                        from raw where form_key = 'core.intake') to '${dir}/intake.parquet' (format parquet)`);
  await duck.run(`copy (select case_id, ${pick(EXIT_KEYS)} from raw where form_key = 'core.exit')
                  to '${dir}/exit.parquet' (format parquet)`);
  await duck.run(`copy (select case_id, form_key, (answers->>'safety_now')::int as safety_now,
                               (scores->>'who5_percent')::int as who5_percent
                        from raw where form_key in ('core.client_intake', 'core.client_exit'))
                  to '${dir}/client.parquet' (format parquet)`);
  await duck.run('drop table raw');
}

/** Cases of the scope whose `dateColumn` falls in the period, as a `where` condition on `alias`. */
function duckWhere(scope: Scope, period: Period, alias: string, dateColumn: 'opened_at' | 'closed_at'): string {
  const inScope = scope === 'national' ? `${alias}.shares` : `${alias}.service_id = '${scope.serviceId}'`;
  return `${inScope} and ${alias}.${dateColumn} between date '${period.from}' and date '${period.to}'`;
}

async function duckRows(duck: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const reader = await duck.runAndReadAll(sql);
  return reader.getRowObjectsJS() as Record<string, unknown>[];
}

export async function duckFigures(duck: DuckDBConnection, dir: string, scope: Scope, period: Period): Promise<Figures> {
  const intake = `read_parquet('${dir}/intake.parquet')`;
  const opened = duckWhere(scope, period, 'a', 'opened_at');
  const closed = duckWhere(scope, period, 'a', 'closed_at');
  const [headline] = await duckRows(
    duck,
    `select count(*) as opened,
            count(*) filter (where risk_level = 'high') as high_risk,
            count(*) filter (where marac_referral = 'true') as marac_referred,
            count(*) filter (where children_in_household::int >= 1) as with_children
     from ${intake} a where ${opened}`,
  );
  const referrals = await duckRows(
    duck,
    `select referral_source as key, count(*) as n from ${intake} a where ${opened} group by 1`,
  );
  const ethnicity = await duckRows(
    duck,
    `select split_part(ethnicity, '_', 1) as key, count(*) as n from ${intake} a
     where ${opened} and ethnicity not in ('not_known', 'prefer_not_to_say') group by 1`,
  );
  const get = (side: 'a' | 'x', key: string) => `${side}.${key}`;
  const [outcomes] = await duckRows(
    duck,
    `select count(*) as matched, ${outcomeColumns(get)}
     from ${intake} a join read_parquet('${dir}/exit.parquet') x using (case_id) where ${closed}`,
  );
  const [change] = await duckRows(
    duck,
    `select count(*) as client_pairs,
            avg(e.safety_now - i.safety_now) as safety_change,
            avg(e.who5_percent - i.who5_percent) as who5_change
     from ${intake} a
     join read_parquet('${dir}/client.parquet') i on i.case_id = a.case_id and i.form_key = 'core.client_intake'
     join read_parquet('${dir}/client.parquet') e on e.case_id = a.case_id and e.form_key = 'core.client_exit'
     where ${closed}`,
  );
  return {
    ...numbers(headline ?? {}),
    ...Object.fromEntries(referrals.map((r) => [`referral_${r.key}`, Number(r.n)])),
    ...Object.fromEntries(ethnicity.map((r) => [`ethnicity_${r.key}`, Number(r.n)])),
    ...numbers(outcomes ?? {}),
    ...numbers(change ?? {}),
  };
}

/** Keys whose values differ between two sets of figures. */
export function differences(a: Figures, b: Figures): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => Math.abs((a[k] ?? 0) - (b[k] ?? 0)) > 0.01).sort();
}
