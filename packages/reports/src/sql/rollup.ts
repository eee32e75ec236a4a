/**
 * National rollups (migrations/0110_national_rollups.sql; docs/reports.md, "National figures from
 * rollups"): the sums behind every national figure per day and practitioner role, so that a
 * national period is a sum over a few thousand rows rather than a scan of every case.
 *
 * Every figure's aggregate is a sum over cases — counts, numerators and denominators, sums, and
 * for a mean its count, sum and sum of squares — so the rows of a period's days add up to
 * exactly what one scan of the period computes. What a row holds is generated here from the same
 * figure definitions (and the same SQL expressions) the scan uses: a module's figures are rolled
 * up with no SQL of their own. A layout is named by a digest of its SQL, so a changed definition
 * or a new module is a new layout, built from scratch on first use.
 *
 * Populations: `opened` sums the rows of the cases opened in the period, `closed` and
 * `closed_later` those closed in it; `open_any` (opened on or before `to`, not closed before
 * `from`) is the cases opened by `to` less those closed before `from` (a case closes on or after
 * the day it opens). `open_long` depends on both dates at once and is scanned as before.
 */
import { createHash } from 'node:crypto';
import { type Db, type Tx, withNationalMaintenance } from '@harbour/db';
import type { ItemsOf } from '@harbour/forms';
import { sql } from 'kysely';
import type { Aggregate, FigureDef } from '../figure-def';
import type { ReportFilters, ReportPeriod } from '../model';
import { conditionColumns, type FrameOf, itemsJoin, overFrame } from './aggregate';
import { answeredKeysOf, checkedKey, type FrameColumn, type Sql, submitted, textLiteral } from './expressions';
import { answeredCountColumn, type Facts } from './facts';
import { caseFrame, type Population, type RollupDay } from './frame';

/** The populations whose figures come from rollups, and the day their rows are summed by. */
const DAYS_OF: Partial<Record<Population, RollupDay[]>> = {
  opened: ['opened_at'],
  closed: ['closed_at'],
  closed_later: ['closed_at'],
  open_any: ['opened_at', 'closed_at'],
};

/** A distribution counted by value (module distributions, where clients live). */
export type ValueCount = { key: string; value: Sql; population: Population };

type FigureLayout = {
  kind: 'figures';
  id: string;
  day: RollupDay;
  items: ItemsOf | undefined;
  /** Per figure key, the 1-based index of its first sum in a row's `sums`. */
  offsets: Map<string, number>;
  select: Sql;
  defs: Map<string, FigureDef>;
};

type ValueLayout = { kind: 'values'; id: string; day: RollupDay; counts: ValueCount[]; select: Sql };

type Layout = FigureLayout | ValueLayout;

/** Every rollup the national figures of these definitions and distributions read. */
export type NationalRollups = { layouts: Layout[]; facts: Facts };

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

/** A figure's sums, in the order its aggregate is read back. */
function partsOf(def: FigureDef, condition: (sql: Sql) => string, facts: Facts): Sql[] {
  const q = def.query;
  if (q.kind === 'count') return [`count(*) filter (where ${condition(q.where)})`];
  if (q.kind === 'sum') return [`coalesce(sum(${q.value}), 0)`];
  if (q.kind === 'rate') {
    const denominator = q.within ? `${condition(q.denominator)} and ${condition(q.within)}` : condition(q.denominator);
    return [
      `count(*) filter (where ${denominator})`,
      `count(*) filter (where ${denominator} and ${condition(q.numerator)})`,
    ];
  }
  if (q.kind === 'answered') {
    const keys = answeredKeysOf(q.form);
    const answered =
      answeredCountColumn(facts, q.form, q.fields) ??
      q.fields.map((f) => `(${textLiteral(checkedKey(f))} = any(${keys}))::int`).join(' + ');
    return [
      `count(*) filter (where ${submitted(q.form)})`,
      `coalesce(sum(${answered}) filter (where ${submitted(q.form)}), 0)`,
    ];
  }
  const value = `(${q.value})::numeric`;
  return [`count(${q.value})`, `coalesce(sum(${value}), 0)`, `coalesce(sum(${value} * ${value}), 0)`];
}

