import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { XlsxError, xlsxRows } from '../src/cases/import/xlsx-sheet';

test('a workbook as Excel writes it: strings, rich text, numbers, booleans, dates in built-in and custom formats, formulas, errors, gaps', async () => {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Cases');
  book.addWorksheet('Notes').addRow(['never read']);
  sheet.addRow(['Ref', 'Opened', 'Closed', 'Age', 'Score', 'Consent', 'Twice', 'Broken', 'Name']);
  const opened = sheet.addRow([
    '  OLD-1 ',
    new Date(Date.UTC(2024, 1, 29)),
    new Date(Date.UTC(2024, 11, 31, 23, 59)),
    18,
    0.5,
    true,
    { formula: 'D2*2', result: 36 },
    { error: '#N/A' },
    { richText: [{ text: 'Ann ' }, { font: { bold: true }, text: 'Other' }] },
  ]);
  opened.getCell(3).numFmt = 'dd/mm/yyyy hh:mm';
  const sparse = sheet.getRow(4);
  sparse.getCell(1).value = 'OLD-3';
  sparse.getCell(4).value = false;
  sparse.commit();
  const rows = await xlsxRows(Buffer.from(await book.xlsx.writeBuffer()));
  expect(rows).toEqual([
    { number: 1, cells: ['Ref', 'Opened', 'Closed', 'Age', 'Score', 'Consent', 'Twice', 'Broken', 'Name'] },
    { number: 2, cells: ['OLD-1', '2024-02-29', '2024-12-31', '18', '0.5', 'true', '36', '', 'Ann Other'] },
    { number: 4, cells: ['OLD-3', '', '', 'false'] },
  ]);
});

test('a workbook another program wrote: inline strings, prefixed names, rows without numbers, the 1904 date system, a sheet elsewhere', async () => {
  const ns = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const zip = zipSync({
    'xl/workbook.xml': strToU8(
      `<x:workbook ${ns} ${rel}><x:workbookPr date1904="1"/><x:sheets><x:sheet name="Data" sheetId="7" r:id="rId9"/></x:sheets></x:workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="worksheet" Target="/xl/sheets/data.xml"/></Relationships>',
    ),
    'xl/styles.xml': strToU8(
      `<x:styleSheet ${ns}><x:numFmts><x:numFmt numFmtId="164" formatCode="[Red]&quot;day &quot;d mmm yyyy"/><x:numFmt numFmtId="165" formatCode="#,##0.00"/></x:numFmts><x:cellXfs><x:xf numFmtId="0"/><x:xf numFmtId="164"/><x:xf numFmtId="165"/></x:cellXfs></x:styleSheet>`,
    ),
    'xl/sheets/data.xml': strToU8(
      `<x:worksheet ${ns}><x:sheetData><x:row><x:c t="inlineStr"><x:is><x:t>Ref &amp; no.</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:r><x:t>Opened</x:t></x:r><x:rPh><x:t>ignored</x:t></x:rPh></x:is></x:c><x:c t="inlineStr"><x:is><x:t>Amount</x:t></x:is></x:c></x:row><x:row><x:c t="str"><x:v>A-1</x:v></x:c><x:c s="1"><x:v>0</x:v></x:c><x:c s="2"><x:v>1234.5</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
    ),
  });
  expect(await xlsxRows(Buffer.from(zip))).toEqual([
    { number: 1, cells: ['Ref & no.', 'Opened', 'Amount'] },
    { number: 2, cells: ['A-1', '1904-01-01', '1234.5'] },
  ]);
});

test('a limit stops at that many rows, and progress is told as rows are read', async () => {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Cases');
  for (let i = 0; i < 1000; i++) sheet.addRow([`R${i}`]);
  const body = Buffer.from(await book.xlsx.writeBuffer());
  expect(await xlsxRows(body, { limit: 1 })).toEqual([{ number: 1, cells: ['R0'] }]);
  const told: number[] = [];
  await xlsxRows(body, { onRows: (n) => told.push(n), every: 250 });
  expect(told).toEqual([250, 500, 750, 1000]);
});

test('a file that is not a workbook is an XlsxError', async () => {
  await expect(xlsxRows(Buffer.from('not a zip'))).rejects.toBeInstanceOf(XlsxError);
  const noSheet = zipSync({ 'xl/workbook.xml': strToU8('<workbook><sheets/></workbook>') });
  await expect(xlsxRows(Buffer.from(noSheet))).rejects.toThrow('the workbook names no sheet');
  const badXml = zipSync({
    'xl/workbook.xml': strToU8('<workbook xmlns:r="r"><sheets><sheet r:id="a"/></sheets></workbook>'),
    'xl/_rels/workbook.xml.rels': strToU8('<Relationships><Relationship Id="a" Target="s.xml"/></Relationships>'),
    'xl/s.xml': strToU8('<worksheet><sheetData><row><c><v>1</c></row>'),
  });
  await expect(xlsxRows(Buffer.from(badXml))).rejects.toThrow('the sheet cannot be read');
});
