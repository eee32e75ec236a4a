import {
  isDisclosive,
  isRateDisclosive,
  meanInterval,
  suppressTable,
  testUnderRepresentation,
  wilsonInterval,
} from '@harbour/stats';

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

describe('wilsonInterval', () => {
  // Newcombe RG. Two-sided confidence intervals for the single proportion: comparison of seven
  // methods. Statistics in Medicine 1998;17:857–872, Table II, method 3 (Wilson score, no
  // continuity correction), examples (a)–(d).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i/%i gives %f to %f as published by Newcombe (1998)', (x, n, low, high) => {
    const ci = wilsonInterval(x, n);
    expect(ci?.map(round4)).toEqual([low, high]);
  });

  it('has no interval for an empty denominator and refuses impossible counts', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
  });
});

describe('meanInterval', () => {
  // Student's sleep data (Cushny and Peebles; Student, Biometrika 1908): extra hours of sleep
  // with two drugs in the same ten patients. R: t.test(extra ~ group, data = sleep, paired = TRUE)
  // gives a mean difference of 1.58 hours, 95% CI 0.7001142 to 2.4598858.
  const drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
  const drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
  it('reproduces the paired t interval of the sleep data', () => {
    const diffs = drug2.map((x, i) => x - (drug1[i] as number));
    const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
    const sd = Math.sqrt(diffs.reduce((a, d) => a + (d - mean) ** 2, 0) / (diffs.length - 1));
    const ci = meanInterval({ n: diffs.length, mean, sd });
    expect(ci?.[0]).toBeCloseTo(0.7001142, 6);
    expect(ci?.[1]).toBeCloseTo(2.4598858, 6);
  });

  it('has no interval for fewer than two values', () => {
    expect(meanInterval({ n: 1, mean: 3, sd: Number.NaN })).toBeNull();
  });
});

describe('testUnderRepresentation', () => {
  it('is the one-sided exact binomial tail worked by hand', () => {
    // X ~ Binomial(10, 0.3): P(X ≤ 0) = 0.7^10 = 0.0282475249;
    // P(X ≤ 1) = 0.7^10 + 10 × 0.3 × 0.7^9 = 0.0282475249 + 0.1210608210 = 0.1493083459.
    expect(testUnderRepresentation(0, 10, 0.3)?.pValue).toBeCloseTo(0.0282475249, 9);
    expect(testUnderRepresentation(0, 10, 0.3)?.underRepresented).toBe(true);
    expect(testUnderRepresentation(1, 10, 0.3)?.pValue).toBeCloseTo(0.1493083459, 9);
    expect(testUnderRepresentation(1, 10, 0.3)?.underRepresented).toBe(false);
    expect(testUnderRepresentation(1, 10, 0.3)?.expected).toBeCloseTo(3, 12);
  });

  it('gives the exact lower tail for Mendel’s peas (the example of R’s binom.test)', () => {
    // 682 of 925 plants, expected share 3/4. The lower tail Σ_{x≤682} C(925,x)(3/4)^x(1/4)^(925−x)
    // summed in exact rational arithmetic is 0.196009267053883.
    expect(testUnderRepresentation(682, 925, 0.75)?.pValue).toBeCloseTo(0.196009267, 8);
  });

  it('stays quick and sane for a national-size denominator', () => {
    const t = testUnderRepresentation(9_500, 200_000, 0.05);
    expect(t?.underRepresented).toBe(true);
    expect(t?.expected).toBe(10_000);
  });

  it('does not test against an unknown or degenerate share', () => {
    expect(testUnderRepresentation(0, 0, 0.5)).toBeNull();
    expect(testUnderRepresentation(1, 10, 0)).toBeNull();
  });
});

describe('disclosure control', () => {
  it('hides counts 1 to k−1, shows zero and k', () => {
    expect([0, 1, 4, 5].map((n) => isDisclosive(n, 5))).toEqual([false, true, true, false]);
    expect(isDisclosive(9, 10)).toBe(true);
    expect(isRateDisclosive(3, 40, 5)).toBe(true);
    expect(isRateDisclosive(12, 4, 5)).toBe(true);
    expect(isRateDisclosive(0, 40, 5)).toBe(false);
  });

  it('hides the next-smallest non-zero cell when one cell is hidden in a table with a total', () => {
    // Total 40 = 2 + 0 + 7 + 6 + 25: the 2 is hidden; 0 cannot protect it, 6 is next smallest.
    const cells = [
      { key: 'a', count: 2 },
      { key: 'b', count: 0 },
      { key: 'c', count: 7 },
      { key: 'd', count: 6 },
      { key: 'e', count: 25 },
    ];
    expect([...suppressTable(cells, 5)].sort()).toEqual(['a', 'd']);
  });

  it('needs no secondary cell when two cells are already hidden or none is', () => {
    expect(
      [
        ...suppressTable(
          [
            { key: 'a', count: 2 },
            { key: 'b', count: 3 },
            { key: 'c', count: 9 },
          ],
          5,
        ),
      ].sort(),
    ).toEqual(['a', 'b']);
    expect(
      suppressTable(
        [
          { key: 'a', count: 12 },
          { key: 'b', count: 0 },
        ],
        10,
      ).size,
    ).toBe(0);
  });
});
