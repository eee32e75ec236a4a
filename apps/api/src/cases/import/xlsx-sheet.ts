/**
 * The first sheet of an Excel workbook (.xlsx, SpreadsheetML) as rows of text, read straight from
 * its XML: unzipped with fflate, parsed with the saxes SAX parser. exceljs's streaming reader spent
 * about 1 s of a 5,000-row preview (docs/benchmarks.md, "Spreadsheet import preview") building its
 * cell model through stream pipes; the import needs only each cell's text, which this reads in a
 * tenth of the time. Dates are recognised as Excel marks them (by the cell's number format) and
 * written YYYY-MM-DD; booleans true/false; error cells empty.
 */
import { setImmediate } from 'node:timers/promises';
import { unzipSync } from 'fflate';
import { SaxesParser, type SaxesTagPlain } from 'saxes';

export type XlsxRow = { number: number; cells: string[] };

/** A part larger than this unpacked is refused: a small upload must not unpack into gigabytes. */
const MAX_PART_BYTES = 200 * 1024 * 1024;
/** The sheet's XML is parsed this many characters at a time, letting other requests in between. */
const CHUNK_CHARS = 1024 * 1024;

export class XlsxError extends Error {}

// Excel's built-in number formats that show a date or time (ECMA-376 part 1, 18.8.30)
const BUILT_IN_DATES = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47,
]);
for (let id = 50; id <= 58; id++) BUILT_IN_DATES.add(id);
const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/** A custom format shows a date when, outside quoted text, escapes and colours, it has date or time parts. */
function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\\.|\[[^\]]*\]|_.|\*./g, '');
  return /[dmyhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** Parses XML (`what` names it in an error), calling `on` for every opening and closing tag and every piece of text. */
async function walk(
  xml: string,
  what: string,
  on: { open?: (tag: SaxesTagPlain) => void; close?: (name: string) => void; text?: (text: string) => void },
): Promise<void> {
  const parser = new SaxesParser();
  if (on.open) parser.on('opentag', (tag) => on.open?.({ ...tag, name: local(tag.name) }));
  if (on.close) parser.on('closetag', (tag) => on.close?.(local(tag.name)));
  if (on.text) parser.on('text', on.text);
  try {
    for (let start = 0; start < xml.length; start += CHUNK_CHARS) {
      parser.write(xml.slice(start, start + CHUNK_CHARS));
      if (start + CHUNK_CHARS < xml.length) await setImmediate();
    }
    parser.close();
  } catch (error) {
    // an XlsxError is the caller's own, thrown from a handler to stop early
    throw error instanceof XlsxError ? error : new XlsxError(`${what} cannot be read`);
  }
}

function unzipParts(body: Buffer): Record<string, string> {
  const decoder = new TextDecoder();
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(new Uint8Array(body.buffer, body.byteOffset, body.length), {
      filter: (file) => {
        if (!/^xl\/.*\.(xml|rels)$/.test(file.name)) return false;
        if (file.originalSize > MAX_PART_BYTES) throw new XlsxError(`${file.name} is too large unpacked`);
        return true;
      },
    });
  } catch (error) {
    throw error instanceof XlsxError ? error : new XlsxError('not a zip file');
  }
  return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, decoder.decode(bytes)]));
}

/** A relationship's target as a path in the package: relative to xl/, or absolute. */
const partPath = (target: string) => (target.startsWith('/') ? target.slice(1) : `xl/${target}`);

async function firstSheetPath(parts: Record<string, string>): Promise<{ path: string; date1904: boolean }> {
  const workbook = parts['xl/workbook.xml'];
  const relationships = parts['xl/_rels/workbook.xml.rels'];
  if (workbook === undefined || relationships === undefined) throw new XlsxError('the workbook names no sheet');
  let sheetRel: string | undefined;
  let date1904 = false;
  await walk(workbook, 'the list of sheets', {
    open: (tag) => {
      if (tag.name === 'workbookPr') date1904 = ['1', 'true'].includes(tag.attributes.date1904 ?? '');
      if (tag.name === 'sheet' && sheetRel === undefined) {
        sheetRel = Object.entries(tag.attributes).find(([name]) => local(name) === 'id' && name.includes(':'))?.[1];
      }
    },
  });
  const targets = new Map<string, string>();
  await walk(relationships, 'the list of sheets', {
    open: (tag) => {
      if (tag.name === 'Relationship') targets.set(tag.attributes.Id ?? '', tag.attributes.Target ?? '');
    },
  });
  const target = sheetRel === undefined ? undefined : targets.get(sheetRel);
  if (!target) throw new XlsxError('the workbook names no sheet');
  return { path: partPath(target), date1904 };
}

