/**
 * Module figures against core figures of the same kind, national, whole period: each figure's
 * aggregate alone, so that the SQL time of a module's figure (read from case_facts columns the
 * generated migration added) can be set beside a core figure's.
 */
import { createDb } from '@harbour/db';
import type { Registry } from '@harbour/forms';
import { timeFigure } from '@harbour/reports';
import { formatSummary, summarise } from './stats';

/** A core figure and a module figure that aggregate the same way over the same population. */
const PAIRS = [
  { kind: 'rate of a yes/no answer, cases opened', core: 'needs_mental_health', module: 'mh_current_support' },
  { kind: 'mean of a number, cases opened', core: 'dash_score_mean', module: 'phq9_intake_mean' },
];

export async function benchModuleFigures(options: {
  apiUrl: string;
  registry: Registry;
  period: { from: string; to: string };
  actor: { userId: string; role: string };
  runs: number;
}): Promise<string[]> {
  const db = createDb({ url: options.apiUrl, max: 1 });
  const modules = options.registry.modules();
  const installed = (key: string) =>
    modules.some((m) => (m.report ?? []).some((s) => s.figures.some((f) => f.key === key)));
  const lines: string[] = [];
  try {
    for (const pair of PAIRS.filter((p) => installed(p.module))) {
      const measured: string[] = [];
      for (const key of [pair.core, pair.module]) {
        const run = () => timeFigure(db, { modules, period: options.period, key, actor: options.actor });
        const first = await run(); // warms the cache and the prepared plan
        const samples = [first.ms];
        for (let i = 1; i < Math.max(3, options.runs); i++) samples.push((await run()).ms);
        measured.push(
          `${key} ${formatSummary(summarise(samples), 'ms')} (${first.stored} columns from case_facts, ${first.gathered} from responses)`,
        );
      }
      lines.push(`${pair.kind}: core ${measured[0]}; module ${measured[1]}`);
    }
  } finally {
    await db.destroy();
  }
  return lines;
}
