/**
 * Encodings held compactly for matching many at once: per block, one Uint32Array of all filters
 * back to back and their popcounts, so a comparison is 32 AND-and-popcount steps on memory that
 * is read in order. A new encoding is compared with its block only.
 */
import { FILTER_WORDS, popcount, popcount32 } from './bits';
import type { Encoding } from './encoding';

export type IndexMatch<Id> = { id: Id; dice: number };

class Block<Id> {
  words = new Uint32Array(FILTER_WORDS * 16);
  counts = new Uint16Array(16);
  ids: Id[] = [];

  add(id: Id, bits: Uint32Array): void {
    const n = this.ids.length;
    if ((n + 1) * FILTER_WORDS > this.words.length) {
      const words = new Uint32Array(this.words.length * 2);
      words.set(this.words);
      this.words = words;
      const counts = new Uint16Array(this.counts.length * 2);
      counts.set(this.counts);
      this.counts = counts;
    }
    this.words.set(bits, n * FILTER_WORDS);
    this.counts[n] = popcount(bits);
    this.ids.push(id);
  }
}

export class BlockIndex<Id> {
  private readonly blocks = new Map<number, Block<Id>>();
  private total = 0;

  get size(): number {
    return this.total;
  }

  add(id: Id, encoding: Encoding): void {
    let block = this.blocks.get(encoding.block);
    if (!block) {
      block = new Block<Id>();
      this.blocks.set(encoding.block, block);
    }
    block.add(id, encoding.bits);
    this.total++;
  }

  /** Every encoding of the block with Dice ≥ threshold, best first. */
  match(encoding: Encoding, threshold: number): IndexMatch<Id>[] {
    const block = this.blocks.get(encoding.block);
    if (!block) return [];
    const q = encoding.bits;
    const qCount = popcount(q);
    const { words, counts, ids } = block;
    const found: IndexMatch<Id>[] = [];
    for (let r = 0; r < ids.length; r++) {
      const total = qCount + counts[r]!;
      // Dice ≤ 2·min(|A|,|B|)/(|A|+|B|): skip rows whose size alone rules them out
      if (2 * Math.min(qCount, counts[r]!) < threshold * total) continue;
      let common = 0;
      const base = r * FILTER_WORDS;
      for (let i = 0; i < FILTER_WORDS; i++) common += popcount32(q[i]! & words[base + i]!);
      const score = total === 0 ? 0 : (2 * common) / total;
      if (score >= threshold) found.push({ id: ids[r]!, dice: score });
    }
    return found.sort((a, b) => b.dice - a.dice);
  }
}