async function sharedStrings(xml: string | undefined): Promise<string[]> {
  const strings: string[] = [];
  if (!xml) return strings;
  let current = '';
  let inText = false;
  let inPhonetic = false;
  await walk(xml, 'the shared strings', {
    open: (tag) => {
      if (tag.name === 'si') current = '';
      else if (tag.name === 'rPh') inPhonetic = true;
      else if (tag.name === 't') inText = !inPhonetic;
    },
    close: (name) => {
      if (name === 't') inText = false;
      else if (name === 'rPh') inPhonetic = false;
      else if (name === 'si') strings.push(current);
    },
    text: (text) => {
      if (inText) current += text;
    },
  });
  return strings;
}

/** For each cell style (cellXfs), whether it shows a date. */
async function dateStyles(xml: string | undefined): Promise<boolean[]> {
  const custom = new Map<number, string>();
  const styles: boolean[] = [];
  if (!xml) return styles;
  let inCellXfs = false;
  const formats: number[] = [];
  await walk(xml, 'the styles', {
    open: (tag) => {
      if (tag.name === 'numFmt') custom.set(Number(tag.attributes.numFmtId), tag.attributes.formatCode ?? '');
      else if (tag.name === 'cellXfs') inCellXfs = true;
      else if (tag.name === 'xf' && inCellXfs) formats.push(Number(tag.attributes.numFmtId ?? 0));
    },
    close: (name) => {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  for (const id of formats) {
    const code = custom.get(id);
    styles.push(code === undefined ? BUILT_IN_DATES.has(id) : isDateFormat(code));
  }
  return styles;
}

/** `AB12` → 27 (columns from 0). */
function columnIndex(reference: string): number {
  let index = 0;
  for (const char of reference) {
    const code = char.charCodeAt(0);
    if (code < 65 || code > 90) break;
    index = index * 26 + (code - 64);
  }
  return index - 1;
}

/**
 * The rows of the first sheet, every cell as text, in sheet order; `onRows` is told how many have
 * been read every `every` rows. Throws XlsxError when the file is not a workbook.
 */
export async function xlsxRows(
  body: Buffer,
  options: { limit?: number; onRows?: (rows: number) => void; every?: number } = {},
): Promise<XlsxRow[]> {
  const parts = unzipParts(body);
  const { path, date1904 } = await firstSheetPath(parts);
  const sheet = parts[path];
  if (sheet === undefined) throw new XlsxError('the first sheet is missing');
  const [strings, dates] = await Promise.all([
    sharedStrings(parts['xl/sharedStrings.xml']),
    dateStyles(parts['xl/styles.xml']),
  ]);
  const epoch = date1904 ? EPOCH_1904 : EPOCH_1900;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const every = options.every ?? 250;

  const rows: XlsxRow[] = [];
  let row: XlsxRow | undefined;
  let cell: { column: number; type: string; style: number } | undefined;
  let value = '';
  let inValue = false;
  let inPhonetic = false;

  const cellText = (c: NonNullable<typeof cell>): string => {
    switch (c.type) {
      case 's':
        return strings[Number(value)] ?? '';
      case 'b':
        return value === '1' ? 'true' : value === '0' ? 'false' : value;
      case 'e':
        return '';
      case 'd':
        return value.slice(0, 10);
      case 'str':
      case 'inlineStr':
        return value;
      default: {
        if (value === '') return '';
        const number = Number(value);
        if (!Number.isFinite(number)) return value;
        if (dates[c.style]) return new Date(epoch + Math.round(number * DAY_MS)).toISOString().slice(0, 10);
        return String(number);
      }
    }
  };

  const stop = new XlsxError('limit');
  try {
    await walk(sheet, 'the sheet', {
      open: (tag) => {
        switch (tag.name) {
          case 'row': {
            const number = Number(tag.attributes.r ?? (rows.at(-1)?.number ?? 0) + 1);
            row = { number, cells: [] };
            break;
          }
          case 'c': {
            const reference = tag.attributes.r;
            cell = {
              column: reference ? columnIndex(reference) : (row?.cells.length ?? 0),
              type: tag.attributes.t ?? 'n',
              style: Number(tag.attributes.s ?? 0),
            };
            value = '';
            break;
          }
          case 'v':
            inValue = true;
            break;
          case 't':
            // the text of an inline string (<is><t>), never that of its phonetic guide
            inValue = cell?.type === 'inlineStr' && !inPhonetic;
            break;
          case 'rPh':
            inPhonetic = true;
            break;
        }
      },
      close: (name) => {
        if (name === 'v' || name === 't') inValue = false;
        else if (name === 'rPh') inPhonetic = false;
        else if (name === 'c' && cell && row) {
          const text = cellText(cell).trim();
          while (row.cells.length < cell.column) row.cells.push('');
          row.cells[cell.column] = text;
          cell = undefined;
        } else if (name === 'row' && row) {
          rows.push(row);
          row = undefined;
          if (rows.length % every === 0) options.onRows?.(rows.length);
          if (rows.length >= limit) throw stop;
        }
      },
      text: (text) => {
        if (inValue) value += text;
      },
    });
  } catch (error) {
    if (error !== stop) throw error;
  }
  return rows;
}
