/**
 * One figure's aggregate alone, over the national dataset: the benchmarks compare the SQL time
 * of a module's figure with a core figure of the same kind, to show that module figures read
 * case_facts columns as the core's do (docs/benchmarks.md, "Module figures").
 */
import { type Db, withNationalScope } from '@harbour/db';
import type { ModuleDefinition } from '@harbour/forms';
import { sql } from 'kysely';
import { CORE_BEFORE_CASELOAD, CORE_FIGURES } from './core-sections';
import type { Aggregate, FigureDef } from './figure-def';
import type { ReportPeriod } from './model';
import { completeness } from './sections/completeness';
import { moduleSections } from './sections/module-sections';
import { aggregateFigures } from './sql/aggregate';
import type { FrameColumn } from './sql/expressions';
import { factsOf } from './sql/facts';
import { caseFrame, type Population } from './sql/frame';

/** A case_facts column a figure reads: its place in the row and its type. */
export type StoredColumn = { name: string; position: number; type: string };

export type FigureTiming = {
  key: string;
  population: Population;
  ms: number;
  /** The figure's numbers: a rate's denominator, a mean's count of answered cases. */
  aggregate: Aggregate;
  /** The case_facts columns read, in row order: PostgreSQL steps over every earlier column to reach one. */
  stored: StoredColumn[];
  /** The columns gathered from the responses instead (none when case_facts has them all). */
  gathered: number;
};

type TimingOptions = {
  modules: readonly ModuleDefinition[];
  period: ReportPeriod;
  key: string;
  actor: { userId: string; role: string };
};

function figureDef(modules: readonly ModuleDefinition[], key: string): FigureDef {
  const defs: FigureDef[] = [
    ...CORE_BEFORE_CASELOAD,
    completeness(modules),
    ...moduleSections(modules, CORE_FIGURES).sections,
  ].flatMap((s) => s.figures);
  const def = defs.find((d) => d.key === key);
  if (!def) throw new Error(`no figure ${key}`);
  return def;
}

async function storedColumns(db: Db, names: readonly string[]): Promise<StoredColumn[]> {
  if (names.length === 0) return [];
  const { rows } = await sql<StoredColumn>`select attname as name, attnum::int as position,
      format_type(atttypid, atttypmod) as type
    from pg_attribute where attrelid = 'case_facts'::regclass and attname = any(${names}::text[])
    order by attnum`.execute(db);
  return rows;
}

/** Runs the figure `key` (of the core report or of one of `modules`) once and times it at the client. */
export async function timeFigure(db: Db, options: TimingOptions): Promise<FigureTiming> {
  const def = figureDef(options.modules, options.key);
  const facts = await factsOf(db);
  let columns: readonly FrameColumn[] = [];
  const frameOf = (wanted: readonly FrameColumn[]) => {
    columns = wanted;
    return caseFrame({
      scope: { kind: 'national' },
      period: options.period,
      filters: {},
      facts,
      population: def.population,
      columns: wanted,
    });
  };
  const started = performance.now();
  const aggregates = await withNationalScope(db, options.actor, (tx) =>
    aggregateFigures(tx, frameOf, facts, [def], def.items),
  );
  const ms = performance.now() - started;
  const names = columns.map((c) => c.name.slice(1, -1)).filter((name) => facts.columns.has(name));
  return {
    key: def.key,
    population: def.population,
    ms,
    aggregate: aggregates.get(def.key) as Aggregate,
    stored: await storedColumns(db, names),
    gathered: columns.length - names.length,
  };
}

/** How many cases of the national dataset a population holds in the period: the rows a figure scans. */
export async function populationRows(
  db: Db,
  options: { period: ReportPeriod; population: Population; actor: { userId: string; role: string } },
): Promise<number> {
  const facts = await factsOf(db);
  const frame = caseFrame({
    scope: { kind: 'national' },
    period: options.period,
    filters: {},
    facts,
    population: options.population,
    columns: [],
  });
  const { rows } = await withNationalScope(db, options.actor, (tx) =>
    sql<{ n: number }>`select count(*)::int as n from (${frame}) as frame`.execute(tx),
  );
  return rows[0]?.n ?? 0;
}
