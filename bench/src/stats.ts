/** Summaries of repeated measurements: the median with the range, as the benchmarks print them. */
export type Summary = { median: number; min: number; max: number; runs: number };

export function summarise(samples: number[]): Summary {
  if (samples.length === 0) throw new Error('no samples to summarise');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, runs: samples.length };
}

function round(value: number): string {
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-GB');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** `1,234 (1,200–1,300, 5 runs)`. */
export function formatSummary(summary: Summary, unit = ''): string {
  const u = unit ? ` ${unit}` : '';
  if (summary.runs === 1) return `${round(summary.median)}${u} (1 run)`;
  return `${round(summary.median)}${u} (${round(summary.min)}–${round(summary.max)}, ${summary.runs} runs)`;
}

export async function timeIt<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

export async function repeat(runs: number, fn: () => Promise<unknown>): Promise<Summary> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push((await timeIt(fn)).ms);
  return summarise(samples);
}
