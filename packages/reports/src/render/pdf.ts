/**
 * The PDF report (pdfkit): a cover, a one-page summary of the key outcomes, a page or more per
 * section with its charts and tables, and a methods page; page numbers; an embedded TrueType
 * font; tagged (PDF/UA-style structure: headings, paragraphs, figures with alternative text,
 * tables). It only reads the model.
 */
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { Chart, Figure, ReportModel, Section } from '../model';
import { renderChart } from './charts';
import {
  formatBenchmark,
  formatCell,
  formatCounts,
  formatDate,
  formatFilters,
  formatInterval,
  formatPeriod,
  formatValue,
} from './format';
import { methodsText } from './methods';

const FONTS = path.resolve(__dirname, '../../assets/fonts');
const REGULAR = path.join(FONTS, 'LiberationSans-Regular.ttf');
const BOLD = path.join(FONTS, 'LiberationSans-Bold.ttf');
const MARGIN = 50;
const MUTED = '#555555';
const INK = '#111111';
const CELL_PAD = 3;

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

/** The figures a chart draws, in its order. */
const figuresOf = (section: Section, chart: Chart) =>
  chart.figures.map((key) => section.figures.find((f) => f.key === key)).filter((f): f is Figure => Boolean(f));

const SUMMARY_KEYS: Record<string, string[]> = {
  headline: ['cases_opened', 'cases_closed', 'cases_open', 'high_risk', 'marac_referred', 'with_children'],
  outcomes: [
    'all_abuse_stopped',
    'abuse_stopped_physical',
    'abuse_stopped_sexual',
    'abuse_stopped_harassment_stalking',
    'abuse_stopped_jealous_controlling',
    'abuse_stopped_economic',
    'risk_reduced',
    'feels_safer',
    'wellbeing_improved',
    'quality_of_life_improved',
  ],
  client_voice: ['safety_change', 'who5_change', 'felt_listened_to', 'would_recommend'],
};

class ReportWriter {
  readonly root: Struct;

  constructor(
    readonly doc: Doc,
    readonly model: ReportModel,
  ) {
    this.root = doc.struct('Document');
    doc.addStructure(this.root);
  }

  get width() {
    return this.doc.page.width - 2 * MARGIN;
  }

  private spaceLeft() {
    return this.doc.page.height - this.doc.page.margins.bottom - this.doc.y;
  }

  ensureSpace(height: number) {
    if (this.spaceLeft() < height) this.doc.addPage();
  }

  heading(text: string, level: 1 | 2 | 3) {
    const size = level === 1 ? 24 : level === 2 ? 16 : 12;
    this.ensureSpace(size * 3);
    this.doc
      .font('Bold')
      .fontSize(size)
      .fillColor(INK)
      .text(text, MARGIN, this.doc.y, { structParent: this.root, structType: `H${level}`, width: this.width });
    this.doc.moveDown(0.4);
  }

  paragraph(text: string, options: { size?: number; color?: string } = {}) {
    this.doc
      .font('Body')
      .fontSize(options.size ?? 10)
      .fillColor(options.color ?? INK)
      .text(text, MARGIN, this.doc.y, { structParent: this.root, structType: 'P', width: this.width });
    this.doc.moveDown(0.5);
  }

  image(chart: Chart, figures: Figure[], rendered: { image: Buffer; width: number; height: number }) {
    const width = this.width;
    const height = (rendered.height * width) / rendered.width;
    this.heading(chart.title, 3);
    this.ensureSpace(height + 10);
    const y = this.doc.y;
    const alt = `${chart.title}. ${figures.map((f) => `${f.label}: ${formatValue(f, this.model.disclosureThreshold)}`).join('; ')}.`;
    this.root.add(
      this.doc.struct('Figure', { alt }, () => {
        this.doc.image(rendered.image, MARGIN, y, { width, height });
      }),
    );
    this.doc.y = y + height + 10;
  }

  /**
   * A table drawn cell by cell and tagged Table/TR/TH/TD (pdfkit's own table took seconds for a
   * hundred rows). The header row repeats on each new page.
   */
  table(header: string[], rows: string[][], widths: number[]) {
    const { doc } = this;
    const columns = widths.map((w) => w * this.width);
    const table = doc.struct('Table');
    this.root.add(table);
    const row = (cells: string[], isHeader: boolean) => {
      doc
        .font(isHeader ? 'Bold' : 'Body')
        .fontSize(8.5)
        .fillColor(INK);
      const height =
        Math.max(
          ...cells.map((text, i) => doc.heightOfString(text || ' ', { width: (columns[i] ?? 0) - 2 * CELL_PAD })),
        ) +
        2 * CELL_PAD;
      if (this.spaceLeft() < height) {
        doc.addPage();
        if (!isHeader) row(header, true);
        doc
          .font(isHeader ? 'Bold' : 'Body')
          .fontSize(8.5)
          .fillColor(INK);
      }
      const y = doc.y;
      const tr = doc.struct('TR');
      table.add(tr);
      let x = MARGIN;
      cells.forEach((text, i) => {
        const cell = doc.struct(isHeader ? 'TH' : 'TD');
        tr.add(cell);
        const width = (columns[i] ?? 0) - 2 * CELL_PAD;
        if (text) doc.text(text, x + CELL_PAD, y + CELL_PAD, { width, structParent: cell, structType: 'Span' });
        cell.end();
        x += columns[i] ?? 0;
      });
      tr.end();
      doc.markContent('Artifact', { type: 'Layout' });
      doc
        .moveTo(MARGIN, y + height)
        .lineTo(MARGIN + this.width, y + height)
        .lineWidth(isHeader ? 0.8 : 0.4)
        .strokeColor('#999999')
        .stroke();
      doc.endMarkedContent();
      doc.x = MARGIN;
      doc.y = y + height;
    };
    this.ensureSpace(60);
    row(header, true);
    for (const cells of rows) row(cells, false);
    table.end();
    doc.moveDown(1);
  }

