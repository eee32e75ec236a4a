import { type RawBuilder, sql } from 'kysely';
import type { ReportFilters, ReportPeriod, ReportScope } from '../model';

/**
 * Which cases a figure counts (API.md, period semantics): intake figures count cases opened in
 * the period, outcome figures cases closed in it, caseload cases open at any time in it.
 */
export type Population = 'opened' | 'closed' | 'open_any';

export type FrameOptions = {
  population: Population;
  scope: ReportScope;
  period: ReportPeriod;
  filters: ReportFilters;
  /** Gather each case's submitted answers and scores (not needed for plain counts). */
  withAnswers: boolean;
};

function populationCondition(population: Population, { from, to }: ReportPeriod): RawBuilder<unknown> {
  if (population === 'opened') return sql`c.opened_at between ${from}::date and ${to}::date`;
  if (population === 'closed') return sql`c.closed_at between ${from}::date and ${to}::date`;
  return sql`c.opened_at <= ${to}::date and (c.closed_at is null or c.closed_at >= ${from}::date)`;
}

/**
 * The cases of one population with their submitted answers gathered into one jsonb object per
 * case, `a` = {formKey: answers} and `s` = {formKey: scores}. Row-level security (set by the
 * caller's transaction) limits the rows to the service, the practitioner's caseload, or the
 * sharing services; the national dataset is further limited here to consenting clients.
 */
export function caseFrame({ population, scope, period, filters, withAnswers }: FrameOptions): RawBuilder<unknown> {
  const answers = withAnswers
    ? sql`coalesce(f.a, '{}'::jsonb) as a, coalesce(f.s, '{}'::jsonb) as s
      from cases c
      left join lateral (
        select jsonb_object_agg(r.form_key, r.answers) as a, jsonb_object_agg(r.form_key, r.scores) as s
        from responses r
        where r.service_id = c.service_id and r.case_id = c.id and r.status = 'submitted'
      ) f on true`
    : sql`'{}'::jsonb as a, '{}'::jsonb as s from cases c`;
  const scoped =
    scope.kind === 'service' ? sql`c.service_id = ${scope.serviceId}::uuid` : sql`c.consent_research is true`;
  const role = filters.practitionerRole ? sql`and c.practitioner_role = ${filters.practitionerRole}` : sql``;
  const worker = filters.workerId ? sql`and c.worker_id = ${filters.workerId}::uuid` : sql``;
  return sql`select c.service_id, c.id, c.worker_id, c.opened_at, c.closed_at, ${answers}
    where ${populationCondition(population, period)} and ${scoped} ${role} ${worker}`;
}
