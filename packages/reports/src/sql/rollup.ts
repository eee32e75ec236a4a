/**
 * National rollups (migrations/0110_national_rollups.sql; docs/reports.md, "National figures from
 * rollups"): the sums behind every national figure per day, per month and per practitioner role
 * (and all roles together), so that a national period is a sum over a few dozen rows rather than
 * a scan of every case.
 *
 * Every figure's aggregate is a sum over cases — counts, numerators and denominators, sums, and
 * for a mean its count, sum and sum of squares — so the rows of a period's days add up to
 * exactly what one scan of the period computes. What a row holds is generated here from the same
 * figure definitions (and the same SQL expressions) the scan uses: a module's figures are rolled
 * up with no SQL of their own. A layout is named by a digest of its SQL, so a changed definition
 * or a new module is a new layout, built from scratch on first use.
 *
 * A period reads the month rows of its whole months and the day rows of its edge days, with the
 * practitioner role's rows or, with no role filter, the rows of all roles together: a national
 * year is 12 rows a layout, not 365 days times eight roles.
 *
 * Populations: `opened` sums the rows of the cases opened in the period, `closed` and
 * `closed_later` those closed in it; `open_any` (opened on or before `to`, not closed before
 * `from`) is the cases opened by `to` less those closed before `from` (a case closes on or after
 * the day it opens); `open_long` (termsOf) reads layouts keyed by each service's review interval.
 */
import { createHash } from 'node:crypto';
import { type Db, type Tx, withNationalMaintenance } from '@harbour/db';
import type { ChildPairs, ItemsOf } from '@harbour/forms';
import { type RawBuilder, sql } from 'kysely';
import type { Aggregate, FigureDef } from '../figure-def';
import type { ReportPeriod } from '../model';
import { addDays, monthStart, monthsBefore, nextMonth } from '../periods';
import { conditionColumns, type FrameOf, itemsJoin, overFrame } from './aggregate';
import { answeredKeysOf, checkedKey, type FrameColumn, type Sql, submitted, textLiteral } from './expressions';
import { answeredCountColumn, type Facts } from './facts';
import { type CaseFilters, caseFrame, type Population, type RollupDay } from './frame';

/**
 * How a layout's rows are keyed: by the day the cases opened, or the day they closed; the layouts
 * of long cases (`open_long`) also by the review interval of the case's service, and one of them
 * by the day they closed and (as `value`) the day they opened, brought forward to at most 31 days
 * a month of the interval before the close. Within the interval before a close only the exact
 * opening day matters to `open_long`; further back every opening day counts alike.
 */
type RollupBy = 'opened_at' | 'closed_at' | 'long_opened' | 'long_closed' | 'long_closed_opened';

const DAY_OF: Record<RollupBy, RollupDay> = {
  opened_at: 'opened_at',
  closed_at: 'closed_at',
  long_opened: 'opened_at',
  long_closed: 'closed_at',
  long_closed_opened: 'closed_at',
};

/** The populations whose figures come from rollups, and the layouts their sums read. */
const DAYS_OF: Record<Population, RollupBy[]> = {
  opened: ['opened_at'],
  closed: ['closed_at'],
  closed_later: ['closed_at'],
  open_any: ['opened_at', 'closed_at'],
  open_long: ['long_opened', 'long_closed', 'long_closed_opened'],
};

/** Whether a layout's rows are keyed by the review interval of the case's service. */
const byInterval = (by: RollupBy) => by.startsWith('long_');

/** A distribution counted by value (module distributions, where clients live). */
export type ValueCount = { key: string; value: Sql; population: Population };

type Items = ItemsOf | ChildPairs;

const itemsKey = (items: Items | undefined) => (items ? JSON.stringify(items) : '');

type FigureLayout = {
  kind: 'figures';
  id: string;
  by: RollupBy;
  day: RollupDay;
  interval: boolean;
  /**
   * Whether the layout has month rows beside its day rows: not the one keyed by opening day as
   * well, whose rows differ by opening day within a month, so a month row would sum nothing.
   */
  months: boolean;
  items: Items | undefined;
  /** Per figure key, the 1-based index of its first sum in a row's `sums`. */
  offsets: Map<string, number>;
  select: Sql;
  defs: Map<string, FigureDef>;
};

type ValueLayout = {
  kind: 'values';
  id: string;
  day: RollupDay;
  interval: false;
  months: true;
  counts: ValueCount[];
  select: Sql;
};

type Layout = FigureLayout | ValueLayout;

