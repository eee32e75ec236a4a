import type { Tx } from '@harbour/db';
import type { ChildPairs, ItemsOf } from '@harbour/forms';
import { type RawBuilder, sql } from 'kysely';
import type { Aggregate, FigureDef } from '../figure-def';
import type { ReportPeriod } from '../model';
import { isIsoDate } from '../periods';
import {
  answeredKeysOf,
  answersOf,
  checkedKey,
  childPairsJoin,
  type FrameColumn,
  frameColumnsOf,
  jsonField,
  type Sql,
  submitted,
  textLiteral,
} from './expressions';
import { answeredCountColumn, type Facts } from './facts';
import type { Population } from './frame';

/**
 * Each distinct condition of the figures becomes one boolean column, computed once a row: the
 * same denominators (and outcome definitions) recur across dozens of figures.
 */
export function conditionColumns(defs: readonly FigureDef[]): Map<Sql, string> {
  const columns = new Map<Sql, string>();
  const add = (condition: Sql) => {
    if (!columns.has(condition)) columns.set(condition, `"e${columns.size}"`);
  };
  for (const { query } of defs) {
    if (query.kind === 'count') add(query.where);
    if (query.kind === 'rate') {
      add(query.denominator);
      add(query.numerator);
      if (query.within) add(query.within);
    }
  }
  return columns;
}

function selectList(defs: readonly FigureDef[], conditions: ReadonlyMap<Sql, string>, facts: Facts): Sql {
  const c = (condition: Sql) => conditions.get(condition) as string;
  return defs
    .map((def, i) => {
      const q = def.query;
      if (q.kind === 'count') return `count(*) filter (where ${c(q.where)}) as c${i}`;
      if (q.kind === 'sum') return `coalesce(sum(${q.value}), 0)::bigint as c${i}`;
      if (q.kind === 'rate') {
        const denominator = q.within ? `${c(q.denominator)} and ${c(q.within)}` : c(q.denominator);
        return `count(*) filter (where ${denominator}) as d${i}, count(*) filter (where ${denominator} and ${c(q.numerator)}) as n${i}`;
      }
      if (q.kind === 'answered') {
        const keys = answeredKeysOf(q.form);
        const answered =
          answeredCountColumn(facts, q.form, q.fields) ??
          q.fields.map((f) => `(${textLiteral(checkedKey(f))} = any(${keys}))::int`).join(' + ');
        return `count(*) filter (where ${submitted(q.form)}) as d${i}, coalesce(sum(${answered}) filter (where ${submitted(q.form)}), 0)::bigint as n${i}`;
      }
      return `count(${q.value}) as n${i}, avg(${q.value})::float8 as m${i}, stddev_samp(${q.value})::float8 as s${i}`;
    })
    .join(',\n  ');
}

/** One row per object of an array answer (or per child with responses at both points), as `item`. */
export function itemsJoin(items: ItemsOf | ChildPairs): Sql {
  if ('intakeForms' in items) return childPairsJoin(items);
  const array = jsonField(answersOf(items.form), items.field);
  return `cross join lateral jsonb_array_elements(case when jsonb_typeof(${array}) = 'array' then ${array} else '[]'::jsonb end) as item`;
}

/** Builds the case frame with the given answer, score and field columns. */
export type FrameOf = (columns: readonly FrameColumn[]) => RawBuilder<unknown>;

/** A query over the case frame, which carries the columns that the query's text names. */
export function overFrame<T>(frameOf: FrameOf, body: Sql) {
  return sql<T>`with frame as (${frameOf(frameColumnsOf(body))})
${sql.raw(body)}`;
}

/**
 * Computes many figures over one case frame in a single scan: each figure is one or two
 * `count(*) filter (where …)` (or avg/stddev) columns of one aggregate row.
 */
export async function aggregateFigures(
  tx: Tx,
  frameOf: FrameOf,
  facts: Facts,
  defs: readonly FigureDef[],
  items?: ItemsOf | ChildPairs,
): Promise<Map<string, Aggregate>> {
  if (defs.length === 0) return new Map();
  const conditions = conditionColumns(defs);
  const computed = [...conditions]
    .map(([condition, column]) => `, coalesce(${condition}, false) as ${column}`)
    .join('');
  // `offset 0` keeps the condition columns computed once a row, not folded into each aggregate.
  const query = overFrame<Record<string, number | null>>(
    frameOf,
    `select ${selectList(defs, conditions, facts)}
from (select *${computed} from frame ${items ? itemsJoin(items) : ''} offset 0) as rows`,
  );
  const { rows } = await query.execute(tx);
  return aggregatesOfRow(defs, rows[0] ?? {});
}

