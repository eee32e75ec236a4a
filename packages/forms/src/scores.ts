/** Computing a form's scores with their bands and caseness, as stored beside the answers. */
import type { ScoreBand, ScoreDefinition, ScoreResults } from './types';

function replaceLastPart(key: string, part: string): string {
  const cut = key.lastIndexOf('_');
  return `${cut > 0 ? key.slice(0, cut) : key}_${part}`;
}

export function bandKeyOf(score: ScoreDefinition): string {
  return score.bandKey ?? replaceLastPart(score.key, 'band');
}

export function casenessKeyOf(score: ScoreDefinition): string {
  return score.casenessKey ?? replaceLastPart(score.key, 'case');
}

export function bandOf(bands: ScoreBand[], value: number): ScoreBand | undefined {
  return bands.find((band) => value >= band.from && value <= band.to);
}

/** The score, its band code and its caseness, each null when the score cannot be computed. */
export function scoreResults(score: ScoreDefinition, answers: Record<string, unknown>): ScoreResults {
  const value = score.compute(answers);
  const results: ScoreResults = { [score.key]: value };
  if (score.bands) results[bandKeyOf(score)] = value === null ? null : (bandOf(score.bands, value)?.code ?? null);
  if (score.caseness !== undefined) results[casenessKeyOf(score)] = value === null ? null : value >= score.caseness;
  return results;
}

/**
 * The sum of integer items, or null when any is missing or not an integer: a partial sum would
 * understate the score and put the client in too low a band.
 */
export function sumOfItems(answers: Record<string, unknown>, keys: string[]): number | null {
  let total = 0;
  for (const key of keys) {
    const value = answers[key];
    if (typeof value !== 'number' || !Number.isInteger(value)) return null;
    total += value;
  }
  return total;
}

/** `prefix_1` … `prefix_n`. */
export function itemKeys(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix}_${index + 1}`);
}
