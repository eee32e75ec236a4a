import type { Tx } from '@harbour/db';
import type { ItemsOf } from '@harbour/forms';
import { type RawBuilder, sql } from 'kysely';
import type { Aggregate, FigureDef } from '../figure-def';
import { answersOf, checkedKey, jsonField, type Sql, submitted, textLiteral } from './expressions';

function selectList(defs: readonly FigureDef[]): Sql {
  return defs
    .map((def, i) => {
      const q = def.query;
      if (q.kind === 'count') return `count(*) filter (where ${q.where}) as c${i}`;
      if (q.kind === 'sum') return `coalesce(sum(${q.value}), 0)::bigint as c${i}`;
      if (q.kind === 'rate') {
        return `count(*) filter (where ${q.denominator}) as d${i}, count(*) filter (where ${q.denominator} and ${q.numerator}) as n${i}`;
      }
      if (q.kind === 'answered') {
        const form = answersOf(q.form);
        const keys = q.fields.map((f) => textLiteral(checkedKey(f))).join(', ');
        const answered = `(select count(*) from unnest(array[${keys}]::text[]) as k where coalesce(jsonb_typeof(${form}->k), 'null') <> 'null' and (${form}->>k) is distinct from 'not_known')`;
        return `count(*) filter (where ${submitted(q.form)}) as d${i}, coalesce(sum(${answered}) filter (where ${submitted(q.form)}), 0)::bigint as n${i}`;
      }
      return `count(${q.value}) as n${i}, avg(${q.value})::float8 as m${i}, stddev_samp(${q.value})::float8 as s${i}`;
    })
    .join(',\n  ');
}

/** One row per object of an array answer, as `item`, beside its case's columns. */
function itemsJoin(items: ItemsOf): Sql {
  const array = jsonField(answersOf(items.form), items.field);
  return `cross join lateral jsonb_array_elements(case when jsonb_typeof(${array}) = 'array' then ${array} else '[]'::jsonb end) as item`;
}

/**
 * Computes many figures over one case frame in a single scan: each figure is one or two
 * `count(*) filter (where …)` (or avg/stddev) columns of one aggregate row.
 */
export async function aggregateFigures(
  tx: Tx,
  frame: RawBuilder<unknown>,
  defs: readonly FigureDef[],
  items?: ItemsOf,
): Promise<Map<string, Aggregate>> {
  if (defs.length === 0) return new Map();
  const query = sql<Record<string, number | null>>`with frame as (${frame})
select ${sql.raw(selectList(defs))}
from frame ${sql.raw(items ? itemsJoin(items) : '')}`;
  const { rows } = await query.execute(tx);
  const row = rows[0] ?? {};
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

/** Counts of the cases of a frame by the text values of expressions: several distributions in one scan. */
export async function countValues(
  tx: Tx,
  frame: RawBuilder<unknown>,
  expressions: readonly { key: string; value: Sql; where?: Sql }[],
): Promise<Map<string, Map<string, number>>> {
  const result = new Map<string, Map<string, number>>(expressions.map((e) => [e.key, new Map()]));
  if (expressions.length === 0) return result;
  const values = expressions.map((e, i) => `(${i}, case when ${e.where ?? 'true'} then ${e.value} end)`).join(', ');
  const query = sql<{ i: number; value: string; n: number }>`with frame as (${frame})
select d.i, d.value, count(*)::int as n
from frame cross join lateral (values ${sql.raw(values)}) as d(i, value)
where d.value is not null
group by d.i, d.value`;
  const { rows } = await query.execute(tx);
  for (const row of rows) {
    const key = expressions[row.i]?.key;
    if (key) result.get(key)?.set(row.value, row.n);
  }
  return result;
}
