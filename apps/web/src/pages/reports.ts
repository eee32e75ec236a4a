/** The reports page: pick a period and filters, read the figures, download the PDF or CSV. */
import type { Member } from '@harbour/contract';
import { type Html, html } from '@harbour/html';
import { ROLE_NAMES } from '../case-types';
import { type Me, noticeBox, page } from '../layout';
import type { Period } from '../periods';
import { type Project, projectSelect } from './projects';

export type ReportFigure = {
  key: string;
  label: string;
  unit?: 'count' | 'percent' | 'mean';
  value: number | null;
  numerator?: number;
  denominator?: number;
  ci95?: [number, number];
  suppressed?: true;
  benchmark?: { label: string; value: number | null };
  flag?: { message: string };
};

export type ReportJson = {
  scope: { name?: string };
  period: Period;
  sections: {
    key: string;
    title: string;
    population?: string;
    figures: ReportFigure[];
    tables?: { key: string; title: string; columns: string[]; rows: { label: string; figures: (string | null)[] }[] }[];
  }[];
};

export type ReportQuery = {
  period?: string;
  from?: string;
  to?: string;
  practitionerRole?: string;
  workerId?: string;
  projectId?: string;
};

function isPercent(figure: ReportFigure): boolean {
  return figure.unit === 'percent' || (figure.unit === undefined && figure.denominator !== undefined);
}

function valueText(figure: ReportFigure): string {
  if (figure.suppressed || figure.value === null) return 'Suppressed (fewer than the threshold)';
  if (isPercent(figure)) return `${figure.value.toFixed(1)}%`;
  return String(figure.value);
}

/** A bar for a percentage: an SVG with a width attribute, as inline styles are not allowed. */
function bar(figure: ReportFigure): Html {
  if (!isPercent(figure) || figure.value === null || figure.suppressed) return html``;
  const width = Math.max(0, Math.min(100, figure.value));
  return html`<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
    <rect class="bar__track" x="0" y="0" width="100" height="10"></rect><rect class="bar__fill" x="0" y="0" width="${width}" height="10"></rect></svg>`;
}

function figureRows(figures: ReportFigure[]): Html {
  return html`${figures.map(
    (f) => html`<tr data-figure="${f.key}">
      <th scope="row">${f.label}</th>
      <td class="num" data-value>${valueText(f)}</td>
      <td class="num">${f.numerator !== undefined && f.denominator !== undefined && !f.suppressed ? `${f.numerator} of ${f.denominator}` : ''}</td>
      <td class="num">${f.ci95 && !f.suppressed ? `${f.ci95[0].toFixed(1)}–${f.ci95[1].toFixed(1)}%` : ''}</td>
      <td class="bar-cell">${bar(f)}</td>
      <td>${f.benchmark ? `${f.benchmark.label}: ${f.benchmark.value === null ? 'suppressed' : f.benchmark.value}` : ''}${f.flag ? html`<span class="tag tag--flag">${f.flag.message}</span>` : ''}</td>
    </tr>`,
  )}`;
}

function sectionHtml(section: ReportJson['sections'][number]): Html {
  const byKey = new Map(section.figures.map((f) => [f.key, f]));
  return html`<section class="report-section" aria-labelledby="s-${section.key}">
    <h3 id="s-${section.key}">${section.title}</h3>
    ${section.population ? html`<p class="muted">${section.population}</p>` : ''}
    ${
      section.figures.length
        ? html`<table class="table figures"><caption class="visually-hidden">${section.title}</caption>
      <thead><tr><th scope="col">Figure</th><th scope="col" class="num">Value</th><th scope="col" class="num">Count</th><th scope="col" class="num">95% interval</th><th scope="col"><span class="visually-hidden">Bar</span></th><th scope="col">Benchmark</th></tr></thead>
      <tbody>${figureRows(section.figures)}</tbody></table>`
        : ''
    }
    ${(section.tables ?? []).map(
      (table) => html`<table class="table"><caption>${table.title}</caption>
        <thead><tr><th scope="col"><span class="visually-hidden">Group</span></th>${table.columns.map((c) => html`<th scope="col" class="num">${c}</th>`)}</tr></thead>
        <tbody>${table.rows.map(
          (row) =>
            html`<tr><th scope="row">${row.label}</th>${row.figures.map((cell) => {
              const figure = cell === null ? undefined : byKey.get(cell);
              return html`<td class="num">${cell === null ? '–' : figure ? valueText(figure) : cell}</td>`;
            })}</tr>`,
        )}</tbody></table>`,
    )}
  </section>`;
}

