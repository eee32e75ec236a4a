import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import {
  BlockIndex,
  dice,
  Encoder,
  FILTER_WORDS,
  fromBytes,
  MATCH_THRESHOLD,
  normaliseGivenName,
  normaliseIdentifiers,
  normaliseName,
  normalisePostcode,
  popcount,
  qgrams,
  toBitString,
  toBytes,
} from '../src';

const key = () => ({ id: 'k', key: randomBytes(32) });
const identity = (over: Partial<Parameters<Encoder['encode']>[0]> = {}) => ({
  firstName: 'siobhan',
  lastName: 'kowalczyk',
  year: 1987,
  month: 4,
  day: 23,
  postcode: 'LS62QT',
  ...over,
});

describe('normalisation', () => {
  test('case, accents, punctuation and spacing go', () => {
    expect(normaliseName(" O'Brién-Smyth ")).toBe('obriensmyth');
    expect(normaliseName('Zoë')).toBe('zoe');
    expect(normaliseName('Łucja Øster Straße')).toBe('lucjaosterstrasse');
    expect(normalisePostcode(' ls6 2qt ')).toBe('LS62QT');
  });

  test('given names: first word, then the canonical variant', () => {
    expect(normaliseGivenName('Liz')).toBe('elizabeth');
    expect(normaliseGivenName('BETH')).toBe('elizabeth');
    expect(normaliseGivenName('Kate')).toBe('catherine');
    expect(normaliseGivenName('Mary-Beth')).toBe('mary');
    expect(normaliseGivenName('Siobhán')).toBe('siobhan');
  });

  test('bad identifiers are named by field, never echoed', () => {
    const result = normaliseIdentifiers(
      { firstName: '123', lastName: 'Smith', dateOfBirth: '1990-02-30', postcode: 'NOT A POSTCODE' },
      '2026-01-01',
    );
    expect(result.identity).toBeNull();
    expect(result.problems.map((p) => p.field)).toEqual(['firstName', 'dateOfBirth', 'postcode']);
    expect(JSON.stringify(result.problems)).not.toMatch(/123|1990|POSTCODE/);
    expect(
      normaliseIdentifiers({ firstName: 'A', lastName: 'B', dateOfBirth: '2027-01-01' }, '2026-01-01').problems,
    ).toEqual([{ field: 'dateOfBirth', message: 'must be in the past 120 years' }]);
  });
});

describe('filters', () => {
  test('q-grams are padded', () => {
    expect(qgrams('ann')).toEqual(['_a', 'an', 'nn', 'n_']);
    expect(qgrams('')).toEqual([]);
  });

  test('bytes and bit strings round-trip in the database order', () => {
    fc.assert(
      fc.property(fc.uint32Array({ minLength: FILTER_WORDS, maxLength: FILTER_WORDS }), (words) => {
        expect(fromBytes(toBytes(words))).toEqual(words);
        const bits = toBitString(words);
        expect(bits).toHaveLength(1024);
        expect([...bits].filter((b) => b === '1').length).toBe(popcount(words));
      }),
    );
  });

  test('Dice is 1 for equal filters, symmetric and between 0 and 1', () => {
    fc.assert(
      fc.property(
        fc.uint32Array({ minLength: FILTER_WORDS, maxLength: FILTER_WORDS }),
        fc.uint32Array({ minLength: FILTER_WORDS, maxLength: FILTER_WORDS }),
        (a, b) => {
          const d = dice(a, b);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThanOrEqual(1);
          expect(dice(b, a)).toBe(d);
          if (popcount(a) > 0) expect(dice(a, a)).toBe(1);
        },
      ),
    );
  });
});

describe('encoding', () => {
  const encoder = new Encoder(key());

  test('the same person entered with small differences stays over the threshold; another person does not', () => {
    const base = encoder.encode(identity());
    const typo = encoder.encode(identity({ lastName: 'kowalcyk' }));
    const moved = encoder.encode(identity({ postcode: 'LS61AB' }));
    const nickname = encoder.encode(identity({ firstName: 'elizabeth' }));
    expect(encoder.encode(identity({ firstName: 'elizabeth' })).bits).toEqual(nickname.bits);
    const other = encoder.encode(
      identity({ firstName: 'margaret', lastName: 'oyelaran', month: 11, day: 2, postcode: 'M145RX' }),
    );
    expect(dice(base.bits, typo.bits)).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
    expect(dice(base.bits, moved.bits)).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
    expect(dice(base.bits, other.bits)).toBeLessThan(0.5);
  });

  test('a day and month swapped keeps most of the date of birth (the unordered pair survives)', () => {
    const a = encoder.encode(identity({ day: 3, month: 7 }));
    const b = encoder.encode(identity({ day: 7, month: 3 }));
    expect(dice(a.bits, b.bits)).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
  });

  test('keyed: the same identity under another key shares no more than chance', () => {
    const other = new Encoder(key());
    expect(dice(encoder.encode(identity()).bits, other.encode(identity()).bits)).toBeLessThan(0.5);
    expect(encoder.encode(identity()).block).not.toBe(other.encode(identity()).block);
  });

  test('salted by birth year: the same names born in another year set other bits and fall in another block', () => {
    const a = encoder.encode(identity());
    const b = encoder.encode(identity({ year: 1988 }));
    expect(a.block).not.toBe(b.block);
    expect(dice(a.bits, b.bits)).toBeLessThan(0.5);
  });
});

describe('the block index', () => {
  test('finds what a scan of all pairs finds, best first, within the block only', () => {
    const encoder = new Encoder(key());
    const index = new BlockIndex<number>();
    const all: ReturnType<Encoder['encode']>[] = [];
    const names = ['siobhan', 'sarah', 'sara', 'emma', 'laura', 'lisa'];
    for (let i = 0; i < 200; i++) {
      const e = encoder.encode(
        identity({ firstName: names[i % names.length]!, year: 1980 + (i % 3), day: 1 + (i % 28), postcode: null }),
      );
      all.push(e);
      index.add(i, e);
    }
    expect(index.size).toBe(200);
    const query = all[7]!;
    const scanned = all
      .map((e, id) => ({ id, d: e.block === query.block ? dice(e.bits, query.bits) : 0 }))
      .filter((m) => m.d >= 0.6)
      .map((m) => m.id)
      .sort((a, b) => a - b);
    const found = index.match(query, 0.6);
    expect(found.map((m) => m.id).sort((a, b) => a - b)).toEqual(scanned);
    expect(found[0]).toEqual({ id: 7, dice: 1 });
    for (let i = 1; i < found.length; i++) expect(found[i - 1]!.dice).toBeGreaterThanOrEqual(found[i]!.dice);
  });
});
