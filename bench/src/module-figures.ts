/**
 * Module figures against core figures of the same kind, national, whole period: each figure's
 * aggregate alone, so that the SQL time of a module's figure (read from case_facts columns the
 * generated migration added) can be set beside a core figure's.
 *
 * A figure's time depends on where its columns sit in the wide case_facts row: PostgreSQL steps
 * over every earlier column of each row to reach a later one (docs/benchmarks.md, "Module figures
 * beside core figures"). So each pair also has a core figure of the same kind whose column sits
 * as far along the row as the module's, and every figure's columns are printed with their places.
 * Beside the time at the client, the CPU time of the database's server process running the
 * figure (from /proc, when the database runs on this machine): on a machine shared with other
 * work the wall time mostly measures waiting for a core, the CPU time the figure's own work.
 */
import { createDb } from '@harbour/db';
import type { Registry } from '@harbour/forms';
import { type FigureTiming, populationRows, timeFigure } from '@harbour/reports';
import { sql } from 'kysely';
import { cpuSeconds } from './cpu';
import { formatSummary, summarise } from './stats';

/**
 * A core figure and a module figure that aggregate the same way over the same population, and a
 * core figure of that kind reading a column late in the row (added to case_facts by the
 * generated migration, after the modules' columns).
 */
const PAIRS = [
  {
    kind: 'rate of a yes/no answer, cases opened',
    core: 'needs_mental_health',
    module: 'mh_current_support',
    lateCore: 'repeat_self_reported',
  },
  {
    kind: 'mean of a number, cases opened',
    core: 'dash_score_mean',
    module: 'phq9_intake_mean',
    lateCore: 'abuse_duration_years_mean',
  },
];

/** Enough samples that one slow run on a shared machine does not move the median. */
const MIN_RUNS = 10;

function describe(timing: FigureTiming): string {
  const a = timing.aggregate;
  const over =
    a.kind === 'rate'
      ? `denominator ${a.denominator.toLocaleString('en-GB')}`
      : a.kind === 'mean'
        ? `n ${a.n.toLocaleString('en-GB')}`
        : a.kind;
  const columns = timing.stored.map((c) => `#${c.position} ${c.type}`).join(', ');
  return `${over}; case_facts columns ${columns || 'none'}${timing.gathered > 0 ? `, ${timing.gathered} from responses` : ''}`;
}

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
  const pairs = PAIRS.filter((p) => installed(p.module));
  const keys = pairs.flatMap((p) => [p.core, p.module, p.lateCore]);
  const run = (key: string) => timeFigure(db, { modules, period: options.period, key, actor: options.actor });
  const runs = Math.max(MIN_RUNS, options.runs);
  const lines: string[] = [];
  try {
    // the pool's one connection runs every figure: its server process's CPU time is theirs
    const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
    const backend = rows[0]?.pid ?? 0;
    const cpu = new Map<string, number>(keys.map((key) => [key, 0]));
    // one untimed round warms the cache and the plans; then the figures take turns, in forward
    // and reverse order, so that neither warm-up nor the machine's load drifts onto one of them
    const first = new Map<string, FigureTiming>();
    for (const key of keys) first.set(key, await run(key));
    const samples = new Map<string, number[]>(keys.map((key) => [key, []]));
    for (let i = 0; i < runs; i++) {
      for (const key of i % 2 === 0 ? keys : [...keys].reverse()) {
        const before = cpuSeconds(backend);
        samples.get(key)?.push((await run(key)).ms);
        cpu.set(key, (cpu.get(key) ?? 0) + cpuSeconds(backend) - before);
      }
    }
    const populations = [...new Set([...first.values()].map((t) => t.population))];
    for (const population of populations) {
      const rows = await populationRows(db, { period: options.period, population, actor: options.actor });
      lines.push(`population ${population}: ${rows.toLocaleString('en-GB')} cases (the rows each figure scans)`);
    }
    for (const pair of pairs) {
      const median = (key: string) => summarise(samples.get(key) ?? []).median;
      // ticks of 10 ms: the mean over the runs, not a median of quantised samples
      const cpuMs = (key: string) => ((cpu.get(key) ?? 0) * 1000) / runs;
      const cpuText = (key: string) => (cpuMs(key) > 0 ? `, server CPU ${Math.round(cpuMs(key))} ms a run` : '');
      const ratio = (of: (key: string) => number, a: string, b: string) =>
        of(b) > 0 ? (of(a) / of(b)).toFixed(2) : '–';
      const line = (role: string, key: string) =>
        `  ${role} ${key}: ${formatSummary(summarise(samples.get(key) ?? []), 'ms')}${cpuText(key)}; ${describe(first.get(key) as FigureTiming)}`;
      lines.push(
        `${pair.kind}: module/core ${ratio(median, pair.module, pair.core)} (CPU ${ratio(cpuMs, pair.module, pair.core)}), module/late core ${ratio(median, pair.module, pair.lateCore)} (CPU ${ratio(cpuMs, pair.module, pair.lateCore)})`,
        line('core', pair.core),
        line('module', pair.module),
        line('core, late column', pair.lateCore),
      );
    }
  } finally {
    await db.destroy();
  }
  return lines;
}
