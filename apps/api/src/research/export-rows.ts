/**
 * The rows of a research export: the SQL that reads them and the functions that turn a database
 * row into an export record. Rows are read through a server-side cursor, a batch at a time, so an
 * export of any size holds two batches in memory (the one being written and the next).
 *
 * The cases statement works in two phases so that the sort stays narrow: the quasi-identifiers of
 * every case are read, their k-anonymity groups counted and the cases put in the export's random
 * order; only then, row by row as the cursor is read, are the answers and scores of the case's
 * submitted forms fetched, as JSON text. (Picking the exported fields out in SQL, one `->` each,
 * cost PostgreSQL more than the whole documents cost to send and parse: about 150 fields a case.)
 */
import type { Tx } from '@harbour/db';
import { type RawBuilder, sql } from 'kysely';
import type { ExportColumn } from './export-columns';
import { nationalCases, nationalCasesWhere, type Period } from './national-cases';
import { pseudonymOf } from './pseudonym';
import {
  bandOf,
  CHILD_AGE_BANDS,
  intakeQuasiAnswers,
  type KLevel,
  kLevelled,
  periodOf,
  type QuasiIdentifierRow,
  quasiIdentifierColumns,
  quasiIdentifierValue,
} from './quasi-identifiers';

/** The answers and scores of each submitted form a column reads. */
export type StoredForms = Record<string, [answers: Record<string, unknown>, scores: Record<string, unknown>]>;

export type CaseRow = QuasiIdentifierRow & {
  id: string;
  service_id: string;
  service_name: string | null;
  service_kind: string;
  /** The service's cases opened in the same quarter: below k, the service is not shown. */
  service_cases: number;
  practitioner_role: string | null;
  opened_at: string;
  closed_at: string | null;
  status: string;
  /** How many cases the export has, generalised and blanked: the same on every row. */
  total_cases: number;
  total_generalised: number;
  total_blanked: number;
  forms: StoredForms;
};

export type ChildRow = { id: string; number: number } & Record<`item${number}`, Record<string, unknown> | null>;

export type KAnonymityOutcome = { k: number; cases: number; generalised: number; blanked: number };

/** The forms the answer columns of a cases export read. */
export function exportedForms(columns: ExportColumn[]): string[] {
  const forms = columns.flatMap((c) =>
    c.source.kind === 'answer' || c.source.kind === 'linked' ? [c.source.form] : [],
  );
  return [...new Set(forms)];
}

const CASE_COLUMNS = [
  'id',
  'service_id',
  'opened_at',
  'closed_at',
  'status',
  'practitioner_role',
  'service_kind',
  'service_name',
  'service_cases',
];

/** The cases of the period with their quasi-identifiers and k-anonymity level. */
function levelledCases(period: Period, k: number): RawBuilder<unknown> {
  return sql`base as (
      select c.id, c.service_id, c.opened_at, c.closed_at, c.status, c.practitioner_role,
        s.kind as service_kind, case when s.named_in_research then s.name end as service_name,
        (count(*) over (partition by c.service_id, date_trunc('quarter', c.opened_at)))::int as service_cases,
        ${quasiIdentifierColumns()}
      from ${nationalCases}
      left join responses i on i.service_id = c.service_id and i.case_id = c.id
        and i.form_key = 'core.intake' and i.status = 'submitted'
      cross join ${intakeQuasiAnswers()}
      where ${nationalCasesWhere(period)}
    ), ${kLevelled('base', CASE_COLUMNS, k)}`;
}

/** How many cases an export has and how many k-anonymity generalised or blanked. */
export async function kAnonymityOutcome(tx: Tx, period: Period, k: number): Promise<KAnonymityOutcome> {
  const { rows } = await sql<Omit<KAnonymityOutcome, 'k'>>`with ${levelledCases(period, k)}
    select count(*)::int as cases,
      count(*) filter (where k_level = 1)::int as generalised,
      count(*) filter (where k_level = 2)::int as blanked
    from levelled`.execute(tx);
  return { k, ...(rows[0] as Omit<KAnonymityOutcome, 'k'>) };
}

/** The k-anonymity outcome carried by the rows of a cases export (none: an empty export). */
export function kAnonymityOfRow(row: CaseRow | undefined, k: number): KAnonymityOutcome {
  return row
    ? { k, cases: row.total_cases, generalised: row.total_generalised, blanked: row.total_blanked }
    : { k, cases: 0, generalised: 0, blanked: 0 };
}