function figureLayout(day: RollupDay, items: ItemsOf | undefined, defs: FigureDef[], facts: Facts): FigureLayout {
  const conditions = conditionColumns(defs);
  const condition = (c: Sql) => conditions.get(c) as string;
  const offsets = new Map<string, number>();
  const parts: Sql[] = [];
  for (const def of defs) {
    offsets.set(def.key, parts.length + 1);
    parts.push(...partsOf(def, condition, facts));
  }
  const computed = [...conditions].map(([c, column]) => `, coalesce(${c}, false) as ${column}`).join('');
  const select = `select rows.${day} as day, coalesce(rows.practitioner_role, '') as role, '' as value,
  array[${parts.map((p) => `(${p})::numeric`).join(',\n    ')}] as sums
from (select *${computed} from frame ${items ? itemsJoin(items) : ''} offset 0) as rows
group by 1, 2`;
  const id = digest(`figures|${day}|${items ? `${items.form}|${items.field}` : ''}|${select}`);
  return { kind: 'figures', id, day, items, offsets, select, defs: new Map(defs.map((d) => [d.key, d])) };
}

function valueLayout(day: RollupDay, counts: ValueCount[]): ValueLayout {
  const values = counts.map((c, i) => `(${i}, ${c.value})`).join(', ');
  const select = `select frame.${day} as day, coalesce(frame.practitioner_role, '') as role, d.i || '|' || d.value as value,
  array[count(*)::numeric] as sums
from frame cross join lateral (values ${values}) as d(i, value)
where d.value is not null
group by 1, 2, 3`;
  return { kind: 'values', id: digest(`values|${day}|${select}`), day, counts, select };
}

/**
 * The rollups of the national figures `defs` (every figure a national report or benchmark can
 * show, of every installed module) and of the distributions `counts`.
 */
export function nationalRollups(
  defs: readonly FigureDef[],
  counts: readonly ValueCount[],
  facts: Facts,
): NationalRollups {
  const batches = new Map<string, { day: RollupDay; items: ItemsOf | undefined; defs: FigureDef[] }>();
  const keys = new Set<string>();
  for (const def of defs) {
    if (keys.has(def.key)) continue;
    keys.add(def.key);
    for (const day of DAYS_OF[def.population] ?? []) {
      const name = `${day}|${def.items ? `${def.items.form}|${def.items.field}` : ''}`;
      const batch = batches.get(name) ?? { day, items: def.items, defs: [] };
      batch.defs.push(def);
      batches.set(name, batch);
    }
  }
  const layouts: Layout[] = [...batches.values()].map((b) => figureLayout(b.day, b.items, b.defs, facts));
  for (const day of ['opened_at', 'closed_at'] as const) {
    const ofDay = counts.filter(
      (c) => (DAYS_OF[c.population] ?? []).length === 1 && DAYS_OF[c.population]?.[0] === day,
    );
    if (ofDay.length > 0) layouts.push(valueLayout(day, ofDay));
  }
  return { layouts, facts };
}

/** Whether a national query with these filters and population can be answered from rollups. */
export function fromRollups(filters: ReportFilters, population: Population): boolean {
  return !filters.workerId && !filters.projectId && DAYS_OF[population] !== undefined;
}

const LOCK = "hashtext('harbour.national_rollups')";

/** What a refresh did: layouts built from scratch, and days recomputed in the others. */
export type RefreshOutcome = { built: number; staleDays: number };

/**
 * Brings the rollups up to date: builds the layouts not yet built (and drops those no definition
 * names any more), recomputes the days the triggers marked stale, and removes exactly the markers
 * it read — a write committed meanwhile keeps its marker for the next refresh. Refreshes queue on
 * one advisory lock, so an older computation never overwrites a newer one. It runs in national
 * scope: the rows are computed under the same row-level security as the national report's scan.
 */
export async function refreshNationalRollups(
  db: Db,
  actor: { userId: string | null; role: string | null },
  rollups: NationalRollups,
): Promise<RefreshOutcome> {
  return withNationalMaintenance(db, actor, async (tx) => {
    await sql.raw(`select pg_advisory_xact_lock(${LOCK})`).execute(tx);
    const built = new Set(
      (await sql<{ layout: string }>`select layout from national_rollup_layouts`.execute(tx)).rows.map((r) => r.layout),
    );
    const ours = new Set(rollups.layouts.map((l) => l.id));
    const retired = [...built].filter((id) => !ours.has(id));
    if (retired.length > 0) await sql`delete from national_rollup_layouts where layout = any(${retired})`.execute(tx);
    const stale = (
      await sql<{ id: string; day: string }>`select id::text, day::text from national_rollup_stale`.execute(tx)
    ).rows;
    const days = [...new Set(stale.map((s) => s.day))];
    let fresh = 0;
    for (const layout of rollups.layouts) {
      if (!built.has(layout.id)) {
        await sql`insert into national_rollup_layouts (layout) values (${layout.id})`.execute(tx);
        await insertRows(tx, rollups.facts, layout, null);
        fresh++;
      } else if (days.length > 0) {
        await sql`delete from national_rollups where layout = ${layout.id} and day = any(${days}::date[])`.execute(tx);
        await insertRows(tx, rollups.facts, layout, days);
      }
    }
    if (stale.length > 0) {
      await sql`delete from national_rollup_stale where id = any(${stale.map((s) => s.id)}::bigint[])`.execute(tx);
    }
    return { built: fresh, staleDays: days.length };
  });
}

