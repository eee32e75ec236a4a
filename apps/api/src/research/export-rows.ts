/**
 * The rows of a research export: the SQL that reads them (the k-anonymity groups are counted by
 * PostgreSQL in the same statement) and the pure functions that turn a database row into an
 * export record. Rows are read through a server-side cursor, a batch at a time, so an export of
 * any size holds one batch in memory.
 */
import type { Tx } from '@harbour/db';
import { type RawBuilder, sql } from 'kysely';
import type { ExportColumn } from './export-columns';
import { nationalCases, nationalCasesWhere, type Period } from './national-cases';
import { pseudonymOf } from './pseudonym';
import {
  bandOf,
  CHILD_AGE_BANDS,
  type KLevel,
  kLevelColumn,
  periodOf,
  type QuasiIdentifierRow,
  quasiIdentifierColumns,
  quasiIdentifierValue,
} from './quasi-identifiers';

export type StoredForms = Record<string, { answers: Record<string, unknown>; scores: Record<string, unknown> }>;

export type CaseRow = QuasiIdentifierRow & {
  id: string;
  service_id: string;
  service_name: string | null;
  service_kind: string;
  practitioner_role: string | null;
  opened_at: string;
  closed_at: string | null;
  status: string;
  forms: StoredForms;
};

export type ChildRow = { id: string; number: number } & Record<`item${number}`, Record<string, unknown> | null>;

export type KAnonymityOutcome = { k: number; cases: number; generalised: number; blanked: number };

/** The cases of the period with their quasi-identifiers and k-anonymity level. */
function levelledCases(period: Period, k: number): RawBuilder<unknown> {
  return sql`base as (
      select c.id, c.service_id, c.opened_at, c.closed_at, c.status, c.practitioner_role,
        s.kind as service_kind, case when s.named_in_research then s.name end as service_name,
        ${quasiIdentifierColumns()}
      from ${nationalCases}
      left join responses i on i.service_id = c.service_id and i.case_id = c.id
        and i.form_key = 'core.intake' and i.status = 'submitted'
      where ${nationalCasesWhere(period)}
    ), levelled as (
      select base.*, ${kLevelColumn(k)} as k_level from base
    )`;
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

/** One row per case, in an order keyed by `salt` (neither case creation nor service order shows). */
export function caseRowsQuery(period: Period, k: number, salt: string): RawBuilder<CaseRow> {
  return sql<CaseRow>`with ${levelledCases(period, k)}
    select l.*, coalesce((
        select jsonb_object_agg(r.form_key, jsonb_build_object('answers', r.answers, 'scores', r.scores))
        from responses r
        where r.service_id = l.service_id and r.case_id = l.id and r.status = 'submitted'
      ), '{}'::jsonb) as forms
    from levelled l
    order by md5(${salt} || l.id::text)`;
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

/** Reads `query` through a cursor inside `tx`, `batch` rows at a time, awaiting `each` per row. */
export async function forEachRow<R>(
  tx: Tx,
  query: RawBuilder<R>,
  each: (row: R) => Promise<void> | void,
  batch = 1000,
): Promise<void> {
  await sql`declare research_rows no scroll cursor for ${query}`.execute(tx);
  for (;;) {
    const { rows } = await sql<R>`fetch forward ${sql.lit(batch)} from research_rows`.execute(tx);
    for (const row of rows) await each(row);
    if (rows.length < batch) break;
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

/** The values of one case, in column order. */
export function caseRecord(columns: ExportColumn[], row: CaseRow, key: Buffer): ExportValue[] {
  const level = row.k_level as KLevel;
  const answerOf = (form: string, field: string, derived: boolean) =>
    row.forms[form]?.[derived ? 'scores' : 'answers']?.[field];
  return columns.map((column): ExportValue => {
    const source = column.source;
    switch (source.kind) {
      case 'case':
        switch (source.field) {
          case 'pseudonym':
            return pseudonymOf(key, 'case', row.id);
          case 'service':
            return row.service_name ?? pseudonymOf(key, 'service', row.service_id);
          case 'service_kind':
            return row.service_kind;
          case 'practitioner_role':
            return row.practitioner_role;
          case 'opened':
            return periodOf(row.opened_at, level);
          case 'closed':
            return periodOf(row.closed_at, level);
          case 'status':
            return row.status;
        }
        break;
      case 'quasi':
        return quasiIdentifierValue(row, source.name);
      case 'linked':
        return level === 2 ? null : cleanValue(answerOf(source.form, source.field, false));
      case 'answer': {
        const value = answerOf(source.form, source.field, source.derived);
        return source.as === 'period' ? periodOf(value, level) : cleanValue(value);
      }
    }
    return null;
  });
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
