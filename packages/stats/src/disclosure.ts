/**
 * Statistical disclosure control for published counts (docs/reports.md, "Disclosure
 * control"): a count from 1 to k−1 is not shown; a rate is not shown when its numerator or
 * denominator is not; and in a table whose total is shown, a second cell is hidden so that a
 * hidden cell cannot be worked out by subtraction.
 */

/** k inside a service's own reports. */
export const SERVICE_THRESHOLD = 5;
/** k for the national dataset and research outputs. */
export const NATIONAL_THRESHOLD = 10;

/** Primary suppression: true for a count that could single out a few people. Zero is shown. */
export function isDisclosive(count: number, k: number): boolean {
  return count >= 1 && count < k;
}

/** A rate is shown only when neither its numerator nor its denominator is disclosive. */
export function isRateDisclosive(numerator: number, denominator: number, k: number): boolean {
  return isDisclosive(numerator, k) || isDisclosive(denominator, k);
}

export type TableCell = { key: string; count: number };

/**
 * The cell to hide besides those already hidden in a table whose total is shown. When exactly
 * one cell is hidden, the total minus the shown cells would reveal it, so the next-smallest shown
 * cell with a count above zero is hidden too (a hidden zero would not protect it: a reader would
 * guess zero). With two or more hidden, or none, nothing more is needed.
 */
export function secondaryCell(cells: readonly TableCell[], hidden: ReadonlySet<string>): string | undefined {
  if (hidden.size !== 1) return undefined;
  return cells
    .filter((c) => !hidden.has(c.key) && c.count > 0)
    .sort((a, b) => a.count - b.count || a.key.localeCompare(b.key))[0]?.key;
}

/** The keys of the cells to hide in one table of counts whose total is shown. */
export function suppressTable(cells: readonly TableCell[], k: number): Set<string> {
  const hidden = new Set(cells.filter((c) => isDisclosive(c.count, k)).map((c) => c.key));
  const second = secondaryCell(cells, hidden);
  if (second) hidden.add(second);
  return hidden;
}