async function insertRows(tx: Tx, facts: Facts, layout: Layout, days: readonly string[] | null): Promise<void> {
  const frameOf: FrameOf = (columns: readonly FrameColumn[]) =>
    caseFrame({
      population: 'opened',
      scope: { kind: 'national' },
      period: { from: '1900-01-01', to: '1900-01-01' },
      filters: {},
      columns,
      facts,
      rollup: { day: layout.day, days },
    });
  await overFrame(
    frameOf,
    `insert into national_rollups (layout, day, practitioner_role, value, sums)
select ${textLiteral(layout.id)}, day, role, value, sums from (${layout.select}) as computed`,
  ).execute(tx);
}

/**
 * Whether the rollups hold `defs` as defined here (same key, same query): a figure defined
 * differently from the rolled-up one of its key is scanned instead.
 */
export function rollupHolds(
  rollups: NationalRollups,
  defs: readonly FigureDef[],
  population: Population,
  items: ItemsOf | undefined,
): boolean {
  const layouts = (DAYS_OF[population] ?? []).map((day) => layoutOf(rollups, day, items));
  if (layouts.length === 0 || layouts.some((l) => l === null)) return false;
  return layouts.every((layout) =>
    defs.every((def) => {
      const rolled = layout?.defs.get(def.key);
      return rolled !== undefined && JSON.stringify(rolled.query) === JSON.stringify(def.query);
    }),
  );
}

type Range = { layout: string; from?: string; to?: string; before?: string };

/** `where` of the rows of one layout over a range of days, for one practitioner role or all. */
function rowsOf({ layout, from, to, before }: Range, role: string | undefined) {
  return sql`layout = ${layout}
    ${from !== undefined ? sql`and day >= ${from}::date` : sql``}
    ${to !== undefined ? sql`and day <= ${to}::date` : sql``}
    ${before !== undefined ? sql`and day < ${before}::date` : sql``}
    ${role !== undefined ? sql`and practitioner_role = ${role}` : sql``}`;
}

function layoutOf(rollups: NationalRollups, day: RollupDay, items: ItemsOf | undefined): FigureLayout | null {
  return (
    rollups.layouts.find(
      (l): l is FigureLayout =>
        l.kind === 'figures' && l.day === day && l.items?.form === items?.form && l.items?.field === items?.field,
    ) ?? null
  );
}

function requiredLayout(rollups: NationalRollups, day: RollupDay, items: ItemsOf | undefined): FigureLayout {
  const found = layoutOf(rollups, day, items);
  if (!found) throw new Error(`no national rollup of ${day} ${items ? `${items.form}.${items.field}` : ''}`);
  return found;
}

/**
 * The aggregates of `defs` (one population, one array of items) over a national period, summed
 * from the rollups; means and standard deviations from the summed count, sum and sum of squares
 * in exact numeric arithmetic, as PostgreSQL's own avg and stddev_samp do.
 */
