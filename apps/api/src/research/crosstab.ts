/**
 * Bespoke crosstabs over the national dataset: counts of cases by the codes of one or more row
 * fields against one or more column fields, aggregated in SQL, perturbed by cell key
 * (research/cell-key.ts) so that two tables differing by a case cannot be differenced, then
 * given the disclosure control of national outputs (packages/stats): counts from 1 to k−1
 * hidden, and further cells hidden so that no hidden count can be worked out from a row, a
 * column or a total.
 */
import type { DictionaryEntry } from '@harbour/forms';
import { isDisclosive, suppressTable } from '@harbour/stats';
import { type RawBuilder, sql } from 'kysely';
import { perturbedCount } from './cell-key';
import { nationalCases, nationalCasesWhere, type Period } from './national-cases';

export type CrosstabRequest = Period & {
  rows: string[];
  columns: string[];
  filters?: { field: string; in: string[] }[];
};

export type Category = { codes: string[]; label: string };
export type Count = { count: number | null; suppressed: boolean };
export type Cell = Count & { rowPercent: number | null; columnPercent: number | null };

export type Crosstab = {
  period: Period;
  threshold: number;
  rows: string[];
  columns: string[];
  filters: { field: string; in: string[] }[];
  rowCategories: Category[];
  columnCategories: Category[];
  cells: Cell[][];
  rowTotals: Count[];
  columnTotals: Count[];
  total: Count;
};

export type Problem = { pointer: string; message: string };

const BOOLEAN_CODES = [
  { code: 'true', label: 'Yes' },
  { code: 'false', label: 'No' },
];

/** The fields a crosstab may use: case-level coded fields (codes, bands, yes/no) that are not sensitive. */
export function crosstabFields(dictionary: DictionaryEntry[]): Map<string, DictionaryEntry> {
  const coded = dictionary.filter(
    (e) =>
      !e.parent &&
      !e.sensitive &&
      e.type !== 'items' &&
      (e.codes.length > 0 || e.type === 'boolean' || e.type === 'caseness'),
  );
  return new Map(coded.map((e) => [e.key, e]));
}

export function codesOfField(entry: DictionaryEntry): { code: string; label: string }[] {
  return entry.codes.length > 0 ? entry.codes : BOOLEAN_CODES;
}

/** Unknown fields and codes, each named at its JSON pointer. */
export function crosstabProblems(request: CrosstabRequest, fields: Map<string, DictionaryEntry>): Problem[] {
  const problems: Problem[] = [];
  const check = (list: string[], name: string) =>
    list.forEach((field, index) => {
      if (!fields.has(field))
        problems.push({
          pointer: `/${name}/${index}`,
          message: `${field} is not a coded field of the data dictionary`,
        });
    });
  check(request.rows, 'rows');
  check(request.columns, 'columns');
  (request.filters ?? []).forEach((filter, index) => {
    const entry = fields.get(filter.field);
    if (!entry) {
      problems.push({
        pointer: `/filters/${index}/field`,
        message: `${filter.field} is not a coded field of the data dictionary`,
      });
      return;
    }
    const known = new Set(codesOfField(entry).map((c) => c.code));
    filter.in.forEach((code, codeIndex) => {
      if (!known.has(code))
        problems.push({
          pointer: `/filters/${index}/in/${codeIndex}`,
          message: `${code} is not a code of ${filter.field}`,
        });
    });
  });
  const both = request.rows.filter((field) => request.columns.includes(field));
  for (const field of both) problems.push({ pointer: '/columns', message: `${field} is both a row and a column` });
  return problems;
}