/** Every rollup the national figures of these definitions and distributions read. */
export type NationalRollups = { layouts: Layout[]; facts: Facts };

/** The practitioner-role key of the rows of all roles together (roles are lower-case words). */
const ALL_ROLES = '*';

/**
 * A layout's select groups the frame's rows, keyed as `k_day`, `k_role`, `k_interval` and
 * `k_value`, into one row a day and practitioner role, and one a day for all roles together.
 */
const GROUPED_BY_DAY = 'group by grouping sets ((k_day, k_role, k_interval, k_value), (k_day, k_interval, k_value))';
const ROLE_KEY = `case when grouping(k_role) = 1 then '${ALL_ROLES}' else k_role end`;

/** The key columns of a frame row (in a subquery over `frame`). */
function keysOf(day: RollupDay, interval: boolean): Sql {
  return `frame.${day} as k_day, coalesce(frame.practitioner_role, '') as k_role,
    ${interval ? 'frame.review_interval_months' : '0'} as k_interval`;
}

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

function figureLayout(by: RollupBy, items: Items | undefined, defs: FigureDef[], facts: Facts): FigureLayout {
  const conditions = conditionColumns(defs);
  const condition = (c: Sql) => conditions.get(c) as string;
  const offsets = new Map<string, number>();
  const parts: Sql[] = [];
  for (const def of defs) {
    offsets.set(def.key, parts.length + 1);
    parts.push(...partsOf(def, condition, facts));
  }
  const computed = [...conditions].map(([c, column]) => `, coalesce(${c}, false) as ${column}`).join('');
  const day = DAY_OF[by];
  const interval = byInterval(by);
  const value =
    by === 'long_closed_opened'
      ? 'greatest(frame.opened_at, frame.closed_at - 31 * frame.review_interval_months)::text'
      : `''`;
  const select = `select k_day as day, ${ROLE_KEY} as role, k_interval as review_interval, k_value as value,
  array[${parts.map((p) => `(${p})::numeric`).join(',\n    ')}] as sums
from (select *${computed}, ${keysOf(day, interval)}, ${value} as k_value
  from frame ${items ? itemsJoin(items) : ''} offset 0) as rows
${GROUPED_BY_DAY}`;
  const id = digest(`figures|${by}|${itemsKey(items)}|${select}`);
  return {
    kind: 'figures',
    id,
    by,
    day,
    interval,
    months: by !== 'long_closed_opened',
    items,
    offsets,
    select,
    defs: new Map(defs.map((d) => [d.key, d])),
  };
}

function valueLayout(day: RollupDay, counts: ValueCount[]): ValueLayout {
  const values = counts.map((c, i) => `(${i}, ${c.value})`).join(', ');
  const select = `select k_day as day, ${ROLE_KEY} as role, k_interval as review_interval, k_value as value,
  array[count(*)::numeric] as sums
from (select ${keysOf(day, false)}, d.i || '|' || d.value as k_value
  from frame cross join lateral (values ${values}) as d(i, value)
  where d.value is not null) as rows
${GROUPED_BY_DAY}`;
  return { kind: 'values', id: digest(`values|${day}|${select}`), day, interval: false, months: true, counts, select };
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
  const batches = new Map<string, { by: RollupBy; items: Items | undefined; defs: FigureDef[] }>();
  const keys = new Set<string>();
  for (const def of defs) {
    if (keys.has(def.key)) continue;
    keys.add(def.key);
    for (const by of DAYS_OF[def.population]) {
      const name = `${by}|${itemsKey(def.items)}`;
      const batch = batches.get(name) ?? { by, items: def.items, defs: [] };
      batch.defs.push(def);
      batches.set(name, batch);
    }
  }
  const layouts: Layout[] = [...batches.values()].map((b) => figureLayout(b.by, b.items, b.defs, facts));
  for (const day of ['opened_at', 'closed_at'] as const) {
    const ofDay = counts.filter((c) => DAYS_OF[c.population].length === 1 && DAYS_OF[c.population][0] === day);
    if (ofDay.length > 0) layouts.push(valueLayout(day, ofDay));
  }
  return { layouts, facts };
}

const ROLE = /^[a-z_]+$/;

/** Whether a national query with these filters and population can be answered from rollups. */
export function fromRollups(filters: CaseFilters, population: Population): boolean {
  const role = filters.practitionerRole;
  return (
    !filters.workerId &&
    !filters.projectCaseIds &&
    (role === undefined || ROLE.test(role)) &&
    DAYS_OF[population].length > 0
  );
}

