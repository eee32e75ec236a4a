import { jStat } from './jstat';

/** The standard normal quantile of a two-sided 95% interval (1.959964…). */
export const Z95 = jStat.normal.inv(0.975, 0, 1);

/**
 * Wilson's score interval for a binomial proportion (Wilson 1927; method 3 of Newcombe 1998).
 * It stays inside [0, 1] and behaves well for small counts and rates near 0 or 1, where the
 * simple Wald interval fails. Returns proportions, or null for an empty denominator.
 */
export function wilsonInterval(successes: number, trials: number, z = Z95): [number, number] | null {
  if (trials <= 0) return null;
  if (successes < 0 || successes > trials) throw new RangeError(`${successes} successes out of ${trials} trials`);
  const p = successes / trials;
  const z2 = z * z;
  const centre = p + z2 / (2 * trials);
  const spread = z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  const scale = 1 + z2 / trials;
  return [Math.max(0, (centre - spread) / scale), Math.min(1, (centre + spread) / scale)];
}