/** The joins and value of one field: `v<n>.value` is one code per row (one per element of a list of codes). */
function fieldJoin(entry: DictionaryEntry, index: number): RawBuilder<unknown> {
  const r = sql.raw(`f${index}`);
  const v = sql.raw(`v${index}`);
  const stored = sql.ref(`f${index}.${entry.derived ? 'scores' : 'answers'}`);
  const values =
    entry.type === 'codes'
      ? sql`select jsonb_array_elements_text(case when jsonb_typeof(${stored}->${entry.field}) = 'array'
          then ${stored}->${entry.field} else '[]'::jsonb end) as value`
      : sql`select ${stored}->>${entry.field} as value`;
  return sql`join responses ${r} on ${r}.service_id = c.service_id and ${r}.case_id = c.id
      and ${r}.form_key = ${entry.form} and ${r}.status = 'submitted'
    cross join lateral (${values}) ${v}`;
}

function filterCondition(entry: DictionaryEntry, codes: string[]): RawBuilder<unknown> {
  const stored = sql.ref(`x.${entry.derived ? 'scores' : 'answers'}`);
  const match =
    entry.type === 'codes'
      ? sql`${stored}->${entry.field} ?| ${codes}::text[]`
      : sql`${stored}->>${entry.field} = any(${codes}::text[])`;
  return sql`exists (select 1 from responses x where x.service_id = c.service_id and x.case_id = c.id
    and x.form_key = ${entry.form} and x.status = 'submitted' and ${match})`;
}

/** A cell or margin: its cases and the sum of their record keys (the cell key before modulo). */
export type CountRow = { row_codes: string[] | null; column_codes: string[] | null; n: number; key_sum: number };

/**
 * Counts of distinct cases, and the sums of their record keys, per row × column combination, per
 * row, per column and in all, in one statement, so that a case with several codes of a list
 * counts (and adds its key) once in a total.
 */
export function crosstabQuery(request: CrosstabRequest, fields: Map<string, DictionaryEntry>): RawBuilder<CountRow> {
  const rowEntries = request.rows.map((key) => fields.get(key) as DictionaryEntry);
  const columnEntries = request.columns.map((key) => fields.get(key) as DictionaryEntry);
  const all = [...rowEntries, ...columnEntries];
  const value = (index: number) => sql.ref(`v${index}.value`);
  const rowValues = rowEntries.map((_, i) => value(i));
  const columnValues = columnEntries.map((_, i) => value(rowEntries.length + i));
  const filters = (request.filters ?? []).map((f) => filterCondition(fields.get(f.field) as DictionaryEntry, f.in));
  const notNull = all.map((_, i) => sql`${value(i)} is not null`);
  const where = sql.join([nationalCasesWhere(request), ...notNull, ...filters], sql` and `);
  return sql<CountRow>`with base as materialized (
      select c.id, c.record_key, array[${sql.join(rowValues)}] as row_codes,
        array[${sql.join(columnValues)}] as column_codes
      from ${nationalCases}
      ${sql.join(
        all.map((entry, i) => fieldJoin(entry, i)),
        sql` `,
      )}
      where ${where}
    )
    select row_codes, column_codes, count(*)::int as n, sum(record_key)::int as key_sum
      from (select distinct id, record_key, row_codes, column_codes from base) cells group by row_codes, column_codes
    union all
    select row_codes, null::text[], count(*)::int, sum(record_key)::int
      from (select distinct id, record_key, row_codes from base) by_row group by row_codes
    union all
    select null::text[], column_codes, count(*)::int, sum(record_key)::int
      from (select distinct id, record_key, column_codes from base) by_column group by column_codes
    union all
    select null::text[], null::text[], count(*)::int, coalesce(sum(record_key), 0)::int
      from (select distinct id, record_key from base) everyone`;
}

function categories(entries: DictionaryEntry[]): Category[] {
  return entries.reduce<Category[]>(
    (product, entry) =>
      product.flatMap((prefix) =>
        codesOfField(entry).map((c) => ({
          codes: [...prefix.codes, c.code],
          label: prefix.label ? `${prefix.label} · ${c.label}` : c.label,
        })),
      ),
    [{ codes: [], label: '' }],
  );
}

