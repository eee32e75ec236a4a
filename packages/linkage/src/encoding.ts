/**
 * Cryptographic long-term keys (CLK, Schnell, Bachteler and Reiher 2011), as anonlink/clkhash
 * build them: every field's q-grams are hashed into one 1024-bit Bloom filter. Hardening:
 *
 * - Keyed: every position comes from HMAC-SHA256 under a key derived (HKDF) from the linkage
 *   region's secret key, one key per field. Without the key nobody can encode a candidate name
 *   to compare with a stored filter (the dictionary attack on unkeyed filters).
 * - Random hashing, not double hashing: each q-gram's k positions are independent 16-bit slices
 *   of its HMAC (modulo 1024), which removes the arithmetic structure the double-hashing attacks exploit
 *   (Kroll and Steinmetzer 2015).
 * - Salted by birth year: the year is an input to every HMAC, so the same q-gram sets different
 *   bits for people born in different years. Frequency attacks (matching the commonest bit
 *   patterns to the commonest names) then work only within one year's records, where the counts
 *   are small. Matching loses nothing: candidates are blocked on the same year anyway.
 *   docs/linkage.md says why salting rather than balanced filters.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import { FILTER_BITS, FILTER_WORDS, setBit } from './bits';
import type { NormalisedIdentity } from './normalise';
import { outwardCode } from './normalise';
import { qgrams } from './qgrams';

/** A linkage region's secret key for one epoch (its id names the epoch). */
export type LinkageKey = { id: string; key: Buffer };

export type Encoding = {
  keyId: string;
  /** Keyed digest of the birth year: candidates are compared only within a block. */
  block: number;
  bits: Uint32Array;
};

type FieldName = 'firstName' | 'lastName' | 'dateOfBirth' | 'postcode';

type FieldSpec = { name: FieldName; k: number; tokens(identity: NormalisedIdentity): string[] };

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * Bits a token sets (k) weigh the fields. The date of birth's day and month come in three tokens
 * (day, month, and the unordered pair, which survives a swapped day and month) with the heaviest
 * weight: it is what tells two Sarah Smiths born in one year apart, and it survives a changed
 * surname. The postcode adds its district as one token (survives a move in town). Tuned on
 * corrupted synthetic identities (bench/src/linkage.ts; docs/linkage.md).
 */
export const FIELDS: readonly FieldSpec[] = [
  { name: 'firstName', k: 14, tokens: (p) => qgrams(p.firstName) },
  { name: 'lastName', k: 8, tokens: (p) => qgrams(p.lastName) },
  {
    name: 'dateOfBirth',
    k: 30,
    tokens: (p) => [
      `d${pad2(p.day)}`,
      `m${pad2(p.month)}`,
      `p${pad2(Math.min(p.day, p.month))}${pad2(Math.max(p.day, p.month))}`,
    ],
  },
  {
    name: 'postcode',
    k: 6,
    tokens: (p) => (p.postcode ? [...qgrams(p.postcode), `o${outwardCode(p.postcode)}`] : []),
  },
];

const INFO = 'harbour linkage v1';

/** Encodes identities under one region key; derives its per-field keys once. */
export class Encoder {
  private readonly fieldKeys: Map<FieldName, Buffer>;
  private readonly blockKey: Buffer;

  constructor(readonly key: LinkageKey) {
    if (key.key.length < 32) throw new Error('a linkage key is at least 32 bytes');
    this.fieldKeys = new Map(FIELDS.map((f) => [f.name, derive(key.key, `${INFO} field ${f.name}`)]));
    this.blockKey = derive(key.key, `${INFO} block`);
  }

  /** The block of a birth year: 31 bits of its HMAC, so the stored block does not show the year. */
  block(year: number): number {
    return createHmac('sha256', this.blockKey).update(String(year)).digest().readUInt32BE(0) >>> 1;
  }

  encode(identity: NormalisedIdentity): Encoding {
    const bits = new Uint32Array(FILTER_WORDS);
    for (const field of FIELDS) {
      const fieldKey = this.fieldKeys.get(field.name)!;
      for (const token of field.tokens(identity)) {
        for (const position of positions(fieldKey, `${identity.year}\u0000${token}`, field.k)) setBit(bits, position);
      }
    }
    return { keyId: this.key.id, block: this.block(identity.year), bits };
  }
}

/**
 * k bit positions of a salted token: 16-bit slices of HMAC-SHA256 (sixteen a digest), modulo
 * 1024 (which divides 65536, so no position is favoured); a second digest, with a counter, past 16.
 */
function positions(fieldKey: Buffer, input: string, k: number): number[] {
  const out: number[] = [];
  for (let round = 0; out.length < k; round++) {
    const digest = createHmac('sha256', fieldKey).update(`${round}\u0000${input}`).digest();
    for (let i = 0; i < 16 && out.length < k; i++) out.push(digest.readUInt16BE(i * 2) % FILTER_BITS);
  }
  return out;
}

function derive(key: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), info, 32));
}