const LOCK = "hashtext('harbour.national_rollups')";

/** What a refresh did: layouts built from scratch, and days recomputed in the others. */
export type RefreshOutcome = { built: number; staleDays: number };

/**
 * How long a report's request may wait for the rollups: a refresh larger than this (a layout to
 * build from scratch, or more stale days than `staleDays`) is left to a refresh of its own, and a
 * lock held longer than `lockMs` (another refresh at work) is not waited for.
 */
export type RefreshBound = { staleDays: number; lockMs: number };

/**
 * Brings the rollups up to date: builds the layouts not yet built (and drops those no definition
 * names any more), recomputes the days the triggers marked stale and then the months of those
 * days, and removes exactly the markers it read — a write committed meanwhile keeps its marker
 * for the next refresh. Refreshes queue on one advisory lock, so an older computation never
 * overwrites a newer one. It runs in national scope: the rows are computed under the same
 * row-level security as the national report's scan.
 */
export async function refreshNationalRollups(
  db: Db,
  actor: { userId: string | null; role: string | null },
  rollups: NationalRollups,
): Promise<RefreshOutcome> {
  return withNationalMaintenance(
    db,
    actor,
    async (tx) => (await refreshLocked(tx, rollups, undefined)) as RefreshOutcome,
  );
}

/**
 * The same refresh, when it is no larger than `bound`; a larger one does nothing and answers
 * 'deferred', as does a lock not had within `bound.lockMs`.
 */
export async function refreshNationalRollupsWithin(
  db: Db,
  actor: { userId: string | null; role: string | null },
  rollups: NationalRollups,
  bound: RefreshBound,
): Promise<RefreshOutcome | 'deferred'> {
  try {
    return await withNationalMaintenance(db, actor, (tx) => refreshLocked(tx, rollups, bound));
  } catch (error) {
    if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE) return 'deferred';
    throw error;
  }
}

/** PostgreSQL's lock_not_available: `lock_timeout` passed waiting for the advisory lock. */
const LOCK_NOT_AVAILABLE = '55P03';

async function refreshLocked(
  tx: Tx,
  rollups: NationalRollups,
  bound: RefreshBound | undefined,
): Promise<RefreshOutcome | 'deferred'> {
  if (bound) await sql.raw(`set local lock_timeout = ${Math.max(1, Math.round(bound.lockMs))}`).execute(tx);
  await sql.raw(`select pg_advisory_xact_lock(${LOCK})`).execute(tx);
  const built = new Set(
    (await sql<{ layout: string }>`select layout from national_rollup_layouts`.execute(tx)).rows.map((r) => r.layout),
  );
  const stale = (
    await sql<{ id: string; day: string }>`select id::text, day::text from national_rollup_stale`.execute(tx)
  ).rows;
  const days = [...new Set(stale.map((s) => s.day))];
  if (bound && (rollups.layouts.some((l) => !built.has(l.id)) || days.length > bound.staleDays)) return 'deferred';
  const ours = new Set(rollups.layouts.map((l) => l.id));
  const retired = [...built].filter((id) => !ours.has(id));
  if (retired.length > 0) await sql`delete from national_rollup_layouts where layout = any(${retired})`.execute(tx);
  const months = [...new Set(days.map((d) => `${d.slice(0, 7)}-01`))];
  let fresh = 0;
  for (const layout of rollups.layouts) {
    if (!built.has(layout.id)) {
      await sql`insert into national_rollup_layouts (layout) values (${layout.id})`.execute(tx);
      await insertDays(tx, rollups.facts, layout, null);
      if (layout.months) await insertMonths(tx, layout, null);
      fresh++;
    } else if (days.length > 0) {
      await sql`delete from national_rollups
        where layout = ${layout.id} and span = 'd' and day = any(${days}::date[])`.execute(tx);
      await insertDays(tx, rollups.facts, layout, days);
      if (layout.months) {
        await sql`delete from national_rollups
          where layout = ${layout.id} and span = 'm' and day = any(${months}::date[])`.execute(tx);
        await insertMonths(tx, layout, months);
      }
    }
  }
  if (stale.length > 0) {
    await sql`delete from national_rollup_stale where id = any(${stale.map((s) => s.id)}::bigint[])`.execute(tx);
  }
  return { built: fresh, staleDays: days.length };
}

