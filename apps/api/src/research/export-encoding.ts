/**
 * Export records as CSV text and JSON lines, a batch at a time.
 *
 * The CSV is written here rather than by csv-stringify: an export of a million cases has 150
 * million fields, and the library's work per field (a cast context, option checks, separator
 * scans) made it the largest cost of an export. The text is the same, byte for byte, as
 * csv-stringify's with the options exports used (test/research-export-encoding.test.ts compares
 * them): a field is quoted when it holds a quote, a comma, a CR or an LF, with quotes doubled;
 * null is empty, booleans are `true`/`false`, a list of codes is joined with `|`; LF ends a line.
 */
import type { ExportValue } from './export-rows';

const NEEDS_QUOTES = /[",\n\r]/;

export function csvField(value: ExportValue): string {
  if (value === null) return '';
  const text = Array.isArray(value) ? value.join('|') : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Records as CSV lines, each ended by LF. */
export function csvLines(records: ExportValue[][]): string {
  let text = '';
  for (const values of records) text += `${values.map(csvField).join(',')}\n`;
  return text;
}

/**
 * A function that writes records as JSON lines, one object a record keyed by `keys` in order —
 * what JSON.stringify gives for the object, without building 150-property objects a row.
 */
export function jsonLinesOf(keys: string[]): (records: ExportValue[][]) => string {
  const names = keys.map((key) => `${JSON.stringify(key)}:`);
  return (records) => {
    let text = '';
    for (const values of records) {
      let line = '{';
      for (let i = 0; i < names.length; i++) {
        const value = values[i] ?? null;
        line += `${i === 0 ? '' : ','}${names[i]}${value === null ? 'null' : JSON.stringify(value)}`;
      }
      text += `${line}}\n`;
    }
    return text;
  };
}
