/**
 * A service export as files: CSV (one file a table, chosen by name, the codebook and value
 * labels among them) or one XLSX workbook (a sheet a table, then the codebook and the value
 * labels), written with exceljs.
 */
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { ExportTable } from './columns';
import type { Cell } from './rows';

const CODEBOOK_HEADER = ['table', 'column', 'label', 'type', 'form', 'codes'];
const VALUE_LABELS_HEADER = ['column', 'code', 'label'];

export function codebookRows(tables: readonly ExportTable[]): Cell[][] {
  return tables.flatMap((table) =>
    table.columns.map((c) => [
      table.name,
      c.key,
      c.label,
      c.type,
      c.form,
      c.codes.map((x) => x.code).join(';') || null,
    ]),
  );
}

export function valueLabelRows(tables: readonly ExportTable[]): Cell[][] {
  const seen = new Set<string>();
  return tables.flatMap((table) =>
    table.columns.flatMap((c) => {
      if (seen.has(c.key)) return [];
      seen.add(c.key);
      return c.codes.map((x): Cell[] => [c.key, x.code, x.label]);
    }),
  );
}

/** The names CSV can be asked for: each table, the codebook and the value labels. */
export const csvTableNames = (tables: readonly ExportTable[]) => [
  ...tables.map((t) => t.name),
  'codebook',
  'value_labels',
];

export function renderCsvTable(tables: readonly ExportTable[], rows: Map<string, Cell[][]>, name: string): string {
  if (name === 'codebook') return stringify(codebookRows(tables), { header: true, columns: CODEBOOK_HEADER });
  if (name === 'value_labels') return stringify(valueLabelRows(tables), { header: true, columns: VALUE_LABELS_HEADER });
  const table = tables.find((t) => t.name === name) as ExportTable;
  return stringify(rows.get(name) ?? [], {
    header: true,
    columns: table.columns.map((c) => c.key),
    cast: { boolean: String },
  });
}

export async function renderXlsx(tables: readonly ExportTable[], rows: Map<string, Cell[][]>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Harbour';
  const sheet = (name: string, header: string[], body: Cell[][]) => {
    const worksheet = workbook.addWorksheet(name);
    worksheet.addRow(header).font = { bold: true };
    worksheet.addRows(body);
    worksheet.views = [{ state: 'frozen', ySplit: 1 }];
  };
  for (const table of tables)
    sheet(
      table.name,
      table.columns.map((c) => c.key),
      rows.get(table.name) ?? [],
    );
  sheet('codebook', CODEBOOK_HEADER, codebookRows(tables));
  sheet('value_labels', VALUE_LABELS_HEADER, valueLabelRows(tables));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