/**
 * One row per case, in an order keyed by `salt` (neither case creation nor service order shows),
 * with the export's k-anonymity totals on every row. The sort carries only the quasi-identifiers;
 * the answers are joined to the sorted cases (a nested loop keeps their order).
 */
export function caseRowsQuery(period: Period, k: number, salt: string, forms: string[]): RawBuilder<CaseRow> {
  return sql<CaseRow>`with ${levelledCases(period, k)}, ordered as (
      select l.*, count(*) over ()::int as total_cases,
        (count(*) filter (where l.k_level = 1) over ())::int as total_generalised,
        (count(*) filter (where l.k_level = 2) over ())::int as total_blanked
      from levelled l
      order by md5(${salt} || l.id::text)::uuid
    )
    select o.*, coalesce(f.forms, '{}'::json) as forms
    from ordered o
    left join lateral (
      select json_object_agg(r.form_key, json_build_array(r.answers, r.scores)) as forms
      from responses r
      where r.service_id = o.service_id and r.case_id = o.id and r.status = 'submitted'
        and r.form_key in (${sql.join(forms.length > 0 ? forms : [''])})
    ) f on true`;
}

export type OccasionRow = {
  id: string;
  occasion: number;
  k_level: number;
  forms: StoredForms;
};

/**
 * One row per review (or follow-up) of the export's cases: each form's submitted answers of that
 * occasion, with its case's k-anonymity level (dates are generalised or blanked as the case's are).
 */
export function occasionRowsQuery(period: Period, k: number, salt: string, forms: string[]): RawBuilder<OccasionRow> {
  return sql<OccasionRow>`with ${levelledCases(period, k)}
    select l.id, r.occasion::int as occasion, l.k_level,
      json_object_agg(r.form_key, json_build_array(r.answers, r.scores)) as forms
    from levelled l
    join responses r on r.service_id = l.service_id and r.case_id = l.id and r.status = 'submitted'
      and r.occasion > 0 and r.form_key in (${sql.join(forms.length > 0 ? forms : [''])})
    group by l.id, l.k_level, r.occasion
    order by md5(${salt} || l.id::text), r.occasion`;
}

/** The values of one review or follow-up, in column order. */
export function occasionRecord(columns: ExportColumn[], row: OccasionRow, key: Buffer): ExportValue[] {
  return columns.map((column): ExportValue => {
    const source = column.source;
    if (source.kind === 'case') return pseudonymOf(key, 'case', row.id);
    if (source.kind === 'occasion') return row.occasion;
    if (source.kind !== 'answer') return null;
    const value = row.forms[source.form]?.[source.derived ? 1 : 0][source.field];
    return source.as === 'period' ? periodOf(value, row.k_level as KLevel) : cleanValue(value);
  });
}

const formAndField = (list: string) => {
  const dot = list.lastIndexOf('.');
  return { form: list.slice(0, dot), field: list.slice(dot + 1) };
};
const arrayAt = (alias: string, field: string) =>
  sql`case when jsonb_typeof(${sql.ref(`${alias}.answers`)}->${field}) = 'array'
    then ${sql.ref(`${alias}.answers`)}->${field} else '[]'::jsonb end`;

/** One row per child of the first list (the roster), with the matching entries of the others by child_ref. */
export function childRowsQuery(period: Period, lists: string[], salt: string): RawBuilder<ChildRow> {
  const [roster, ...others] = lists.map(formAndField);
  if (!roster) throw new Error('no list of children in the installed modules');
  const joins = others.map(({ form, field }, index) => {
    const r = sql.raw(`r${index + 1}`);
    const e = sql.raw(`e${index + 1}`);
    return sql`left join responses ${r} on ${r}.service_id = c.service_id and ${r}.case_id = c.id
        and ${r}.form_key = ${form} and ${r}.status = 'submitted'
      left join lateral (
        select x from jsonb_array_elements(${arrayAt(`r${index + 1}`, field)}) x
        where x->>'child_ref' = roster.item->>'child_ref' limit 1
      ) ${e}(item) on true`;
  });
  const items = others.map((_, index) => sql`, ${sql.raw(`e${index + 1}.item`)} as ${sql.raw(`item${index + 1}`)}`);
  return sql<ChildRow>`select c.id, roster.ord::int as number, roster.item as item0 ${sql.join(items, sql``)}
    from ${nationalCases}
    join responses r0 on r0.service_id = c.service_id and r0.case_id = c.id
      and r0.form_key = ${roster.form} and r0.status = 'submitted'
    cross join lateral jsonb_array_elements(${arrayAt('r0', roster.field)}) with ordinality as roster(item, ord)
    ${sql.join(joins, sql` `)}
    where ${nationalCasesWhere(period)}
    order by md5(${salt} || c.id::text), roster.ord`;
}

