/**
 * The PDF report (pdfkit): a cover, a one-page summary of the key outcomes, a page or more per
 * section with its charts and tables, and a methods page; page numbers; an embedded TrueType
 * font; tagged (PDF/UA-style structure: headings, paragraphs, figures with alternative text,
 * tables). It only reads the model.
 */
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { IN_LINE_MAX_INTERVAL, MIN_FINDINGS } from '../findings';
import type { Chart, Figure, ReportModel, Section } from '../model';
import { renderChart, renderTrendChart } from './charts';
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

/** The key numbers of the summary, in large type with their national comparison. */
const KEY_FIGURES: [section: string, key: string][] = [
  ['headline', 'cases_opened'],
  ['headline', 'cases_open'],
  ['headline', 'high_risk'],
  ['outcomes', 'all_abuse_stopped'],
  ['outcomes', 'risk_reduced'],
  ['outcomes', 'feels_safer'],
];

/** What the manager adds to their own service's copy: shown in no other report. */
export type ReportBranding = {
  displayName?: string;
  narrative?: string;
  logo?: { data: Buffer; type: 'image/png' | 'image/jpeg' };
};

export type PdfOptions = {
  /** Quarters up to the end of the period, for the summary's trend chart (service reports). */
  trend?: { label: string; opened: Figure | undefined; stopped: Figure | undefined }[];
  branding?: ReportBranding;
  /** The project a report is filtered to, named on the cover. */
  project?: { name: string; funder: string | null };
};

/** A figure with nothing to count (no case in its denominator), which the appendix leaves out. */
export const hasNoData = (figure: Figure | undefined) => !figure || (!figure.suppressed && figure.value === null);

/**
 * What the appendix shows of a section: the figures listed outside its cross tables and the
 * table rows with some data (tables left with no row are dropped), and how many rows it leaves out.
 */
function appendixOf(s: Section) {
  const figureOf = (key: string | null) => (key === null ? undefined : s.figures.find((f) => f.key === key));
  // Figures laid out in a cross table are shown there only, with their intervals.
  const inTables = new Set(s.tables.flatMap((t) => t.rows.flatMap((r) => r.figures)));
  const outside = s.figures.filter((f) => !inTables.has(f.key));
  const listed = outside.filter((f) => !hasNoData(f));
  const tables = s.tables.map((table) => ({
    table,
    rows: table.rows.filter((row) => !row.figures.every((key) => hasNoData(figureOf(key)))),
  }));
  const omitted =
    outside.length - listed.length + tables.reduce((sum, { table, rows }) => sum + table.rows.length - rows.length, 0);
  return { figureOf, listed, tables: tables.filter(({ rows }) => rows.length > 0), omitted };
}

/** The rows the appendix leaves out: figures with no data, and cross-table rows with no cell of data. */
export function rowsWithoutData(model: ReportModel): number {
  return model.sections.reduce((total, s) => total + appendixOf(s).omitted, 0);
}

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

