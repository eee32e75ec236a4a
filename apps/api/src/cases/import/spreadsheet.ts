/**
 * Spreadsheets of past cases as services keep them (CSV or Excel), turned into the import's CSV:
 * the first row holds the headings, each heading is renamed to an import column by the service's
 * saved mapping, and cells become text the import reads (dates as YYYY-MM-DD, true/false).
 */

import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { unprocessable } from '../../lib/errors';

export type SpreadsheetKind = 'csv' | 'xlsx';

/** A heading → an import column (`case.opened_at`, `core.intake.age`), or null to leave it out. */
export type ColumnMapping = Record<string, string | null>;

const isoDate = (date: Date) => date.toISOString().slice(0, 10);

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isoDate(value);
  if (typeof value === 'object') {
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
  }
  return String(value);
}

/** A row of the sheet: its number as the spreadsheet shows it (headings are row 1) and its cells. */
export type SheetRow = { number: number; cells: string[] };

/** The rows of the first sheet (or the CSV), headings first, every cell as text. */
export async function spreadsheetRows(body: Buffer, kind: SpreadsheetKind): Promise<SheetRow[]> {
  if (kind === 'csv') {
    const records = parse(body, { bom: true, relax_column_count: true }) as string[][];
    return records.map((cells, index) => ({ number: index + 1, cells }));
  }
  // Read as a stream, a row at a time: a large workbook is never held as a model in memory.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([body]), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  });
  const rows: SheetRow[] = [];
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = Array.isArray(row.values) ? row.values : [];
        // row.values is 1-based: index 0 is empty
        rows.push({ number: row.number, cells: values.slice(1).map((value) => cellText(value).trim()) });
      }
      break;
    }
  } catch {
    throw unprocessable('The file is not an Excel workbook (.xlsx) that can be read', [
      { pointer: '/file', message: 'is not a readable .xlsx workbook' },
    ]);
  }
  if (rows.length === 0)
    throw unprocessable('The workbook has no rows', [{ pointer: '/file', message: 'has no rows' }]);
  return rows;
}

/**
 * The import's CSV: headings renamed by the mapping (a heading it does not name keeps its own
 * name, so a file already headed by import columns needs no mapping), columns mapped to null
 * dropped, blank rows left out. `sheetRowOf` turns the import's row numbers (1 = first data row)
 * back into the spreadsheet's, so that a problem is named where the manager will look for it.
 */
export function mappedImportCsv(
  rows: SheetRow[],
  mapping: ColumnMapping,
): { csv: string; sheetRowOf: (importRow: number) => number } {
  const [headings, ...data] = rows;
  const kept = (headings?.cells ?? [])
    .map((heading, index) => ({ index, column: heading in mapping ? mapping[heading] : heading }))
    .filter(
      (entry): entry is { index: number; column: string } => typeof entry.column === 'string' && entry.column !== '',
    );
  const filled = data.filter((row) => row.cells.some((cell) => cell !== ''));
  const body = filled.map((row) => kept.map(({ index }) => row.cells[index] ?? ''));
  return {
    csv: stringify([kept.map(({ column }) => column), ...body]),
    sheetRowOf: (importRow) => filled[importRow - 1]?.number ?? importRow,
  };
}
