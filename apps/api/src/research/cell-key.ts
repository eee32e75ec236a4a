/**
 * Cell-key perturbation of research crosstabs, after the method the ONS used for Census 2021
 * outputs. Every case has a record key, a random integer 0–255 drawn once when the case is
 * written (migrations/0021_research_disclosure.sql). A cell's key is the sum of the record keys
 * of its cases modulo 256; the noise added to the cell is read from the perturbation table at
 * that key. So:
 *
 * - the same cases always get the same noise: asking again, or in a bigger table, averages
 *   nothing away;
 * - one case more or fewer (two periods that differ by a case, a filter that drops one) gives a
 *   new cell key that is uniform and independent of the old one, so the difference of two
 *   tables is the true difference plus the difference of two independent noises: a change of
 *   one case cannot be told from noise.
 *
 * Zero cells stay zero (the ONS does the same: a perturbed zero would invent cases), and no
 * non-zero cell becomes zero or negative. Margins are perturbed from their own cases' keys, so
 * they are consistent across tables, though not the sum of their perturbed cells.
 */

export const RECORD_KEY_RANGE = 256;

/**
 * The perturbation table: for a cell key 0–255, the noise. 13/256 of keys give −2, 51/256 −1,
 * 128/256 none, 51/256 +1 and 13/256 +2: noise of mean 0 and variance about 0.6.
 */
const BOUNDS: [upTo: number, noise: number][] = [
  [12, -2],
  [63, -1],
  [191, 0],
  [242, 1],
  [255, 2],
];
export const MAX_NOISE = 2;

export function noiseOf(cellKey: number): number {
  const key = ((cellKey % RECORD_KEY_RANGE) + RECORD_KEY_RANGE) % RECORD_KEY_RANGE;
  return BOUNDS.find(([upTo]) => key <= upTo)![1];
}

/** The published count of a cell of `count` cases whose record keys sum to `keySum`. */
export function perturbedCount(count: number, keySum: number): number {
  if (count === 0) return 0;
  const noise = noiseOf(keySum);
  // a small cell is moved up rather than to zero or below: the noise keeps its size
  return count + noise >= 1 ? count + noise : count + Math.abs(noise);
}