function cover(w: ReportWriter, { branding, project }: PdfOptions) {
  const { model, doc } = w;
  doc.y = 120;
  if (branding?.logo) {
    const y = doc.y;
    w.root.add(
      doc.struct('Figure', { alt: `Logo of ${branding.displayName ?? model.scope.name}` }, () => {
        doc.image(branding.logo?.data as Buffer, MARGIN, y, { fit: [160, 60] });
      }),
    );
    doc.y = y + 75;
  } else {
    doc.y = 160;
  }
  w.heading(model.scope.kind === 'national' ? 'National outcomes report' : 'Outcomes report', 1);
  w.paragraph(branding?.displayName ?? model.scope.name, { size: 18 });
  doc.moveDown(1);
  w.paragraph(`Period: ${formatPeriod(model.period)}`, { size: 12 });
  if (project)
    w.paragraph(`Project: ${project.name}${project.funder ? `, funded by ${project.funder}` : ''}`, { size: 12 });
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

const figureAt = (model: ReportModel, section: string, key: string) =>
  model.sections.find((s) => s.key === section)?.figures.find((f) => f.key === key);

/** The key numbers as boxes of large figures, three to a row, each with its national comparison. */
function keyFigures(w: ReportWriter) {
  const { doc, model } = w;
  const figures = KEY_FIGURES.map(([section, key]) => figureAt(model, section, key)).filter(
    (f): f is Figure => f !== undefined,
  );
  const columns = 3;
  const gap = 12;
  const width = (w.width - gap * (columns - 1)) / columns;
  const height = 88;
  const list = doc.struct('L');
  w.root.add(list);
  figures.forEach((figure, i) => {
    const x = MARGIN + (i % columns) * (width + gap);
    if (i % columns === 0 && i > 0) doc.y += height + gap;
    const y = doc.y;
    doc.markContent('Artifact', { type: 'Layout' });
    doc.rect(x, y, width, height).lineWidth(0.6).strokeColor('#999999').stroke();
    doc.endMarkedContent();
    const item = doc.struct('LI');
    list.add(item);
    const comparison =
      figure.benchmark?.source === 'national'
        ? formatBenchmark(figure.benchmark, figure.unit, model.nationalThreshold)
        : figure.unit === 'percent' && figure.numerator !== undefined
          ? `${formatCounts(figure, model.disclosureThreshold)} clients`
          : '';
    const text = (content: string, font: 'Bold' | 'Body', size: number, color: string, top: number) => {
      const element = doc.struct('Span');
      item.add(element);
      doc
        .font(font)
        .fontSize(size)
        .fillColor(color)
        .text(content, x + 8, top, { width: width - 16, structParent: element, structType: 'Span', lineBreak: true });
      element.end();
    };
    text(formatValue(figure, model.disclosureThreshold), 'Bold', 26, INK, y + 8);
    text(figure.label, 'Body', 9.5, INK, y + 42);
    if (comparison) text(comparison, 'Body', 8.5, MUTED, y + 66);
    item.end();
    doc.y = y;
  });
  list.end();
  doc.y += height + gap;
  doc.x = MARGIN;
}

/** Two pages: key numbers and findings, then the trend and the service's own words. */
function summary(
  w: ReportWriter,
  options: PdfOptions,
  images: { trend?: Awaited<ReturnType<typeof renderTrendChart>> },
) {
  const { doc, model } = w;
  doc.addPage();
  w.heading('Summary', 2);
  w.paragraph(`${model.scope.name}, ${formatPeriod(model.period)}.`, { color: MUTED });
  keyFigures(w);
  w.heading('Findings', 3);
  if (model.findings.length === 0) {
    w.paragraph('The data of this period support no finding against the national figures or the local population.');
  }
  model.findings.forEach((finding, i) => {
    w.paragraph(`${i + 1}. ${finding.text} (Section: ${finding.sectionTitle}.)`, { size: 10.5 });
  });
  if (model.findings.length > 0 && model.findings.length < MIN_FINDINGS) {
    w.paragraph(
      `Only ${model.findings.length === 1 ? 'one finding is' : `${model.findings.length} findings are`} supported by the data of this period.`,
      {
        size: 9,
        color: MUTED,
      },
    );
  }
  doc.addPage();
  if (images.trend && options.trend) {
    w.heading('Trend over the last eight quarters', 3);
    const alt = options.trend
      .map(
        (p) =>
          `${p.label}: ${p.opened ? formatValue(p.opened, model.disclosureThreshold) : 'none'} opened, all abuse stopped ${p.stopped ? formatValue(p.stopped, model.disclosureThreshold) : 'none'}`,
      )
      .join('; ');
    const rendered = images.trend;
    const width = w.width;
    const height = (rendered.height * width) / rendered.width;
    const y = doc.y;
    w.root.add(
      doc.struct('Figure', { alt: `Cases opened and all abuse stopped by quarter. ${alt}.` }, () => {
        doc.image(rendered.image, MARGIN, y, { width, height });
      }),
    );
    doc.y = y + height + 10;
  }
  if (options.branding?.narrative) {
    w.heading(`From ${options.branding.displayName ?? model.scope.name}`, 3);
    w.paragraph(options.branding.narrative, { size: 10.5 });
  }
  w.heading('About this summary', 3);
  w.paragraph(
    `Each finding is written only when the report's own statistics support it: a rate is above or below the national rate when the national rate lies outside this report's 95% interval, and in line with it only when it lies inside an interval at most ${IN_LINE_MAX_INTERVAL} percentage points wide; a group is under-represented when the one-sided exact binomial test of the demographics section says so. Hidden figures make no finding. The detailed sections follow as an appendix, then the methods.`,
    { size: 9, color: MUTED },
  );
}

function appendixIntro(w: ReportWriter) {
  const omitted = rowsWithoutData(w.model);
  w.doc.addPage();
  w.heading('Appendix: detailed sections', 2);
  w.paragraph(
    omitted > 0
      ? `${omitted} ${omitted === 1 ? 'row has' : 'rows have'} no data in this period (no case to count) and ${omitted === 1 ? 'is' : 'are'} left out of the tables that follow.`
      : 'Every row of the tables that follow has data in this period.',
    { color: MUTED },
  );
}

function section(w: ReportWriter, s: Section, images: Map<Chart, Awaited<ReturnType<typeof renderChart>>>) {
  w.doc.addPage();
  w.heading(s.title, 2);
  w.paragraph(s.population, { size: 9, color: MUTED });
  for (const chart of s.charts) {
    const rendered = images.get(chart);
    if (rendered) w.image(chart, figuresOf(s, chart), rendered);
  }
  const { figureOf, listed, tables } = appendixOf(s);
  if (listed.length > 0) w.figureTable(listed);
  if (listed.length === 0 && tables.length === 0) w.paragraph('No data for this scope and period.', { color: MUTED });
  for (const { table, rows } of tables) {
    w.heading(table.title, 3);
    w.table(
      ['', ...table.columns],
      rows.map((row) => [
        row.label,
        ...row.figures.map((key) => {
          const figure = figureOf(key);
          return hasNoData(figure) ? '' : formatCell(figure, w.model.disclosureThreshold);
        }),
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

export async function renderPdf(model: ReportModel, options: PdfOptions = {}): Promise<Buffer> {
  // Charts are drawn and encoded concurrently before the document is laid out.
  const jobs = model.sections.flatMap((s) => s.charts.map((chart) => ({ chart, figures: figuresOf(s, chart) })));
  const [rendered, trend] = await Promise.all([
    Promise.all(jobs.map((job) => renderChart(job.chart, job.figures))),
    options.trend ? renderTrendChart(options.trend) : Promise.resolve(undefined),
  ]);
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
  cover(writer, options);
  summary(writer, options, trend ? { trend } : {});
  appendixIntro(writer);
  for (const s of model.sections) section(writer, s, images);
  methods(writer);
  writer.root.end();
  pageNumbers(doc);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