/** The From and To date boxes of a period, as the report and research pages' query strings name them. */
export function fromToFields(from: string, to: string): Html {
  return html`<div class="field"><label for="from">From</label><input type="date" id="from" name="from" value="${from}" class="input--date"></div>
            <div class="field"><label for="to">To</label><input type="date" id="to" name="to" value="${to}" class="input--date"></div>`;
}

export function reportsPage(options: {
  me: Me;
  query: ReportQuery;
  period: Period | undefined;
  members: Member[];
  projects: Project[];
  report: ReportJson | undefined;
  error?: string;
  downloadQuery: string | undefined;
}): Html {
  const { query, period, report } = options;
  const choice = query.period ?? 'last_quarter';
  const radio = (value: string, label: string) =>
    html`<div class="choice"><input type="radio" id="period-${value}" name="period" value="${value}"${choice === value ? html` checked` : ''}><label for="period-${value}">${label}</label></div>`;
  const practitioners = options.members.filter((m) => m.role === 'practitioner');
  const project = options.projects.find((p) => p.id === query.projectId);
  return page({
    title: 'Reports',
    me: options.me,
    path: '/reports',
    body: html`<h1>Reports</h1>
      <p><a href="/reports/export">Export the service's cases for your own analysis (XLSX or CSV)</a></p>
      <form method="get" action="/reports" class="stack report-form">
        <fieldset><legend>Period</legend><div class="choices choices--inline">
          ${radio('last_quarter', 'Last quarter')}${radio('last_financial_year', 'Last financial year (April to March)')}${radio('custom', 'Custom dates')}</div>
          <div class="date-range" data-when-field="period" data-when-values='["custom"]'>
            ${fromToFields(query.from ?? '', query.to ?? '')}
          </div></fieldset>
        <div class="filters">
          <div class="field"><label for="practitionerRole">Practitioner role</label>
            <select id="practitionerRole" name="practitionerRole"><option value="">All roles</option>
            ${Object.entries(ROLE_NAMES).map(([code, label]) => html`<option value="${code}"${query.practitionerRole === code ? html` selected` : ''}>${label}</option>`)}</select></div>
          <div class="field"><label for="workerId">Worker</label>
            <select id="workerId" name="workerId"><option value="">All workers</option>
            ${practitioners.map((m) => html`<option value="${m.userId}"${query.workerId === m.userId ? html` selected` : ''}>${m.name}</option>`)}</select></div>
          ${projectSelect(options.projects, query.projectId)}
        </div>
        <button type="submit" class="button">Show report</button>
      </form>
      ${options.error ? noticeBox({ kind: 'error', text: options.error }) : ''}
      ${
        report && period && options.downloadQuery
          ? html`<section aria-labelledby="report-title" class="report">
          <h2 id="report-title">${report.scope.name ?? 'Service report'}${project ? html`, project <span data-project-name>${project.name}</span>` : ''}: ${period.from} to ${period.to}</h2>
          <p class="downloads"><a class="button button--secondary" href="/api/v1/reports/service?${options.downloadQuery}&amp;format=pdf" download data-download="pdf">Download PDF</a>
            <a class="button button--secondary" href="/api/v1/reports/service?${options.downloadQuery}&amp;format=csv" download data-download="csv">Download CSV</a></p>
          ${report.sections.map(sectionHtml)}
        </section>`
          : ''
      }`,
  });
}
