import { type RawBuilder, sql } from 'kysely';
import type { ReportFilters, ReportPeriod, ReportScope } from '../model';
import { type FrameColumns, textLiteral } from './expressions';

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
  /** The answers and scores of forms (and fields of them) that become columns. */
  columns: FrameColumns;
};

function populationCondition(population: Population, { from, to }: ReportPeriod): RawBuilder<unknown> {
  if (population === 'opened') return sql`c.opened_at between ${from}::date and ${to}::date`;
  if (population === 'closed') return sql`c.closed_at between ${from}::date and ${to}::date`;
  return sql`c.opened_at <= ${to}::date and (c.closed_at is null or c.closed_at >= ${from}::date)`;
}

/**
 * The cases of one population with, per case, the submitted answers (`"a|<form>"`) and scores
 * (`"s|<form>"`) of the forms asked for, gathered in one index range scan of the case's
 * responses. Row-level security (set by the caller's transaction) limits the rows to the
 * service, the practitioner's caseload, or the sharing services; the national dataset is
 * further limited here to consenting clients.
 */
export function caseFrame({ population, scope, period, filters, columns }: FrameOptions): RawBuilder<unknown> {
  const { forms, fields } = columns;
  const gathered = forms.map(
    ({ source, form }) =>
      `(array_agg(r.${source === 'a' ? 'answers' : 'scores'}) filter (where r.form_key = ${textLiteral(form)}))[1] as "${source}|${form}"`,
  );
  // The field columns are computed once per case in the lateral subquery; `offset 0` keeps
  // PostgreSQL from flattening it and recomputing them inside every figure's expression.
  const answers =
    forms.length > 0
      ? sql`, f.* from cases c
      left join lateral (
        select x.*${sql.raw(fields.map((f) => `, ${f}`).join(''))}
        from (
          select ${sql.raw(gathered.join(', '))}
          from responses r
          where r.service_id = c.service_id and r.case_id = c.id and r.status = 'submitted'
            and r.form_key in (${sql.raw([...new Set(forms.map((f) => textLiteral(f.form)))].join(', '))})
        ) x
        offset 0
      ) f on true`
      : sql` from cases c`;
  const scoped =
    scope.kind === 'service' ? sql`c.service_id = ${scope.serviceId}::uuid` : sql`c.consent_research is true`;
  const role = filters.practitionerRole ? sql`and c.practitioner_role = ${filters.practitionerRole}` : sql``;
  const worker = filters.workerId ? sql`and c.worker_id = ${filters.workerId}::uuid` : sql``;
  return sql`select c.service_id, c.id, c.worker_id, c.opened_at, c.closed_at${answers}
    where ${populationCondition(population, period)} and ${scoped} ${role} ${worker}`;
}