function aggregatesOfRow(defs: readonly FigureDef[], row: Record<string, number | null>): Map<string, Aggregate> {
  const num = (column: string) => Number(row[column] ?? 0);
  return new Map(
    defs.map((def, i): [string, Aggregate] => {
      const q = def.query;
      if (q.kind === 'count' || q.kind === 'sum') return [def.key, { kind: 'count', count: num(`c${i}`) }];
      if (q.kind === 'rate') return [def.key, { kind: 'rate', numerator: num(`n${i}`), denominator: num(`d${i}`) }];
      if (q.kind === 'answered') {
        return [
          def.key,
          { kind: 'answered', responses: num(`d${i}`), answered: num(`n${i}`), fields: q.fields.length },
        ];
      }
      return [def.key, { kind: 'mean', n: num(`n${i}`), mean: row[`m${i}`] ?? null, sd: row[`s${i}`] ?? null }];
    }),
  );
}

/** Whether a frame row belongs to a period's population, with the period's bounds as `p_from`, `p_to`. */
const IN_PERIOD: Record<Population, Sql> = {
  opened: 'frame.opened_at between p.p_from and p.p_to',
  closed: 'frame.closed_at between p.p_from and p.p_to',
  closed_later: 'frame.closed_at between p.p_from and p.p_to',
  // each case by its own service's review interval, which the frame of long cases carries
  open_long:
    'frame.opened_at <= (p.p_to - make_interval(months => frame.review_interval_months)) and (frame.closed_at is null or frame.closed_at > p.p_to)',
  open_any: 'frame.opened_at <= p.p_to and (frame.closed_at is null or frame.closed_at >= p.p_from)',
};

/** Aggregates of each period, and the distinct workers of its cases (for caseload per worker). */
export type PeriodAggregates = { aggregates: Map<string, Aggregate>; workers: number };

/**
 * The same figures for several periods in one scan of the frame of their whole span: each case
 * joins the periods whose population it belongs to (by the same date rules as one report), so
 * each period's numbers equal its own report's.
 */
export async function aggregateFiguresByPeriod(
  tx: Tx,
  frameOf: FrameOf,
  facts: Facts,
  defs: readonly FigureDef[],
  population: Population,
  periods: readonly ReportPeriod[],
): Promise<PeriodAggregates[]> {
  if (periods.length === 0) return [];
  const conditions = conditionColumns(defs);
  const computed = [...conditions]
    .map(([condition, column]) => `, coalesce(${condition}, false) as ${column}`)
    .join('');
  const bounds = periods
    .map((p, i) => `(${i}, ${textLiteral(checkedDate(p.from))}::date, ${textLiteral(checkedDate(p.to))}::date)`)
    .join(', ');
  const select = defs.length > 0 ? `, ${selectList(defs, conditions, facts)}` : '';
  const query = overFrame<Record<string, number | null> & { period: number; workers: number }>(
    frameOf,
    `select period, count(distinct worker_id)::int as workers${select}
from (select frame.*, p.period${computed} from frame join (values ${bounds}) as p(period, p_from, p_to)
  on ${IN_PERIOD[population]} offset 0) as rows
group by period`,
  );
  const { rows } = await query.execute(tx);
  const byPeriod = new Map(rows.map((row) => [Number(row.period), row]));
  return periods.map((_, i) => {
    const row = byPeriod.get(i);
    return { aggregates: aggregatesOfRow(defs, row ?? {}), workers: Number(row?.workers ?? 0) };
  });
}

function checkedDate(date: string): string {
  if (!isIsoDate(date)) throw new Error(`not an ISO date: ${date}`);
  return date;
}

/** Counts of the cases of a frame by the text values of expressions: several distributions in one scan. */
export async function countValues(
  tx: Tx,
  frameOf: FrameOf,
  expressions: readonly { key: string; value: Sql; where?: Sql }[],
): Promise<Map<string, Map<string, number>>> {
  const result = new Map<string, Map<string, number>>(expressions.map((e) => [e.key, new Map()]));
  if (expressions.length === 0) return result;
  const values = expressions.map((e, i) => `(${i}, case when ${e.where ?? 'true'} then ${e.value} end)`).join(', ');
  const query = overFrame<{ i: number; value: string; n: number }>(
    frameOf,
    `select d.i, d.value, count(*)::int as n
from frame cross join lateral (values ${values}) as d(i, value)
where d.value is not null
group by d.i, d.value`,
  );
  const { rows } = await query.execute(tx);
  for (const row of rows) {
    const key = expressions[row.i]?.key;
    if (key) result.get(key)?.set(row.value, row.n);
  }
  return result;
}