/** Sizes a crosstab before it is run, so that no request asks for an unbounded table. */
export function crosstabSize(request: CrosstabRequest, fields: Map<string, DictionaryEntry>): number {
  const size = (keys: string[]) =>
    keys.reduce((n, key) => n * codesOfField(fields.get(key) as DictionaryEntry).length, 1);
  return size(request.rows) * size(request.columns);
}

/**
 * The cells to hide in a table with its margins. Each row (with its total) and each column (with
 * its total) is one additive line; in every line, a hidden entry must not be alone, or the line's
 * sum gives it away. suppressTable (packages/stats) picks the second entry of a line; entries
 * hidden by an earlier line are passed to it as disclosive counts so that it sees them hidden,
 * and the lines are revisited until nothing changes.
 */
export function suppressGrid(grid: number[][], k: number): boolean[][] {
  const hidden = grid.map((line) => line.map((count) => isDisclosive(count, k)));
  const lines: [number, number][][] = [
    ...grid.map((line, r) => line.map((_, c): [number, number] => [r, c])),
    ...(grid[0] ?? []).map((_, c) => grid.map((_, r): [number, number] => [r, c])),
  ];
  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      const cells = line.map(([r, c]) => ({
        key: `${r}:${c}`,
        count: hidden[r]![c] ? 1 : grid[r]![c]!,
      }));
      for (const key of suppressTable(cells, k)) {
        const [r, c] = key.split(':').map(Number) as [number, number];
        if (!hidden[r]![c]) {
          hidden[r]![c] = true;
          changed = true;
        }
      }
    }
  }
  return hidden;
}

const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);

/** The crosstab with disclosure control, from the grouped counts: perturbed, then suppressed. */
export function crosstabOf(
  request: CrosstabRequest,
  fields: Map<string, DictionaryEntry>,
  counts: CountRow[],
  k: number,
  perturb: (count: number, keySum: number) => number = perturbedCount,
): Crosstab {
  const rowCategories = categories(request.rows.map((key) => fields.get(key) as DictionaryEntry));
  const columnCategories = categories(request.columns.map((key) => fields.get(key) as DictionaryEntry));
  const id = (codes: string[] | null) => JSON.stringify(codes);
  const byKey = new Map(
    counts.map((row) => [`${id(row.row_codes)}|${id(row.column_codes)}`, perturb(row.n, row.key_sum)]),
  );
  const countOf = (row: string[] | null, column: string[] | null) => byKey.get(`${id(row)}|${id(column)}`) ?? 0;

  // The grid with its margins: the last column holds row totals, the last row column totals.
  const grid = [
    ...rowCategories.map((row) => [
      ...columnCategories.map((column) => countOf(row.codes, column.codes)),
      countOf(row.codes, null),
    ]),
    [...columnCategories.map((column) => countOf(null, column.codes)), countOf(null, null)],
  ];
  const hidden = suppressGrid(grid, k);
  const R = rowCategories.length;
  const C = columnCategories.length;
  const shown = (r: number, c: number): Count =>
    hidden[r]![c] ? { count: null, suppressed: true } : { count: grid[r]![c]!, suppressed: false };
  const rate = (r: number, c: number, wholeR: number, wholeC: number) =>
    hidden[r]![c] || hidden[wholeR]![wholeC] ? null : percent(grid[r]![c]!, grid[wholeR]![wholeC]!);

  return {
    period: { from: request.from, to: request.to },
    threshold: k,
    rows: request.rows,
    columns: request.columns,
    filters: (request.filters ?? []).map((f) => ({ field: f.field, in: f.in })),
    rowCategories,
    columnCategories,
    cells: rowCategories.map((_, r) =>
      columnCategories.map((_, c) => ({
        ...shown(r, c),
        rowPercent: rate(r, c, r, C),
        columnPercent: rate(r, c, R, c),
      })),
    ),
    rowTotals: rowCategories.map((_, r) => shown(r, C)),
    columnTotals: columnCategories.map((_, c) => shown(R, c)),
    total: shown(R, C),
  };
}