/** A layout's day rows of these days (of every day when null), computed from the cases. */
async function insertDays(tx: Tx, facts: Facts, layout: Layout, days: readonly string[] | null): Promise<void> {
  const frameOf: FrameOf = (columns: readonly FrameColumn[]) =>
    caseFrame({
      population: 'opened',
      scope: { kind: 'national' },
      period: { from: '1900-01-01', to: '1900-01-01' },
      filters: {},
      columns,
      facts,
      rollup: { day: layout.day, days, interval: layout.interval },
    });
  await overFrame(
    frameOf,
    `insert into national_rollups (layout, span, practitioner_role, day, review_interval, value, sums)
select ${textLiteral(layout.id)}, 'd', role, day, review_interval, value, sums from (${layout.select}) as computed`,
  ).execute(tx);
}

/** A layout's month rows of these months (first days; every month when null): the sums of their day rows. */
async function insertMonths(tx: Tx, layout: Layout, months: readonly string[] | null): Promise<void> {
  const which = months === null ? sql`` : sql`and date_trunc('month', r.day)::date = any(${months}::date[])`;
  await sql`insert into national_rollups (layout, span, practitioner_role, day, review_interval, value, sums)
    select ${layout.id}, 'm', practitioner_role, month, review_interval, value, array_agg(total order by i)
    from (
      select r.practitioner_role, date_trunc('month', r.day)::date as month, r.review_interval, r.value, u.i,
        sum(u.x) as total
      from national_rollups r cross join lateral unnest(r.sums) with ordinality as u(x, i)
      where r.layout = ${layout.id} and r.span = 'd' ${which}
      group by 1, 2, 3, 4, 5
    ) as parts
    group by practitioner_role, month, review_interval, value`.execute(tx);
}

/**
 * Whether the rollups hold `defs` as defined here (same key, same query): a figure defined
 * differently from the rolled-up one of its key is scanned instead.
 */
export function rollupHolds(
  rollups: NationalRollups,
  defs: readonly FigureDef[],
  population: Population,
  items: Items | undefined,
): boolean {
  const layouts = DAYS_OF[population].map((by) => layoutOf(rollups, by, items));
  if (layouts.length === 0) return false;
  return layouts.every((layout) =>
    defs.every((def) => {
      const rolled = layout?.defs.get(def.key);
      return rolled !== undefined && JSON.stringify(rolled.query) === JSON.stringify(def.query);
    }),
  );
}

function layoutOf(rollups: NationalRollups, by: RollupBy, items: Items | undefined): FigureLayout | null {
  const key = itemsKey(items);
  return (
    rollups.layouts.find((l): l is FigureLayout => l.kind === 'figures' && l.by === by && itemsKey(l.items) === key) ??
    null
  );
}

/**
 * The rows of the days from `from` to `to` (ISO days): the month rows of the whole months
 * between, the day rows of the days before the first whole month and after the last. Each is a
 * range of the primary key, so no row outside the period is read.
 */
function between(layout: Layout, from: string, to: string, interval = 0): RawBuilder<unknown> {
  const first = monthStart(from) === from ? from : nextMonth(from);
  const after = monthStart(addDays(to, 1));
  const keyed = sql`r.review_interval = ${interval}`;
  if (!layout.months || first >= after) {
    return sql`(${keyed} and r.span = 'd' and r.day between ${from}::date and ${to}::date)`;
  }
  // the edge days, where there are any (none when the period starts or ends with a whole month)
  const edges = [
    ...(from < first ? [sql`(r.span = 'd' and r.day between ${from}::date and ${addDays(first, -1)}::date)`] : []),
    ...(after <= to ? [sql`(r.span = 'd' and r.day between ${after}::date and ${to}::date)`] : []),
  ];
  return sql`(${keyed} and ((r.span = 'm' and r.day >= ${first}::date and r.day < ${after}::date)${sql.join(
    edges.map((edge) => sql` or ${edge}`),
    sql``,
  )}))`;
}

/** One sum of a population's figures: the rows of a layout, added or taken away. */
type Term = { by: RollupBy; sign: 1 | -1; where: (layout: Layout) => RawBuilder<unknown> };

/** Before every case (a case's days are dates of this era). */
const EARLIEST = '0001-01-01';

/**
 * The sums that make up a population over a period (docs/reports.md): opened and closed are their
 * days; open at any time is opened by `to` less closed before `from`; open for the service's
 * review interval or more at `to` is, per interval, opened by X = to − interval, less closed by X,
 * less closed after X (by `to`) having opened by X.
 */
