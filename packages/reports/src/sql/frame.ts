import { type RawBuilder, sql } from 'kysely';
import type { ReportFilters, ReportPeriod, ReportScope } from '../model';
import { columnFromResponses, type FrameColumn, occasionOf, type Sql, textLiteral } from './expressions';
import type { Facts } from './facts';

/**
 * Which cases a figure counts (docs/reports.md, "Who is counted"): intake figures count cases opened in
 * the period, outcome figures cases closed in it, caseload cases open at any time in it.
 */
export type Population = 'opened' | 'closed' | 'open_any' | 'closed_later' | 'open_long';

/** Calendar months a case must have been open at the end of the period to count as a long case. */
export const LONG_CASE_MONTHS = 3;

/** The filters as given, without empty ones: the report and the dashboard echo them back. */
export function presentFilters(filters: ReportFilters | undefined): ReportFilters {
  return {
    ...(filters?.practitionerRole ? { practitionerRole: filters.practitionerRole } : {}),
    ...(filters?.workerId ? { workerId: filters.workerId } : {}),
    ...(filters?.projectId ? { projectId: filters.projectId } : {}),
  };
}

export type FrameOptions = {
  population: Population;
  scope: ReportScope;
  period: ReportPeriod;
  filters: ReportFilters;
  /** The frame columns the query reads. */
  columns: readonly FrameColumn[];
  /** What the case_facts table holds. */
  facts: Facts;
  /**
   * Instead of the population's period: the national rollup's cases (sql/rollup.ts), those whose
   * `day` is one of `days` (every case with that day when null), with their practitioner role.
   */
  rollup?: { day: RollupDay; days: readonly string[] | null };
};

/** The date a national rollup row sums its cases by. */
export type RollupDay = 'opened_at' | 'closed_at';

function populationCondition(population: Population, { from, to }: ReportPeriod): RawBuilder<unknown> {
  if (population === 'opened') return sql`c.opened_at between ${from}::date and ${to}::date`;
  // `closed_later` is the same cases as `closed`, for the figures that read reviews and
  // follow-ups: their own query, so the exit figures' scan of case_facts stays as it was.
  if (population === 'closed' || population === 'closed_later') {
    return sql`c.closed_at between ${from}::date and ${to}::date`;
  }
  if (population === 'open_long') {
    return sql`c.opened_at <= (${to}::date - ${`${LONG_CASE_MONTHS} months`}::interval)
      and (c.closed_at is null or c.closed_at > ${to}::date)`;
  }
  return sql`c.opened_at <= ${to}::date and (c.closed_at is null or c.closed_at >= ${from}::date)`;
}

function rollupCondition({ day, days }: NonNullable<FrameOptions['rollup']>): RawBuilder<unknown> {
  const column = sql.ref(`c.${day}`);
  return days === null ? sql`${column} is not null` : sql`${column} = any(${days}::date[])`;
}

/** Columns computed from the case's responses: gathered in one index range scan of them. */
function fromResponses(columns: readonly FrameColumn[]): Sql {
  const bases = new Map<Sql, { source: 'a' | 's'; form: string }>();
  for (const { source, form } of columns) {
    const base = source === 's' ? ('s' as const) : ('a' as const);
    bases.set(`"${base}|${form}"`, { source: base, form });
  }
  const gathered = [...bases].map(([name, { source, form }]) => {
    const value = `r.${source === 'a' ? 'answers' : 'scores'}`;
    const at = occasionOf(form);
    if (at.occasion === null)
      return `(array_agg(${value}) filter (where r.form_key = ${textLiteral(form)}))[1] as ${name}`;
    const which = at.occasion === 'latest' ? 'r.occasion > 0' : `r.occasion = ${at.occasion}`;
    const order = at.occasion === 'latest' ? ' order by r.occasion desc' : '';
    return `(array_agg(${value}${order}) filter (where r.form_key = ${textLiteral(at.form)} and ${which}))[1] as ${name}`;
  });
  const computed = columns.filter((c) => !bases.has(c.name)).map((c) => `, ${columnFromResponses(c)} as ${c.name}`);
  const forms = [...new Set(columns.map((c) => textLiteral(occasionOf(c.form).form)))];
  // The columns are computed once per case in the lateral subquery; `offset 0` keeps PostgreSQL
  // from flattening it and recomputing them inside every figure's expression.
  return `left join lateral (
        select x.*${computed.join('')}
        from (
          select ${gathered.join(', ')}
          from responses r
          where r.service_id = c.service_id and r.case_id = c.case_id and r.status = 'submitted'
            and r.form_key in (${forms.join(', ')})
        ) x
        offset 0
      ) f on true`;
}

/**
 * The cases of one population, one row per case of case_facts, with the frame columns the query
 * reads: from case_facts where it has them, otherwise from the case's submitted responses.
 * Row-level security (set by the caller's transaction) limits the rows to the service, the
 * practitioner's caseload, or the sharing services; the national dataset is further limited here
 * to consenting clients.
 */
export function caseFrame({
  population,
  scope,
  period,
  filters,
  columns,
  facts,
  rollup,
}: FrameOptions): RawBuilder<unknown> {
  const stored = columns.filter((c) => facts.columns.has(c.name.slice(1, -1)));
  const gathered = columns.filter((c) => !facts.columns.has(c.name.slice(1, -1)));
  const selected = [
    'c.service_id',
    'c.case_id as id',
    'c.worker_id',
    'c.opened_at',
    'c.closed_at',
    ...(rollup ? ['c.practitioner_role'] : []),
    ...stored.map((c) => `c.${c.name}`),
    ...(gathered.length > 0 ? ['f.*'] : []),
  ].join(', ');
  const joined = gathered.length > 0 ? fromResponses(gathered) : '';
  const scoped =
    scope.kind === 'service' ? sql`c.service_id = ${scope.serviceId}::uuid` : sql`c.consent_research is true`;
  const role = filters.practitionerRole ? sql`and c.practitioner_role = ${filters.practitionerRole}` : sql``;
  const worker = filters.workerId ? sql`and c.worker_id = ${filters.workerId}::uuid` : sql``;
  const project = filters.projectId ? sql`and c.case_id in (${projectCases(filters.projectId)})` : sql``;
  const cases = rollup ? rollupCondition(rollup) : populationCondition(population, period);
  return sql`select ${sql.raw(selected)} from case_facts c ${sql.raw(joined)}
    where ${cases} and ${scoped} ${role} ${worker} ${project}`;
}

/**
 * The ids of a project's cases (migration 0051): those assigned to it on the case, and those
 * with no project of their own, opened within the project's dates, of one of its workers or
 * practitioner roles. Row-level security keeps it to the caller's service.
 */
export function projectCases(projectId: string): RawBuilder<unknown> {
  return sql`select x.id from cases x join projects p on p.service_id = x.service_id and p.id = ${projectId}::uuid
    where x.project_id = p.id
      or (x.project_id is null and x.opened_at >= p.starts_on and (p.ends_on is null or x.opened_at <= p.ends_on)
        and exists (select 1 from project_rules r where r.project_id = p.id
          and (r.worker_id = x.worker_id or r.practitioner_role = x.practitioner_role)))`;
}