export async function rollupFigures(
  tx: Tx,
  rollups: NationalRollups,
  defs: readonly FigureDef[],
  population: Population,
  items: ItemsOf | undefined,
  period: ReportPeriod,
  filters: ReportFilters,
): Promise<Map<string, Aggregate>> {
  if (defs.length === 0) return new Map();
  const [day] = DAYS_OF[population] ?? [];
  if (!day) throw new Error(`population ${population} is not rolled up`);
  const added = requiredLayout(rollups, day, items);
  const subtracted = population === 'open_any' ? requiredLayout(rollups, 'closed_at', items) : null;
  const indexes = new Map<string, { added: number; subtracted: number }>();
  const columns: string[] = [];
  const column = (key: string, part: number) => {
    const at = indexes.get(key) ?? {
      added: added.offsets.get(key) ?? Number.NaN,
      subtracted: subtracted?.offsets.get(key) ?? Number.NaN,
    };
    indexes.set(key, at);
    const name = `"${columns.length}"`;
    const a = `coalesce(a.s[${at.added + part}], 0)`;
    columns.push(subtracted ? `${a} - coalesce(b.s[${at.subtracted + part}], 0)` : a);
    return name;
  };
  // a mean has three sums: enough of each layout's sums for the last figure read
  const widthOf = (layout: FigureLayout) => Math.max(...defs.map((d) => (layout.offsets.get(d.key) ?? 0) + 3));
  const role = filters.practitionerRole;
  const addedRange: Range =
    population === 'open_any'
      ? { layout: added.id, to: period.to }
      : { layout: added.id, from: period.from, to: period.to };
  const reads = defs.map((def) => {
    if (!added.offsets.has(def.key)) throw new Error(`figure ${def.key} is not in the national rollup`);
    const kind = def.query.kind;
    if (kind === 'mean') return { def, names: [column(def.key, 0), column(def.key, 1), column(def.key, 2)] };
    if (kind === 'count' || kind === 'sum') return { def, names: [column(def.key, 0)] };
    return { def, names: [column(def.key, 0), column(def.key, 1)] };
  });
  const sums = (range: Range, layout: FigureLayout) =>
    sql`(select array[${sql.raw(
      Array.from({ length: widthOf(layout) }, (_, i) => `sum(sums[${i + 1}])`).join(', '),
    )}] as s from national_rollups where ${rowsOf(range, role)})`;
  const { rows } = await sql<{
    v: (string | null)[];
  }>`select array[${sql.raw(columns.map((c) => `(${c})`).join(', '))}]::text[] as v,
      array[${sql.raw(
        reads
          .filter((r) => r.def.query.kind === 'mean')
          .map(({ names }) => {
            const [n, s, q] = names.map((name) => `(${columns[Number(name.slice(1, -1))]})`);
            return `case when ${n} > 0 then (${s} / ${n})::float8 end, case when ${n} > 1 then sqrt(greatest(${n} * ${q} - ${s} * ${s}, 0) / (${n} * (${n} - 1)))::float8 end`;
          })
          .join(', ') || 'null',
      )}]::float8[] as m
    from ${sums(addedRange, added)} as a
    ${subtracted ? sql`cross join ${sums({ layout: subtracted.id, before: period.from }, subtracted)} as b` : sql``}`.execute(
    tx,
  );
  const row = rows[0] ?? { v: [], m: [] };
  const values = row.v.map((v) => Number(v ?? 0));
  const means = (row as unknown as { m: (number | null)[] }).m;
  const at = (name: string) => values[Number(name.slice(1, -1))] ?? 0;
  let mean = 0;
  return new Map(
    reads.map(({ def, names }): [string, Aggregate] => {
      const q = def.query;
      const [first, second] = names as [string, string];
      if (q.kind === 'count' || q.kind === 'sum') return [def.key, { kind: 'count', count: at(first) }];
      if (q.kind === 'rate') return [def.key, { kind: 'rate', denominator: at(first), numerator: at(second) }];
      if (q.kind === 'answered') {
        return [def.key, { kind: 'answered', responses: at(first), answered: at(second), fields: q.fields.length }];
      }
      const aggregate: Aggregate = {
        kind: 'mean',
        n: at(first),
        mean: means[mean] ?? null,
        sd: means[mean + 1] ?? null,
      };
      mean += 2;
      return [def.key, aggregate];
    }),
  );
}

/** Counts by value of distributions over a national period (`opened` or `closed`), from the rollups. */
export async function rollupValues(
  tx: Tx,
  rollups: NationalRollups,
  keys: readonly string[],
  population: Population,
  period: ReportPeriod,
  filters: ReportFilters,
): Promise<Map<string, Map<string, number>>> {
  const result = new Map<string, Map<string, number>>(keys.map((k) => [k, new Map()]));
  const days = DAYS_OF[population] ?? [];
  if (keys.length === 0) return result;
  if (days.length !== 1) throw new Error(`distributions of ${population} are not rolled up`);
  const layout = rollups.layouts.find((l): l is ValueLayout => l.kind === 'values' && l.day === days[0]);
  if (!layout) throw new Error(`no national rollup of values by ${days[0]}`);
  const { rows } = await sql<{ value: string; n: string }>`select value, sum(sums[1])::text as n from national_rollups
    where ${rowsOf({ layout: layout.id, from: period.from, to: period.to }, filters.practitionerRole)}
    group by value`.execute(tx);
  for (const row of rows) {
    const bar = row.value.indexOf('|');
    const key = layout.counts[Number(row.value.slice(0, bar))]?.key;
    if (key !== undefined) result.get(key)?.set(row.value.slice(bar + 1), Number(row.n));
  }
  return result;
}
