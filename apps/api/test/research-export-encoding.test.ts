import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { csvLines } from '../src/research/export-encoding';
import type { ExportValue } from '../src/research/export-rows';

// Values an export holds, with the characters CSV must quote or escape well represented.
const text = fc.string({ unit: fc.constantFrom('a', 'Z', '1', ' ', ',', '"', '\n', '\r', '|', 'é', '=', '-') });
const value: fc.Arbitrary<ExportValue> = fc.oneof(
  fc.constant(null),
  text,
  fc.constant(''),
  fc.boolean(),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.array(text, { maxLength: 4 }),
);
const records = (width: number) => fc.array(fc.array(value, { minLength: width, maxLength: width }), { maxLength: 20 });

test('CSV lines are what csv-stringify writes with the options exports used', () => {
  fc.assert(
    fc.property(records(6), (rows) => {
      const expected = stringify(
        rows.map((values) => values.map((v) => (Array.isArray(v) ? v.join('|') : v))),
        { cast: { boolean: (v: boolean) => String(v) } },
      );
      expect(csvLines(rows)).toBe(expected);
    }),
    { numRuns: 500 },
  );
});