/**
 * Reads `query` through a cursor inside `tx`, `batch` rows at a time, awaiting `each` per batch.
 * The next batch is asked for before `each` runs, so PostgreSQL reads it while this one is written.
 */
export async function forEachBatch<R>(
  tx: Tx,
  query: RawBuilder<R>,
  each: (rows: R[]) => Promise<void> | void,
  batch = 5000,
): Promise<void> {
  await sql`declare research_rows no scroll cursor for ${query}`.execute(tx);
  const fetchBatch = () => {
    const fetched = sql<R>`fetch forward ${sql.lit(batch)} from research_rows`.execute(tx);
    // a failure surfaces where the batch is awaited; `each` failing first must not leave it unhandled
    fetched.catch(() => undefined);
    return fetched;
  };
  let next = fetchBatch();
  for (;;) {
    const { rows } = await next;
    const more = rows.length === batch;
    if (more) next = fetchBatch();
    await each(rows);
    if (!more) break;
  }
  await sql`close research_rows`.execute(tx);
}

export type ExportValue = string | number | boolean | string[] | null;

/** Only values a dictionary field can hold leave the server: anything else becomes empty. */
function cleanValue(value: unknown): ExportValue {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  return null;
}

type CaseValue = (row: CaseRow) => ExportValue;

/**
 * The function that gives the values of one case in column order, compiled once per export: each
 * column's reader is chosen here rather than for every row.
 */
export function caseEncoder(
  columns: ExportColumn[],
  key: Buffer,
  k: number,
  persons: ReadonlyMap<string, string> = new Map(),
): (row: CaseRow) => ExportValue[] {
  const services = new Map<string, string>();
  // A service with fewer than k cases in the quarter would single its cases out: it is blanked.
  // Counting in the quarter, not the export, keeps every export with that quarter alike.
  const serviceOf = (row: CaseRow) => {
    if (row.service_cases < k) return null;
    let pseudonym = services.get(row.service_id);
    if (pseudonym === undefined) {
      pseudonym = pseudonymOf(key, 'service', row.service_id);
      services.set(row.service_id, pseudonym);
    }
    return row.service_name ?? pseudonym;
  };
  const readers = columns.map((column): CaseValue => {
    const source = column.source;
    switch (source.kind) {
      case 'case':
        switch (source.field) {
          case 'pseudonym':
            return (row) => pseudonymOf(key, 'case', row.id);
          case 'person':
            return (row) => pseudonymOf(key, 'person', persons.get(row.id) ?? row.id);
          case 'service':
            return serviceOf;
          case 'service_kind':
            return (row) => row.service_kind;
          case 'practitioner_role':
            return (row) => row.practitioner_role;
          case 'opened':
            return (row) => periodOf(row.opened_at, row.k_level as KLevel);
          case 'closed':
            return (row) => periodOf(row.closed_at, row.k_level as KLevel);
          case 'status':
            return (row) => row.status;
        }
        break;
      case 'quasi': {
        const name = source.name;
        return (row) => quasiIdentifierValue(row, name);
      }
      case 'linked': {
        const { form, field } = source;
        return (row) => (row.k_level === 2 ? null : cleanValue(row.forms[form]?.[0][field]));
      }
      case 'answer': {
        const { form, field } = source;
        const part = source.derived ? 1 : 0;
        if (source.as === 'period') return (row) => periodOf(row.forms[form]?.[part][field], row.k_level as KLevel);
        return (row) => cleanValue(row.forms[form]?.[part][field]);
      }
    }
    return () => null;
  });
  return (row) => readers.map((read) => read(row));
}

/** The values of one child, in column order. */
export function childRecord(columns: ExportColumn[], lists: string[], row: ChildRow, key: Buffer): ExportValue[] {
  return columns.map((column): ExportValue => {
    const source = column.source;
    if (source.kind === 'case') return pseudonymOf(key, 'case', row.id);
    if (source.kind === 'child_number') return row.number;
    if (source.kind !== 'item') return null;
    const value = row[`item${lists.indexOf(source.list)}`]?.[source.field];
    return source.as === 'age_band' ? bandOf(CHILD_AGE_BANDS, value) : cleanValue(value);
  });
}