function termsOf(population: Population, { from, to }: ReportPeriod, intervals: readonly number[]): Term[] {
  if (population === 'open_any') {
    return [
      { by: 'opened_at', sign: 1, where: (l) => between(l, EARLIEST, to) },
      { by: 'closed_at', sign: -1, where: (l) => between(l, EARLIEST, addDays(from, -1)) },
    ];
  }
  if (population === 'open_long') {
    // each interval's rows by their own X, as the scan counts each case by its service's
    const each = (range: (x: string, months: number, l: Layout) => RawBuilder<unknown>) => (l: Layout) =>
      intervals.length === 0
        ? sql`false`
        : sql`(${sql.join(
            intervals.map((months) => range(monthsBefore(to, months), months, l)),
            sql` or `,
          )})`;
    return [
      { by: 'long_opened', sign: 1, where: each((x, months, l) => between(l, EARLIEST, x, months)) },
      { by: 'long_closed', sign: -1, where: each((x, months, l) => between(l, EARLIEST, x, months)) },
      {
        by: 'long_closed_opened',
        sign: -1,
        where: each((x, months, l) => sql`(${between(l, addDays(x, 1), to, months)} and r.value <= ${x})`),
      },
    ];
  }
  const [by] = DAYS_OF[population] as [RollupBy];
  return [{ by, sign: 1, where: (l) => between(l, from, to) }];
}

/**
 * The review intervals the rows of long cases are keyed by, read in the same snapshot as the
 * rows: every case counts in a month row of the layout of opening days.
 */
async function intervalsOf(tx: Tx, rollups: NationalRollups, items: Items | undefined): Promise<number[]> {
  const layout = layoutOf(rollups, 'long_opened', items);
  if (!layout) return [];
  const { rows } = await sql<{ months: number }>`select distinct review_interval as months from national_rollups
    where layout = ${layout.id} and span = 'm' and practitioner_role = ${ALL_ROLES}`.execute(tx);
  return rows.map((r) => r.months);
}

/** The rows of a practitioner role, or of all roles together. */
const roleOf = (filters: CaseFilters) => filters.practitionerRole ?? ALL_ROLES;

/** How many sums a figure's aggregate reads back (a mean: count, sum, sum of squares). */
const partCount = (def: FigureDef) =>
  def.query.kind === 'mean' ? 3 : def.query.kind === 'count' || def.query.kind === 'sum' ? 1 : 2;

/** An exact decimal: `units` of 10^-`scale` (the rows' numeric sums, added without rounding). */
type Decimal = { units: bigint; scale: number };

const ZERO: Decimal = { units: 0n, scale: 0 };

function decimalOf(text: string): Decimal {
  const point = text.indexOf('.');
  if (point < 0) return { units: BigInt(text), scale: 0 };
  return { units: BigInt(text.slice(0, point) + text.slice(point + 1)), scale: text.length - point - 1 };
}

const scaled = (d: Decimal, scale: number) => d.units * 10n ** BigInt(scale - d.scale);

function add(a: Decimal, b: Decimal, sign: 1 | -1 = 1): Decimal {
  const scale = Math.max(a.scale, b.scale);
  const units = scaled(a, scale) + (sign < 0 ? -scaled(b, scale) : scaled(b, scale));
  return { units, scale };
}

const numberOf = (d: Decimal) => (d.scale === 0 ? Number(d.units) : Number(d.units) / 10 ** d.scale);

/** A mean and sample standard deviation from the exact count, sum and sum of squares. */
function meanOf(n: Decimal, s: Decimal, q: Decimal): { mean: number | null; sd: number | null } {
  const count = numberOf(n);
  if (count <= 0) return { mean: null, sd: null };
  const mean = numberOf(s) / count;
  if (count <= 1) return { mean, sd: null };
  // n·q − s², exactly, at the scale of both products
  const scale = Math.max(n.scale + q.scale, 2 * s.scale);
  const spread =
    n.units * q.units * 10n ** BigInt(scale - n.scale - q.scale) -
    s.units * s.units * 10n ** BigInt(scale - 2 * s.scale);
  const variance = spread > 0n ? Number(spread) / 10 ** scale / (count * (count - 1)) : 0;
  return { mean, sd: Math.sqrt(variance) };
}

/**
 * The aggregates of `defs` (one population, one array of items) over a national period, summed
 * from the rollups: PostgreSQL returns the period's few dozen rows of each term (each row's sums
 * up to the last one read), and they are added here in exact decimal arithmetic — cheaper than
 * unnesting and grouping them in SQL, and as exact.
 */
