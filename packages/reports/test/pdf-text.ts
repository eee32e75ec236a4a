/**
 * Extracts a PDF's text and document facts with pdfjs-dist. pdfjs is an ES module and jest runs
 * tests as CommonJS, so it runs in a child Node process.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const SCRIPT = `
const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
const { readFileSync } = await import('node:fs');
const data = new Uint8Array(readFileSync(process.argv[1]));
const doc = await pdfjs.getDocument({ data, disableFontFace: true, verbosity: 0 }).promise;
const pages = [];
for (let i = 1; i <= doc.numPages; i += 1) {
  const content = await (await doc.getPage(i)).getTextContent();
  pages.push(content.items.map((item) => item.str).join(' ').replace(/\\s+/g, ' ').trim());
}
const { info } = await doc.getMetadata();
console.log(JSON.stringify({ pages, title: info.Title, language: info.Language ?? null, marked: await doc.getMarkInfo() }));
`;

export type PdfText = { pages: string[]; title: string; marked: { Marked?: boolean } | null };

export async function pdfText(pdf: Buffer): Promise<PdfText> {
  const dir = await mkdtemp(path.join(tmpdir(), 'harbour-pdf-'));
  try {
    const file = path.join(dir, 'report.pdf');
    await writeFile(file, pdf);
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', SCRIPT, file], {
      cwd: path.resolve(__dirname, '../../..'),
      maxBuffer: 32 * 1024 * 1024,
    });
    return JSON.parse(stdout) as PdfText;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
