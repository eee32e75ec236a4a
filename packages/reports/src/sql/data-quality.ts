/**
 * Data-quality alerts of a service: the cases behind each, so a manager can go to them. Run in
 * the caller's tenant transaction (row-level security limits them to the service).
 */
import type { Tx } from '@harbour/db';
import { sql } from 'kysely';
import type { ReportPeriod } from '../model';
import { type CaseFilters, caseConditions } from './frame';

export type AlertCase = { caseId: string; reference: string | null; workerName: string; detail: string };

export type DataQualityAlert = {
  key: 'drafts_left' | 'missing_exits' | 'low_completeness';
  title: string;
  /** How many cases, of which at most `ALERT_CASES` are listed. */
  count: number;
  cases: AlertCase[];
};

const ALERT_CASES = 25;
/** A form left in draft this long is an alert: an autosaved form is normally submitted within days. */
const DRAFT_ALERT_DAYS = 14;
/** An intake with fewer of its key fields answered than this share is an alert. */
const LOW_COMPLETENESS = 0.7;

type Row = { case_id: string; reference: string | null; worker_name: string; detail: string; total: number };

function alertOf(key: DataQualityAlert['key'], title: string, rows: readonly Row[]): DataQualityAlert {
  return {
    key,
    title,
    count: rows[0]?.total ?? 0,
    cases: rows.map((r) => ({
      caseId: r.case_id,
      reference: r.reference,
      workerName: r.worker_name,
      detail: r.detail,
    })),
  };
}

export async function dataQualityAlerts(
  tx: Tx,
  options: { serviceId: string; filters: CaseFilters; period: ReportPeriod; asOf: string; intakeKeyFields: number },
): Promise<DataQualityAlert[]> {
  const { serviceId, filters, period, asOf } = options;
  const filtered = caseConditions(filters, 'c.id');
  const drafts = await sql<Row>`select c.id as case_id, c.reference, u.name as worker_name,
      string_agg(r.form_key || ' since ' || to_char(r.updated_at at time zone 'UTC', 'YYYY-MM-DD'), ', ' order by r.form_key) as detail,
      (count(*) over ())::int as total
    from responses r
    join cases c on c.service_id = r.service_id and c.id = r.case_id
    join users u on u.id = c.worker_id
    where r.service_id = ${serviceId}::uuid and r.status = 'draft'
      and r.updated_at < ${asOf}::date - ${DRAFT_ALERT_DAYS}::int ${filtered}
    group by c.id, c.reference, u.name, c.opened_at
    order by c.opened_at, c.id
    limit ${ALERT_CASES}`.execute(tx);
  const missingExits = await sql<Row>`select c.id as case_id, c.reference, u.name as worker_name,
      'closed ' || to_char(c.closed_at, 'YYYY-MM-DD') as detail, (count(*) over ())::int as total
    from case_facts f
    join cases c on c.service_id = f.service_id and c.id = f.case_id
    join users u on u.id = c.worker_id
    where f.service_id = ${serviceId}::uuid and f.closed_at between ${period.from}::date and ${period.to}::date
      and not f."d|core.exit" ${filtered}
    order by c.closed_at, c.id
    limit ${ALERT_CASES}`.execute(tx);
  const lowCompleteness = await sql<Row>`select c.id as case_id, c.reference, u.name as worker_name,
      f."c|core.intake" || ' of ' || ${options.intakeKeyFields}::int || ' key intake fields answered' as detail,
      (count(*) over ())::int as total
    from case_facts f
    join cases c on c.service_id = f.service_id and c.id = f.case_id
    join users u on u.id = c.worker_id
    where f.service_id = ${serviceId}::uuid and f.opened_at between ${period.from}::date and ${period.to}::date
      and f."d|core.intake" and f."c|core.intake" < ${LOW_COMPLETENESS * options.intakeKeyFields}::float8 ${filtered}
    order by f."c|core.intake", c.opened_at, c.id
    limit ${ALERT_CASES}`.execute(tx);
  return [
    alertOf('drafts_left', `Forms left in draft for more than ${DRAFT_ALERT_DAYS} days`, drafts.rows),
    alertOf('missing_exits', 'Cases closed in the last year without a submitted exit form', missingExits.rows),
    alertOf(
      'low_completeness',
      `Intakes of the last year with fewer than ${LOW_COMPLETENESS * 100}% of key fields answered`,
      lowCompleteness.rows,
    ),
  ];
}
