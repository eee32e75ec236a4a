import { jStat } from './jstat';

export type MeanSummary = {
  /** Number of cases (for a change: cases with both measurements). */
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1 denominator). */
  sd: number;
};

/**
 * The t-based 95% interval of a mean — for a change, the paired-t interval of the mean of the
 * differences. Aggregation happens in SQL (count, avg, stddev_samp), so this takes the summary.
 * Null when fewer than two values make the spread unknown.
 */
export function meanInterval({ n, mean, sd }: MeanSummary, level = 0.95): [number, number] | null {
  if (n < 2 || !Number.isFinite(sd)) return null;
  const t = jStat.studentt.inv(1 - (1 - level) / 2, n - 1);
  const half = (t * sd) / Math.sqrt(n);
  return [mean - half, mean + half];
}
