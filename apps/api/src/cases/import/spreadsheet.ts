/**
 * Spreadsheets of past cases as services keep them (CSV or Excel), turned into the import's rows:
 * the first row holds the headings, each heading is renamed to an import column by the service's
 * saved mapping, and cells become text the import reads (dates as YYYY-MM-DD, true/false).
 */

import { parse } from 'csv-parse/sync';
import { unprocessable } from '../../lib/errors';
import type { ParsedImport, RowValues } from './parse-import';
import { XlsxError, xlsxRows } from './xlsx-sheet';

export type SpreadsheetKind = 'csv' | 'xlsx';

/** A heading → an import column (`case.opened_at`, `core.intake.age`), or null to leave it out. */
export type ColumnMapping = Record<string, string | null>;

/** A row of the sheet: its number as the spreadsheet shows it (headings are row 1) and its cells. */
export type SheetRow = { number: number; cells: string[] };

/** Told the number of rows read so far, now and then while a large file is read. */
export type RowsRead = (rows: number) => void;
const REPORT_EVERY_ROWS = 250;

const unreadable = (why: string) =>
  unprocessable('The file is not an Excel workbook (.xlsx) that can be read', [
    { pointer: '/file', message: `is not a readable .xlsx workbook: ${why}` },
  ]);

/**
 * The rows of the first sheet (or the CSV), headings first, every cell as trimmed text; with
 * `limit`, only that many rows are read (the headings of a large file, at once).
 */
export async function spreadsheetRows(
  body: Buffer,
  kind: SpreadsheetKind,
  options: { limit?: number; onRows?: RowsRead } = {},
): Promise<SheetRow[]> {
  let rows: SheetRow[];
  if (kind === 'csv') {
    let records: string[][];
    try {
      records = parse(body, {
        bom: true,
        relax_column_count: true,
        trim: true,
        ...(options.limit ? { to: options.limit } : {}),
      }) as string[][];
    } catch (error) {
      throw unprocessable(`The CSV file cannot be read: ${(error as Error).message}`, [
        { pointer: '/file', message: 'is not a readable CSV file' },
      ]);
    }
    rows = records.map((cells, index) => ({ number: index + 1, cells }));
  } else {
    try {
      rows = await xlsxRows(body, { every: REPORT_EVERY_ROWS, ...options });
    } catch (error) {
      throw unreadable(error instanceof XlsxError ? error.message : 'it cannot be read');
    }
  }
  if (rows.length === 0) throw unprocessable('The file has no rows', [{ pointer: '/file', message: 'has no rows' }]);
  options.onRows?.(rows.length);
  return rows;
}

/** The headings of a file: its first row. */
export async function spreadsheetHeadings(body: Buffer, kind: SpreadsheetKind): Promise<string[]> {
  const [first] = await spreadsheetRows(body, kind, { limit: 1 });
  return first?.cells ?? [];
}

/**
 * The import's rows: headings renamed by the mapping (a heading it does not name keeps its own
 * name, so a file already headed by import columns needs no mapping), columns mapped to null
 * dropped, blank rows left out. Each row keeps its number in the spreadsheet (headings are row 1),
 * so that a problem is named where the manager will look for it.
 */
export function mappedImport(rows: SheetRow[], mapping: ColumnMapping): ParsedImport {
  const [headings, ...data] = rows;
  const kept = (headings?.cells ?? [])
    .map((heading, index) => ({ heading, index, column: heading in mapping ? mapping[heading] : heading }))
    .filter(
      (entry): entry is { heading: string; index: number; column: string } =>
        typeof entry.column === 'string' && entry.column !== '',
    );
  const twice = kept.find((entry, i) => kept.findIndex((other) => other.column === entry.column) !== i);
  if (twice) {
    const headings = kept.filter((entry) => entry.column === twice.column).map((entry) => `"${entry.heading}"`);
    throw unprocessable(`The headings ${headings.join(' and ')} both give the column ${twice.column}`, [
      { pointer: `/${twice.column}`, message: `is given by ${headings.length} headings: keep one` },
    ]);
  }
  const parsedRows: ParsedImport['rows'] = [];
  for (const row of data) {
    const values: RowValues = [];
    for (const { index, column } of kept) {
      const cell = row.cells[index];
      if (cell !== undefined && cell !== '') values.push([column, cell]);
    }
    if (row.cells.some((cell) => cell !== '')) parsedRows.push({ row: row.number, values, fromCsv: true });
  }
  return { columns: kept.map((entry) => entry.column), rows: parsedRows };
}
