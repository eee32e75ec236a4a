/** Padded q-grams: "ann" with q = 2 → "_a", "an", "nn", "n_". Padding marks the first and last letters. */
export function qgrams(value: string, q = 2): string[] {
  if (value.length === 0) return [];
  const padded = `${'_'.repeat(q - 1)}${value}${'_'.repeat(q - 1)}`;
  const grams: string[] = [];
  for (let i = 0; i + q <= padded.length; i++) grams.push(padded.slice(i, i + q));
  return grams;
}
