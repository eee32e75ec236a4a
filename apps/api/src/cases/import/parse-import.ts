/**
 * An import body as rows of `[column, value]` pairs: CSV with a header row, or JSON lines (one object a
 * line). CSV cells are strings, read by field type later; JSON values are taken as they are.
 */
import { parse } from 'csv-parse/sync';
import { unprocessable } from '../../lib/errors';

export type ImportFormat = 'csv' | 'ndjson';

/** A row's non-empty cells as `[column, value]`: pairs rather than an object a row keep a large file light on memory. */
export type RowValues = [column: string, value: unknown][];

/** `row` counts data rows from 1 (the CSV header is not a row). */
export type ParsedRow = { row: number; values: RowValues; fromCsv: boolean } | { row: number; error: string };

/**
 * The CSV header's columns (null for JSON lines, whose rows name their own), how many rows there
 * are, and the rows from `start` up to `end`: the import asks for one batch at a time, so that
 * JSON lines are parsed a batch at a time and a large request's rows are not all held at once.
 */
export type ParsedImport = {
  columns: string[] | null;
  count: number;
  rows: (start: number, end: number) => ParsedRow[];
};

/** Rows already in memory (a CSV file's, a spreadsheet's) as a ParsedImport. */
export function parsedRows(columns: string[] | null, rows: ParsedRow[]): ParsedImport {
  return { columns, count: rows.length, rows: (start, end) => rows.slice(start, end) };
}

export function parseImport(body: string, format: ImportFormat): ParsedImport {
  return format === 'csv' ? parseCsv(body) : parseJsonLines(body);
}

function parseCsv(body: string): ParsedImport {
  let records: string[][];
  try {
    records = parse(body, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true });
  } catch (error) {
    throw unprocessable(`The CSV file cannot be read: ${(error as Error).message}`);
  }
  const [header, ...data] = records;
  if (!header) throw unprocessable('The CSV file is empty: it needs a header row naming the columns');
  const duplicate = header.find((name, index) => header.indexOf(name) !== index);
  if (duplicate) throw unprocessable(`The CSV header names the column ${duplicate} twice`);
  const rows = data.map((cells, index): ParsedRow => {
    if (cells.length > header.length) {
      return { row: index + 1, error: `has ${cells.length} cells but the header names ${header.length} columns` };
    }
    const values: RowValues = [];
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      if (cell !== undefined && cell !== '') values.push([header[i] as string, cell]);
    }
    return { row: index + 1, values, fromCsv: true };
  });
  return parsedRows(header, rows);
}

function parseJsonLines(body: string): ParsedImport {
  // a row is numbered by the non-blank lines before it
  const lines = body.split(/\r?\n/).filter((line) => line.trim() !== '');
  return {
    columns: null,
    count: lines.length,
    rows: (start, end) => lines.slice(start, end).map((line, index) => parseJsonLine(line, start + index + 1)),
  };
}

function parseJsonLine(line: string, row: number): ParsedRow {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return { row, error: 'is not a JSON object' };
    return { row, values: Object.entries(value), fromCsv: false };
  } catch {
    return { row, error: 'is not valid JSON' };
  }
}
