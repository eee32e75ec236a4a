/**
 * Benchmark 2b: the preview of a spreadsheet import. An Excel workbook of past cases with a few
 * bad rows, as a service keeps it (its own headings, real dates, a notes column), mapped by a
 * saved mapping and checked by `POST /cases/import/spreadsheet?preview=true` (nothing written),
 * and by the web page's path: an upload, then its check as a job polled until it is done.
 */

import type { ApiSession } from '@harbour/synth';
import ExcelJS from 'exceljs';
import { formatSummary, summarise, timeIt } from './stats';

const TARGET_MS = 5000;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAPPING = {
  'Our ref': 'case.reference',
  'Date opened': 'case.opened_at',
  'Referred on': 'core.intake.referral_date',
  'How referred': 'core.intake.referral_source',
  Age: 'core.intake.age',
  'Agreed to research': 'core.intake.consent_research',
  Risk: 'core.intake.risk_level',
  Notes: null,
};
/** Every this many rows, one is broken (a code that is not on the list). */
const BROKEN_EVERY = 1000;

async function workbook(rows: number, today: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Past cases');
  const headings = Object.keys(MAPPING);
  sheet.addRow(headings);
  const year = Number(today.slice(0, 4)) - 1;
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(year, i % 12, 1 + (i % 28)));
    sheet.addRow([
      `PREVIEW-${i}`,
      day,
      day,
      i % BROKEN_EVERY === 500 ? 'carrier pigeon' : i % 3 ? 'police' : 'self',
      18 + (i % 60),
      i % 4 !== 0,
      i % 2 ? 'high' : 'medium',
      'A synthetic note, never imported',
    ]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

export async function benchImportPreview(options: {
  baseUrl: string;
  session: ApiSession;
  today: string;
  rows: number;
  runs: number;
  log: (line: string) => void;
}): Promise<string[]> {
  const { baseUrl, session, today, rows, runs, log } = options;
  const body = await workbook(rows, today);
  const expectedBad = Math.ceil((rows - 500) / BROKEN_EVERY);
  const saved = await session.request('PUT', '/api/v1/import-mappings/bench%20preview', { columns: MAPPING });
  if (saved.status !== 200) throw new Error(`saving the mapping answered ${saved.status}: ${saved.body}`);
  const post = (path: string, payload: Buffer | string, type: string) =>
    fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'content-type': type },
      body: payload,
    });

  const direct: number[] = [];
  const job: number[] = [];
  for (let run = 0; run < runs; run++) {
    log(`  import preview: run ${run + 1} of ${runs}`);
    const { ms, value } = await timeIt(async () => {
      const reply = await post('/api/v1/cases/import/spreadsheet?mapping=bench%20preview&preview=true', body, XLSX);
      return { status: reply.status, text: await reply.text() };
    });
    if (value.status !== 200) throw new Error(`the preview answered ${value.status}: ${value.text.slice(0, 300)}`);
    const result = JSON.parse(value.text) as { valid: number; rejected: unknown[] };
    if (result.rejected.length !== expectedBad || result.valid !== rows - expectedBad) {
      throw new Error(`the preview found ${result.rejected.length} bad rows, not ${expectedBad}`);
    }
    direct.push(ms);

    const paged = await timeIt(async () => {
      const uploaded = await post('/api/v1/cases/import/uploads?fileName=bench.xlsx', body, XLSX);
      const { id } = (await uploaded.json()) as { id: string };
      const started = await post(
        `/api/v1/cases/import/uploads/${id}/check`,
        JSON.stringify({ mapping: 'bench preview' }),
        'application/json',
      );
      if (started.status !== 202) throw new Error(`starting the check answered ${started.status}`);
      for (;;) {
        const upload = JSON.parse((await session.request('GET', `/api/v1/cases/import/uploads/${id}`)).body) as {
          state: string;
        };
        if (upload.state !== 'checking') return upload.state;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
    if (paged.value !== 'checked') throw new Error(`the check ended ${paged.value}`);
    job.push(paged.ms);
  }
  const median = summarise(direct).median;
  return [
    `${rows.toLocaleString('en-GB')}-row .xlsx (${(body.length / 1024).toFixed(0)} KB), ${expectedBad} bad rows, nothing written:`,
    `  one request (POST /cases/import/spreadsheet?preview=true): ${formatSummary(summarise(direct), 'ms')}`,
    `  the web page's path (upload, check as a job, polled every 50 ms until done): ${formatSummary(summarise(job), 'ms')}`,
    median <= TARGET_MS
      ? `target met: ≤ ${TARGET_MS.toLocaleString('en-GB')} ms`
      : `TARGET MISSED (≤ ${TARGET_MS.toLocaleString('en-GB')} ms)`,
  ];
}
