/**
 * Linkage benchmarks, in-process (no database): quality on corrupted synthetic identities
 * (precision and recall of episode pairs across Dice thresholds) and the time to match one new
 * encoding against a region's encodings held in a BlockIndex.
 */
import { randomBytes } from 'node:crypto';
import {
  BlockIndex,
  Encoder,
  type Encoding,
  FILTER_WORDS,
  MATCH_THRESHOLD,
  normaliseIdentifiers,
} from '@harbour/linkage';
import { createRandom, generateRegionEpisodes, type SynthEpisode } from '@harbour/synth';

export type CurvePoint = { threshold: number; precision: number; recall: number; truePairs: number; found: number };

export type LinkageQuality = {
  episodes: number;
  people: number;
  truePairs: number;
  curve: CurvePoint[];
  chosen: CurvePoint;
};

const THRESHOLDS = [0.6, 0.65, 0.7, 0.72, 0.74, 0.76, 0.78, 0.8, 0.82, 0.84, 0.86, 0.88, 0.9, 0.95];

function encodeEpisode(encoder: Encoder, episode: SynthEpisode): Encoding {
  const normalised = normaliseIdentifiers(episode.identity, '2030-01-01');
  if (!normalised.identity) throw new Error(`synthetic identity rejected: ${JSON.stringify(normalised.problems)}`);
  return encoder.encode(normalised.identity);
}

/**
 * Every episode is matched against the region's earlier episodes (as at intake). A found pair is
 * right when both episodes are the same person; a true pair is any two episodes of one person.
 */
export function linkageQuality(options: { people: number; seed: string }): LinkageQuality {
  const random = createRandom(`${options.seed}:linkage`);
  const episodes = generateRegionEpisodes(random, { people: options.people, services: 6, days: 4 * 365 });
  const encoder = new Encoder({ id: 'bench', key: randomBytes(32) });
  const index = new BlockIndex<number>();
  const lowest = THRESHOLDS[0]!;
  const found: { dice: number; same: boolean }[] = [];
  const perPerson = new Map<number, number>();
  let truePairs = 0;
  episodes.forEach((episode, i) => {
    const encoding = encodeEpisode(encoder, episode);
    for (const match of index.match(encoding, lowest)) {
      found.push({ dice: match.dice, same: episodes[match.id]!.personId === episode.personId });
    }
    const before = perPerson.get(episode.personId) ?? 0;
    truePairs += before;
    perPerson.set(episode.personId, before + 1);
    index.add(i, encoding);
  });
  const curve = THRESHOLDS.map((threshold) => {
    const over = found.filter((f) => f.dice >= threshold);
    const right = over.filter((f) => f.same).length;
    return {
      threshold,
      precision: over.length === 0 ? 1 : right / over.length,
      recall: truePairs === 0 ? 1 : right / truePairs,
      truePairs: right,
      found: over.length,
    };
  });
  const chosen = curve.find((p) => p.threshold === MATCH_THRESHOLD)!;
  return { episodes: episodes.length, people: options.people, truePairs, curve, chosen };
}

export type MatchTiming = {
  size: number;
  blocks: number;
  medianMs: number;
  p95Ms: number;
  runs: number;
  loadSeconds: number;
};

/**
 * A region of `size` encodings (synthetic people spread over 50 birth years, so about size/50 in
 * a block) and the time to match one new encoding against it, over `runs` new encodings.
 */
export function matchTiming(options: { size: number; runs: number; seed: string }): MatchTiming {
  const random = createRandom(`${options.seed}:linkage-speed`);
  const encoder = new Encoder({ id: 'bench', key: randomBytes(32) });
  const index = new BlockIndex<number>();
  const started = process.hrtime.bigint();
  // encoding a million identities takes minutes of HMACs; filters drawn from a few thousand
  // real encodings of each block, with bits flipped, have the same sizes and the same cost to compare
  const templates: Encoding[] = [];
  for (let i = 0; i < 5000; i++) {
    const year = 1958 + (i % 50);
    templates.push(
      encoder.encode({
        firstName: `n${random.int(0, 400)}`,
        lastName: `s${random.int(0, 2000)}`,
        year,
        month: random.int(1, 12),
        day: random.int(1, 28),
        postcode: null,
      }),
    );
  }
  for (let i = 0; i < options.size; i++) {
    const template = templates[i % templates.length]!;
    const bits = template.bits.slice();
    bits[random.int(0, FILTER_WORDS - 1)]! ^= 1 << random.int(0, 31);
    index.add(i, { ...template, bits });
  }
  const loadSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const times: number[] = [];
  for (let run = 0; run < options.runs; run++) {
    const query = encoder.encode({
      firstName: `q${run}`,
      lastName: `r${run}`,
      year: 1958 + random.int(0, 49),
      month: random.int(1, 12),
      day: random.int(1, 28),
      postcode: null,
    });
    const t0 = process.hrtime.bigint();
    index.match(query, MATCH_THRESHOLD);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return {
    size: options.size,
    blocks: 50,
    medianMs: times[Math.floor(times.length / 2)]!,
    p95Ms: times[Math.floor(times.length * 0.95)]!,
    runs: options.runs,
    loadSeconds,
  };
}

export function formatQuality(q: LinkageQuality): string[] {
  const lines = [
    `${q.people.toLocaleString('en-GB')} synthetic people, ${q.episodes.toLocaleString('en-GB')} episodes, ${q.truePairs.toLocaleString('en-GB')} true pairs`,
    'threshold  precision  recall   found',
  ];
  for (const p of q.curve) {
    const mark = p.threshold === q.chosen.threshold ? '  ← chosen' : '';
    lines.push(
      `${p.threshold.toFixed(2).padStart(9)}  ${p.precision.toFixed(4).padStart(9)}  ${p.recall.toFixed(4).padStart(6)}  ${String(p.found).padStart(6)}${mark}`,
    );
  }
  const met = q.chosen.precision >= 0.99 && q.chosen.recall >= 0.95;
  lines.push(
    `at ${q.chosen.threshold}: precision ${q.chosen.precision.toFixed(4)} (target ≥ 0.99), recall ${q.chosen.recall.toFixed(4)} (target ≥ 0.95): ${met ? 'met' : 'MISSED'}`,
  );
  return lines;
}