export async function rollupFigures(
  tx: Tx,
  rollups: NationalRollups,
  defs: readonly FigureDef[],
  population: Population,
  items: Items | undefined,
  period: ReportPeriod,
  filters: CaseFilters,
): Promise<Map<string, Aggregate>> {
  if (defs.length === 0) return new Map();
  const role = roleOf(filters);
  const intervals = population === 'open_long' ? await intervalsOf(tx, rollups, items) : [];
  const terms = termsOf(population, period, intervals).map((term, t) => {
    const layout = layoutOf(rollups, term.by, items);
    if (!layout) throw new Error(`no national rollup by ${term.by} ${itemsKey(items)}`);
    const offsets = defs.map((def) => {
      const offset = layout.offsets.get(def.key);
      if (offset === undefined) throw new Error(`figure ${def.key} is not in the national rollup`);
      return offset;
    });
    // enough of the layout's sums for the last part read
    const width = Math.max(...defs.map((def, i) => (offsets[i] as number) + partCount(def) - 1));
    return {
      ...term,
      offsets,
      width,
      rows: sql`select ${t}::int as t, r.sums[1:${width}]::text[] as s from national_rollups r
        where r.layout = ${layout.id} and r.practitioner_role = ${role} and ${term.where(layout)}`,
    };
  });
  const { rows } = await sql<{ t: number; s: (string | null)[] }>`${sql.join(
    terms.map((term) => sql`(${term.rows})`),
    sql` union all `,
  )}`.execute(tx);
  // integers (every count, and sums of whole numbers) added as numbers, exact below 2^53; only
  // sums with a fraction as exact decimals, which cost a BigInt each
  const whole = terms.map((term) => new Array<number>(term.width).fill(0));
  const fractions = terms.map((term) => new Array<Decimal>(term.width).fill(ZERO));
  for (const row of rows) {
    const integers = whole[row.t] as number[];
    const decimals = fractions[row.t] as Decimal[];
    row.s.forEach((text, i) => {
      if (text === null) return;
      if (text.includes('.')) decimals[i] = add(decimals[i] as Decimal, decimalOf(text));
      else integers[i] = (integers[i] as number) + Number(text);
    });
  }
  const totals = terms.map((_, t) =>
    (whole[t] as number[]).map((n, i) =>
      add({ units: BigInt(n), scale: 0 }, (fractions[t] as Decimal[])[i] as Decimal),
    ),
  );
  // each part of each figure: the terms' sums of it, added or taken away
  const partOf = (i: number, part: number) =>
    terms.reduce(
      (sum, term, t) =>
        add(sum, (totals[t] as Decimal[])[(term.offsets[i] as number) + part - 1] as Decimal, term.sign),
      ZERO,
    );
  return new Map(
    defs.map((def, i): [string, Aggregate] => {
      const q = def.query;
      const first = partOf(i, 0);
      if (q.kind === 'count' || q.kind === 'sum') return [def.key, { kind: 'count', count: numberOf(first) }];
      const second = partOf(i, 1);
      if (q.kind === 'rate') {
        return [def.key, { kind: 'rate', numerator: numberOf(second), denominator: numberOf(first) }];
      }
      if (q.kind === 'answered') {
        return [
          def.key,
          { kind: 'answered', responses: numberOf(first), answered: numberOf(second), fields: q.fields.length },
        ];
      }
      return [def.key, { kind: 'mean', n: numberOf(first), ...meanOf(first, second, partOf(i, 2)) }];
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
  filters: CaseFilters,
): Promise<Map<string, Map<string, number>>> {
  const result = new Map<string, Map<string, number>>(keys.map((k) => [k, new Map()]));
  const days = DAYS_OF[population];
  if (keys.length === 0) return result;
  if (days.length !== 1) throw new Error(`distributions of ${population} are not rolled up`);
  const layout = rollups.layouts.find(
    (l): l is ValueLayout => l.kind === 'values' && l.day === DAY_OF[days[0] as RollupBy],
  );
  if (!layout) throw new Error(`no national rollup of values by ${days[0]}`);
  const { rows } = await sql<{ value: string; n: string }>`select r.value, sum(r.sums[1])::text as n
    from national_rollups r
    where r.layout = ${layout.id} and r.practitioner_role = ${roleOf(filters)}
      and ${between(layout, period.from, period.to)}
    group by r.value`.execute(tx);
  for (const row of rows) {
    const bar = row.value.indexOf('|');
    const key = layout.counts[Number(row.value.slice(0, bar))]?.key;
    if (key !== undefined) result.get(key)?.set(row.value.slice(bar + 1), Number(row.n));
  }
  return result;
}
