import { DEFAULT_REVIEW_INTERVAL_MONTHS, type Tx } from '@harbour/db';
import { type RawBuilder, sql } from 'kysely';
import type { ReportFilters, ReportPeriod, ReportScope } from '../model';
import { columnFromResponses, type FrameColumn, occasionOf, type Sql, textLiteral } from './expressions';
import type { Facts } from './facts';

/**
 * Which cases a figure counts (docs/reports.md, "Who is counted"): intake figures count cases opened in
 * the period, outcome figures cases closed in it, caseload cases open at any time in it.
 */
export type Population = 'opened' | 'closed' | 'open_any' | 'closed_later' | 'open_long';

/**
 * A long case (population `open_long`) has been open, at the end of the period, longer than its
 * own service's review interval: the frame joins the case's service as `sv` and carries the
 * interval as `review_interval_months`, so a national report counts each case by its service's.
 */
const REVIEW_INTERVAL_MONTHS = `coalesce((sv.settings ->> 'reviewIntervalMonths')::int, ${DEFAULT_REVIEW_INTERVAL_MONTHS})`;

/** The filters as given, without empty ones: the report and the dashboard echo them back. */
export function presentFilters(filters: ReportFilters | undefined): ReportFilters {
  return {
    ...(filters?.practitionerRole ? { practitionerRole: filters.practitionerRole } : {}),
    ...(filters?.workerId ? { workerId: filters.workerId } : {}),
    ...(filters?.projectId ? { projectId: filters.projectId } : {}),
  };
}

/**
 * The filters as the frame's SQL applies them: a project is the ids of its cases, read once per
 * report (caseFiltersOf) rather than worked out again for every row of every query, which made
 * a project's report twice as slow as the whole service's (docs/benchmarks.md, "Dashboard").
 */
export type CaseFilters = { practitionerRole?: string; workerId?: string; projectCaseIds?: readonly string[] };

/** The filters with a project's case ids read in the caller's transaction (its snapshot, its service). */
export async function caseFiltersOf(tx: Tx, filters: ReportFilters): Promise<CaseFilters> {
  const { projectId, ...rest } = filters;
  if (!projectId) return rest;
  const { rows } = await sql<{ id: string }>`${projectCases(projectId)}`.execute(tx);
  return { ...rest, projectCaseIds: rows.map((r) => r.id) };
}

/** The filters as SQL conditions on cases or case_facts aliased `c`, whose case id is `idColumn`. */
export function caseConditions(filters: CaseFilters, idColumn: 'c.id' | 'c.case_id'): RawBuilder<unknown> {
  return sql`${filters.practitionerRole ? sql`and c.practitioner_role = ${filters.practitionerRole}` : sql``}
    ${filters.workerId ? sql`and c.worker_id = ${filters.workerId}::uuid` : sql``}
    ${filters.projectCaseIds ? sql`and ${sql.raw(idColumn)} = any(${filters.projectCaseIds}::uuid[])` : sql``}`;
}

export type FrameOptions = {
  population: Population;
  scope: ReportScope;
  period: ReportPeriod;
  filters: CaseFilters;
  /** The frame columns the query reads. */
  columns: readonly FrameColumn[];
  /** What the case_facts table holds. */
  facts: Facts;
  /** Only the cases of services where this module is active in the period. */
  amongModule?: string;
  /**
   * Instead of the population's period: the national rollup's cases (sql/rollup.ts), those whose
   * `day` is one of `days` (every case with that day when null), with their practitioner role
   * (and their service's review interval for the layouts of long cases).
   */
  rollup?: { day: RollupDay; days: readonly string[] | null; interval: boolean };
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
    return sql`c.opened_at <= (${to}::date - make_interval(months => ${sql.raw(REVIEW_INTERVAL_MONTHS)}))
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

/** The children's responses of forms answered per child, one `{child_ref: answers}` object a form. */
function fromChildResponses(columns: readonly FrameColumn[]): Sql {
  const gathered = columns.map(
    (c) =>
      `jsonb_object_agg(cr.child_ref, cr.answers) filter (where cr.form_key = ${textLiteral(c.form)}) as ${c.name}`,
  );
  return `left join lateral (
        select ${gathered.join(', ')}
        from child_responses cr
        where cr.service_id = c.service_id and cr.case_id = c.case_id
          and cr.form_key in (${[...new Set(columns.map((c) => textLiteral(c.form)))].join(', ')})
      ) v on true`;
}

/** Only the services where a module is active at some time in the period (benchmarks among peers). */
function amongServicesWith(moduleKey: string | undefined, { from, to }: ReportPeriod): RawBuilder<unknown> {
  if (!moduleKey) return sql``;
  return sql`and c.service_id in (select sm.service_id from service_modules sm
      where sm.module_key = ${moduleKey} and sm.active_from <= ${to}::date
        and (sm.active_to is null or sm.active_to >= ${from}::date))`;
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
  amongModule,
  rollup,
}: FrameOptions): RawBuilder<unknown> {
  const voices = columns.filter((c) => c.source === 'v');
  const stored = columns.filter((c) => c.source !== 'v' && facts.columns.has(c.name.slice(1, -1)));
  const gathered = columns.filter((c) => c.source !== 'v' && !facts.columns.has(c.name.slice(1, -1)));
  const long = rollup ? rollup.interval : population === 'open_long';
  const selected = [
    'c.service_id',
    'c.case_id as id',
    'c.worker_id',
    'c.opened_at',
    'c.closed_at',
    ...(rollup ? ['c.practitioner_role'] : []),
    ...(long ? [`${REVIEW_INTERVAL_MONTHS} as review_interval_months`] : []),
    ...stored.map((c) => `c.${c.name}`),
    ...(gathered.length > 0 ? ['f.*'] : []),
    ...(voices.length > 0 ? ['v.*'] : []),
  ].join(', ');
  const joined = [
    long ? 'join services sv on sv.id = c.service_id' : '',
    gathered.length > 0 ? fromResponses(gathered) : '',
    voices.length > 0 ? fromChildResponses(voices) : '',
  ].join('\n');
  const scoped =
    scope.kind === 'service' ? sql`c.service_id = ${scope.serviceId}::uuid` : sql`c.consent_research is true`;
  const cases = rollup ? rollupCondition(rollup) : populationCondition(population, period);
  return sql`select ${sql.raw(selected)} from case_facts c ${sql.raw(joined)}
    where ${cases} and ${scoped} ${caseConditions(filters, 'c.case_id')}
      ${amongServicesWith(amongModule, period)}`;
}

/**
 * The ids of a project's cases (migration 0051): those assigned to it on the case, and those
 * with no project of their own, opened within the project's dates, of one of its workers or
 * practitioner roles. Row-level security keeps it to the caller's service.
 */
export function projectCases(projectId: string): RawBuilder<unknown> {
  // Two index scans rather than one over all the service's cases with an `or`: the cases
  // assigned on the case (cases_project), and those opened within the project's dates
  // (cases_opened) of one of its workers or roles.
  return sql`select x.id from cases x join projects p on p.service_id = x.service_id and p.id = ${projectId}::uuid
      where x.project_id = p.id
    union all
    select x.id from cases x join projects p on p.service_id = x.service_id and p.id = ${projectId}::uuid
      where x.project_id is null and x.opened_at >= p.starts_on and (p.ends_on is null or x.opened_at <= p.ends_on)
        and exists (select 1 from project_rules r where r.project_id = p.id
          and (r.worker_id = x.worker_id or r.practitioner_role = x.practitioner_role))`;
}
