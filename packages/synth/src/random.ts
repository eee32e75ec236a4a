/**
 * A small seeded pseudo-random generator (sfc32, seeded through a string hash) and the draws the
 * generator needs. Same seed, same sequence, on every platform: synthetic data must be
 * reproducible so that a failing test or a benchmark figure can be regenerated exactly.
 * Not for anything secret. The draws modules' synthetic hooks use are `SyntheticRandom` of
 * @harbour/forms; the generator's own stream adds a few.
 */
import type { SyntheticRandom } from '@harbour/forms';

export type Random = SyntheticRandom & {
  /** A Poisson count (Knuth for small means, normal approximation above 30). */
  poisson(mean: number): number;
  /** A version-4-shaped UUID from the stream, so ids are reproducible too. */
  uuid(): string;
  /** An independent stream named by `label`: draws from it never shift this one's. */
  fork(label: string): Random;
};

function hashString(text: string): [number, number, number, number] {
  // cyrb128: four 32-bit words from a string, well mixed, for seeding sfc32
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function createRandom(seed: string | number): Random {
  const label = String(seed);
  let [a, b, c, d] = hashString(label);
  const next = (): number => {
    // sfc32
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next(); // let the seed words mix before the first draw

  const normal = (mean: number, sd: number): number => {
    const u = 1 - next();
    const v = next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };

  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
      const entries = Object.entries(weights) as [K, number][];
      let total = 0;
      for (const [, w] of entries) total += w;
      let x = next() * total;
      for (const [key, w] of entries) {
        x -= w;
        if (x < 0) return key;
      }
      return (entries[entries.length - 1] as [K, number])[0];
    },
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    normal,
    poisson(mean) {
      if (mean <= 0) return 0;
      if (mean > 30) return Math.max(0, Math.round(normal(mean, Math.sqrt(mean))));
      const limit = Math.exp(-mean);
      let k = 0;
      let p = next();
      while (p > limit) {
        k++;
        p *= next();
      }
      return k;
    },
    uuid() {
      const bytes = new Array<number>(16);
      for (let i = 0; i < 16; i += 4) {
        const word = (next() * 4294967296) >>> 0;
        bytes[i] = word & 0xff;
        bytes[i + 1] = (word >>> 8) & 0xff;
        bytes[i + 2] = (word >>> 16) & 0xff;
        bytes[i + 3] = word >>> 24;
      }
      bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
      bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
      const h = bytes.map((x) => HEX[x] as string);
      return `${h.slice(0, 4).join('')}-${h.slice(4, 6).join('')}-${h.slice(6, 8).join('')}-${h.slice(8, 10).join('')}-${h.slice(10).join('')}`;
    },
    fork: (sub) => createRandom(`${label}/${sub}`),
  };
  return random;
}
