import os from 'node:os';

/** Command-line options of `npm run bench`. */
export type BenchOptions = {
  smoke: boolean;
  cases: number;
  years: number;
  runs: number;
  /**
   * Runs of the slow reference paths — the scan of every case that the rollups replace, and the
   * anchor's PostgreSQL over JSONB — which take minutes each past a million cases.
   */
  scanRuns: number;
  seed: string;
  only: Set<string> | null;
  /** Keep the loaded database for the next run, and reuse it when it holds the same data. */
  keep: boolean;
};

export const BENCHMARKS = [
  'recording',
  'import',
  'import-preview',
  'reports',
  'dashboard',
  'research',
  'anchor',
  'linkage',
  // no measurement: fills the database (with --keep, for later runs) and stops
  'load',
] as const;

const USAGE = `usage: npm run bench -- [--smoke] [--cases=N] [--years=N] [--runs=N] [--scan-runs=N] [--seed=S] [--only=${BENCHMARKS.join(',')}] [--keep]
  --smoke   CI-sized: a few thousand cases, one run of each measurement (well under a minute)
  --scan-runs  runs of the full scans the rollups and DuckDB are compared with (default: --runs;
            0 leaves out the reports' scan, the anchor still runs PostgreSQL once)
  --keep    keep the loaded database (embedded: in ${os.tmpdir()}/harbour-bench-data) and reuse it
            next time the seed, cases and years match: compare two versions on the same data`;

export function parseOptions(argv: string[]): BenchOptions {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unknown argument ${arg}\n${USAGE}`);
    flags.set(match[1] as string, match[2] ?? 'true');
  }
  for (const key of flags.keys()) {
    if (!['smoke', 'cases', 'years', 'runs', 'scan-runs', 'seed', 'only', 'keep', 'help'].includes(key))
      throw new Error(`unknown option --${key}\n${USAGE}`);
  }
  if (flags.has('help')) throw new Error(USAGE);
  const smoke = flags.get('smoke') === 'true';
  const number = (key: string, fallback: number) => {
    const value = Number(flags.get(key) ?? fallback);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${key} must be a positive number`);
    return value;
  };
  const only = flags.get('only');
  const unknown = only?.split(',').filter((b) => !(BENCHMARKS as readonly string[]).includes(b)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}\n${USAGE}`);
  const runs = number('runs', smoke ? 1 : 5);
  return {
    smoke,
    cases: number('cases', smoke ? 2_000 : 1_000_000),
    years: number('years', 5),
    runs,
    scanRuns: Math.min(runs, flags.get('scan-runs') === '0' ? 0 : number('scan-runs', runs)),
    seed: flags.get('seed') ?? 'harbour-bench',
    only: only ? new Set(only.split(',')) : null,
    keep: flags.get('keep') === 'true',
  };
}