  figureTable(figures: Figure[]) {
    const k = this.model.disclosureThreshold;
    const nationalK = this.model.nationalThreshold;
    this.table(
      ['Figure', 'Value', 'n / N', '95% interval', 'Benchmark', 'Note'],
      figures.map((f) => [
        f.label,
        formatValue(f, k),
        formatCounts(f, k),
        f.suppressed ? '' : formatInterval(f.ci95, f.unit),
        [f.benchmark, f.comparison]
          .filter((b) => b !== undefined)
          .map((b) => formatBenchmark(b, f.unit, nationalK))
          .join('\n'),
        f.flag?.message ?? '',
      ]),
      [0.27, 0.09, 0.1, 0.13, 0.17, 0.24],
    );
  }
}

function cover(w: ReportWriter) {
  const { model, doc } = w;
  doc.y = 160;
  w.heading(model.scope.kind === 'national' ? 'National outcomes report' : 'Outcomes report', 1);
  w.paragraph(model.scope.name, { size: 18 });
  doc.moveDown(1);
  w.paragraph(`Period: ${formatPeriod(model.period)}`, { size: 12 });
  w.paragraph(`Filters: ${formatFilters(model.filters)}`, { size: 12 });
  w.paragraph(`Generated at: ${formatDate(model.generatedAt)}, ${model.generatedAt.slice(11, 16)} UTC`, { size: 12 });
  doc.moveDown(2);
  w.paragraph(
    `Counts from 1 to ${model.disclosureThreshold - 1} are hidden and shown as "<${model.disclosureThreshold}"; national figures below ${model.nationalThreshold} as "<${model.nationalThreshold}". The methods page at the end defines every figure.`,
    { size: 10, color: MUTED },
  );
  w.paragraph(
    'This report contains no names or case details. It is about people at risk of serious harm: share it only with those who need it.',
    { size: 10, color: MUTED },
  );
}

function summary(w: ReportWriter) {
  w.doc.addPage();
  w.heading('Summary of key outcomes', 2);
  w.paragraph(
    'The headline counts and the outcomes of cases closed in the period, with 95% intervals and the national rate where one is shown.',
    { color: MUTED },
  );
  const figures = Object.entries(SUMMARY_KEYS).flatMap(([section, keys]) => {
    const found = w.model.sections.find((s) => s.key === section);
    return keys.map((key) => found?.figures.find((f) => f.key === key)).filter((f): f is Figure => Boolean(f));
  });
  w.figureTable(figures);
}

function section(w: ReportWriter, s: Section, images: Map<Chart, Awaited<ReturnType<typeof renderChart>>>) {
  w.doc.addPage();
  w.heading(s.title, 2);
  w.paragraph(s.population, { size: 9, color: MUTED });
  for (const chart of s.charts) {
    const rendered = images.get(chart);
    if (rendered) w.image(chart, figuresOf(s, chart), rendered);
  }
  // Figures laid out in a cross table are shown there only, with their intervals.
  const inTables = new Set(s.tables.flatMap((t) => t.rows.flatMap((r) => r.figures)));
  const listed = s.figures.filter((f) => !inTables.has(f.key));
  if (listed.length > 0) w.figureTable(listed);
  else if (s.figures.length === 0) w.paragraph('No figures for this scope.', { color: MUTED });
  for (const table of s.tables) {
    w.heading(table.title, 3);
    w.table(
      ['', ...table.columns],
      table.rows.map((row) => [
        row.label,
        ...row.figures.map((key) =>
          formatCell(
            s.figures.find((f) => f.key === key),
            w.model.disclosureThreshold,
          ),
        ),
      ]),
      [0.4, ...table.columns.map(() => 0.6 / table.columns.length)],
    );
  }
}

function methods(w: ReportWriter) {
  w.doc.addPage();
  w.heading('Methods', 2);
  for (const { heading, text } of methodsText(w.model)) {
    w.heading(heading, 3);
    w.paragraph(text, { size: 9.5 });
  }
}

function pageNumbers(doc: Doc) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc
      .font('Body')
      .fontSize(8)
      .fillColor(MUTED)
      .text(`Page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - 36, {
        width: doc.page.width - 2 * MARGIN,
        align: 'right',
        lineBreak: false,
      });
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
}

export async function renderPdf(model: ReportModel): Promise<Buffer> {
  // Charts are drawn and encoded concurrently before the document is laid out.
  const jobs = model.sections.flatMap((s) => s.charts.map((chart) => ({ chart, figures: figuresOf(s, chart) })));
  const rendered = await Promise.all(jobs.map((job) => renderChart(job.chart, job.figures)));
  const images = new Map(jobs.map((job, i) => [job.chart, rendered[i] as Awaited<ReturnType<typeof renderChart>>]));

  const title = `${model.scope.name}: outcomes report, ${formatPeriod(model.period)}`;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: MARGIN, right: MARGIN },
    bufferPages: true,
    tagged: true,
    pdfVersion: '1.7',
    lang: 'en-GB',
    displayTitle: true,
    info: { Title: title, Author: 'Harbour', Subject: 'Outcomes report', CreationDate: new Date(model.generatedAt) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('Body', REGULAR);
  doc.registerFont('Bold', BOLD);

  const writer = new ReportWriter(doc, model);
  cover(writer);
  summary(writer);
  for (const s of model.sections) section(writer, s, images);
  methods(writer);
  writer.root.end();
  pageNumbers(doc);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
