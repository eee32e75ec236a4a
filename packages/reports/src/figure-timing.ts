/**
 * One figure's aggregate alone, over the national dataset: the benchmarks compare the SQL time
 * of a module's figure with a core figure of the same kind, to show that module figures read
 * case_facts columns as the core's do (docs/benchmarks.md, "Module figures").
 */
import { type Db, withNationalScope } from '@harbour/db';
import type { ModuleDefinition } from '@harbour/forms';
import { CORE_BEFORE_CASELOAD, CORE_FIGURES } from './core-sections';
import type { FigureDef } from './figure-def';
import type { ReportPeriod } from './model';
import { completeness } from './sections/completeness';
import { moduleSections } from './sections/module-sections';
import { aggregateFigures } from './sql/aggregate';
import type { FrameColumn } from './sql/expressions';
import { factsOf } from './sql/facts';
import { caseFrame } from './sql/frame';

export type FigureTiming = { key: string; ms: number; stored: number; gathered: number };

/** Runs the figure `key` (of the core report or of one of `modules`) once and times it at the client. */
export async function timeFigure(
  db: Db,
  options: {
    modules: readonly ModuleDefinition[];
    period: ReportPeriod;
    key: string;
    actor: { userId: string; role: string };
  },
): Promise<FigureTiming> {
  const defs: FigureDef[] = [
    ...CORE_BEFORE_CASELOAD,
    completeness(options.modules),
    ...moduleSections(options.modules, CORE_FIGURES).sections,
  ].flatMap((s) => s.figures);
  const def = defs.find((d) => d.key === options.key);
  if (!def) throw new Error(`no figure ${options.key}`);
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
  await withNationalScope(db, options.actor, (tx) => aggregateFigures(tx, frameOf, facts, [def], def.items));
  const ms = performance.now() - started;
  const stored = columns.filter((c) => facts.columns.has(c.name.slice(1, -1))).length;
  return { key: def.key, ms, stored, gathered: columns.length - stored };
}
