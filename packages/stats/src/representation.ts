import { jStat } from './jstat';

export type RepresentationTest = {
  /** One-sided exact binomial p-value: P(X ≤ observed) when X ~ Binomial(n, populationShare). */
  pValue: number;
  /** Clients seen from the group if it were reached in proportion to the population. */
  expected: number;
  underRepresented: boolean;
};

/** The significance level at which a group is flagged as under-represented. */
export const UNDER_REPRESENTATION_ALPHA = 0.05;

/**
 * Is a group seen less often than its share of the local population would lead one to expect?
 * A one-sided exact binomial test: the clients are n draws, each from the group with probability
 * `populationShare`; a small chance of seeing as few as `observed` flags under-representation.
 */
export function testUnderRepresentation(
  observed: number,
  n: number,
  populationShare: number,
  alpha = UNDER_REPRESENTATION_ALPHA,
): RepresentationTest | null {
  if (n <= 0 || !(populationShare > 0 && populationShare < 1)) return null;
  const pValue = Math.min(1, jStat.binomial.cdf(observed, n, populationShare));
  return { pValue, expected: n * populationShare, underRepresented: pValue < alpha };
}
