/** Fixed-length bit arrays as 32-bit words, and the Dice coefficient between two of them. */

/** Bits in a filter: 1024, as in anonlink's cryptographic long-term keys. */
export const FILTER_BITS = 1024;
export const FILTER_WORDS = FILTER_BITS / 32;

/** Set bits of a 32-bit word (SWAR popcount: a handful of arithmetic steps, no table). */
export function popcount32(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
}

export function popcount(words: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < words.length; i++) n += popcount32(words[i]!);
  return n;
}

/** Dice = 2|A∧B| / (|A| + |B|); 0 for two empty filters. */
export function dice(a: Uint32Array, b: Uint32Array): number {
  let common = 0;
  let total = 0;
  for (let i = 0; i < a.length; i++) {
    common += popcount32(a[i]! & b[i]!);
    total += popcount32(a[i]!) + popcount32(b[i]!);
  }
  return total === 0 ? 0 : (2 * common) / total;
}

/** Big-endian bytes, so the database's bit string reads in the same order. */
export function toBytes(words: Uint32Array): Buffer {
  const out = Buffer.alloc(words.length * 4);
  for (let i = 0; i < words.length; i++) out.writeUInt32BE(words[i]!, i * 4);
  return out;
}

export function fromBytes(bytes: Buffer): Uint32Array {
  if (bytes.length !== FILTER_WORDS * 4) throw new Error(`a filter is ${FILTER_WORDS * 4} bytes, not ${bytes.length}`);
  const words = new Uint32Array(FILTER_WORDS);
  for (let i = 0; i < FILTER_WORDS; i++) words[i] = bytes.readUInt32BE(i * 4);
  return words;
}

/** '0'/'1' characters, most significant bit of the first word first: PostgreSQL's bit(1024) text form. */
export function toBitString(words: Uint32Array): string {
  let out = '';
  for (let i = 0; i < words.length; i++) out += words[i]!.toString(2).padStart(32, '0');
  return out;
}

export function setBit(words: Uint32Array, position: number): void {
  const word = position >>> 5;
  words[word] = (words[word]! | (0x80000000 >>> (position & 31))) >>> 0;
}
