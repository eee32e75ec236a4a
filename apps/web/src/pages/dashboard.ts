/**
 * The manager's home page: the dashboard's measures for the last complete quarter and year
 * against the ones before and the national dataset, a trend chart per measure, and the
 * data-quality alerts with links to their cases.
 */
import { type Html, html } from '@harbour/html';
import { type Me, page } from '../layout';
import { trendChart } from '../trend-chart';
import { type Project, projectSelect } from './projects';

type Figure = {
  key: string;
  unit?: 'count' | 'percent' | 'mean';
  value: number | null;
  numerator?: number;
  denominator?: number;
  suppressed?: true;
  suppression?: 'primary' | 'secondary';
  /** The threshold of its period when not the dashboard's (children counted, as in that period's report). */
  threshold?: number;
};
type Period = { from: string; to: string; label?: string };

type AuditSummaryJson = {
  files: number;
  themes: { theme: string; label: string; mean: number | null; files: number }[];
  byWorker: { workerId: string; workerName: string; files: number; themes: { theme: string; mean: number | null }[] }[];
};

const meanText = (mean: number | null | undefined) => (mean === null || mean === undefined ? 'none' : mean.toFixed(2));

function auditsHtml(audits: DashboardJson['audits']): Html {
  if (!audits) return html``;
  const { year, previousYear } = audits;
  return html`<h2>Case-file audits</h2>
    <table class="table" data-audits>
      <caption>Mean score by theme, 1 (inadequate) to 4 (outstanding): ${year.files} files scored in the last twelve months, ${previousYear.files} in the twelve before</caption>
      <thead><tr><th scope="col">Theme</th><th scope="col" class="num">Last 12 months</th><th scope="col" class="num">12 months before</th>
        ${year.byWorker.map((w) => html`<th scope="col" class="num">${w.workerName}</th>`)}</tr></thead>
      <tbody>${year.themes.map(
        (t) => html`<tr data-theme="${t.theme}"><th scope="row">${t.label}</th>
          <td class="num" data-value>${meanText(t.mean)}</td>
          <td class="num">${meanText(previousYear.themes.find((p) => p.theme === t.theme)?.mean)}</td>
          ${year.byWorker.map((w) => html`<td class="num">${meanText(w.themes.find((x) => x.theme === t.theme)?.mean)}</td>`)}</tr>`,
      )}</tbody>
    </table>`;
}

export type DashboardJson = {
  scope: { name: string };
  asOf: string;
  disclosureThreshold: number;
  nationalThreshold: number;
  periods: { quarter: Period; previousQuarter: Period; year: Period; previousYear: Period };
  measures: {
    key: string;
    label: string;
    quarter: Figure;
    previousQuarter: Figure;
    year: Figure;
    previousYear: Figure;
    national?: { quarter: Figure; year: Figure };
    trend: { quarter: Period; figure: Figure }[];
  }[];
  audits?: { year: AuditSummaryJson; previousYear: AuditSummaryJson };
  alerts: {
    key: string;
    title: string;
    count: number;
    cases: { caseId: string; reference: string | null; workerName: string; detail: string }[];
  }[];
};

const date = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const long = (iso: string) => date.format(new Date(`${iso}T00:00:00Z`));
const periodText = (p: Period) => `${long(p.from)} to ${long(p.to)}`;

function valueText(figure: Figure | undefined, k: number): string {
  if (!figure) return '';
  if (figure.suppressed) return figure.suppression === 'secondary' ? '[c]' : `<${figure.threshold ?? k}`;
  if (figure.value === null) return 'none';
  if (figure.unit === 'percent') return `${figure.value.toFixed(1)}%`;
  return figure.unit === 'mean' ? figure.value.toFixed(1) : String(figure.value);
}

function countsText(figure: Figure | undefined): string {
  if (!figure || figure.suppressed || figure.unit !== 'percent' || figure.numerator === undefined) return '';
  return `${figure.numerator} of ${figure.denominator}`;
}

function cell(figure: Figure | undefined, k: number): Html {
  const counts = countsText(figure);
  return html`<td class="num" data-value="${figure?.key ?? ''}">${valueText(figure, k)}${counts ? html`<br><span class="muted">${counts}</span>` : ''}</td>`;
}

/** Whether some period's figures have a threshold of their own (children counted, as its report does). */
const someOwnThreshold = (dashboard: DashboardJson) =>
  dashboard.measures.some((m) =>
    [m.year, m.previousYear, ...m.trend.map((p) => p.figure)].some((f) => f.threshold !== undefined),
  );

/** The project filter: a GET form, so it works without JavaScript; the asOf day is kept. */
function filterForm(filter: DashboardFilter): Html {
  if (!filter.projects.length) return html``;
  return html`<form method="get" action="/dashboard" class="filters" data-dashboard-filter>
    ${filter.asOf ? html`<input type="hidden" name="asOf" value="${filter.asOf}">` : ''}
    ${projectSelect(filter.projects, filter.project?.id)}
    <button type="submit" class="button button--secondary">Show</button></form>`;
}

export type DashboardFilter = { projects: Project[]; project?: Project; asOf: string | undefined };

export function dashboardPage(options: { me: Me; dashboard: DashboardJson; filter: DashboardFilter }): Html {
  const { dashboard } = options;
  const k = dashboard.disclosureThreshold;
  const nationalK = dashboard.nationalThreshold;
  const { quarter, previousQuarter, year, previousYear } = dashboard.periods;
  return page({
    title: 'Dashboard',
    me: options.me,
    path: '/dashboard',
    body: html`<h1>Dashboard</h1>
      ${filterForm(options.filter)}
      <p class="lead">${dashboard.scope.name}${options.filter.project ? html`, project <strong data-project-name>${options.filter.project.name}</strong> (its cases only)` : ''}. The last complete quarter is ${quarter.label} (${periodText(quarter)}); the year is the four quarters to ${long(year.to)}.</p>
      <table class="table dashboard" data-dashboard>
        <caption>This quarter and year against the previous ones and the national dataset</caption>
        <thead><tr><th scope="col">Measure</th>
          <th scope="col" class="num">${quarter.label}</th><th scope="col" class="num">${previousQuarter.label}</th><th scope="col" class="num">National, ${quarter.label}</th>
          <th scope="col" class="num">Year to ${long(year.to)}</th><th scope="col" class="num">Year before</th><th scope="col" class="num">National, year</th></tr></thead>
        <tbody>${dashboard.measures.map(
          (m) => html`<tr data-measure="${m.key}"><th scope="row">${m.label}</th>
            ${cell(m.quarter, k)}${cell(m.previousQuarter, k)}${m.national ? cell(m.national.quarter, nationalK) : html`<td></td>`}
            ${cell(m.year, k)}${cell(m.previousYear, k)}${m.national ? cell(m.national.year, nationalK) : html`<td></td>`}</tr>`,
        )}</tbody>
      </table>
      <p class="muted">Counts from 1 to ${k - 1} are hidden ("&lt;${k}"; national: "&lt;${nationalK}"); "[c]" hides a cell that would reveal another.${
        someOwnThreshold(dashboard)
          ? ` In periods when the service's clients may be children (a young people's module was on), counts below ${nationalK} are hidden, as in those periods' reports.`
          : ''
      } Year before: ${periodText(previousYear)}.</p>
      <h2>Trends over the last eight quarters</h2>
      <div class="trends">${dashboard.measures.map(
        (m) => html`<figure class="trend-figure" data-trend="${m.key}"><figcaption>${m.label}</figcaption>
          ${trendChart({
            id: `trend-${m.key}`,
            title: m.label,
            percent: m.quarter.unit === 'percent',
            points: m.trend.map((p) => ({
              label: p.quarter.label ?? p.quarter.from,
              value: p.figure.suppressed ? null : p.figure.value,
              text: valueText(p.figure, k),
            })),
          })}</figure>`,
      )}</div>
      ${auditsHtml(dashboard.audits)}
      <h2>Data quality</h2>
      ${dashboard.alerts.map(
        (alert) => html`<section class="alert-list" data-alert="${alert.key}" aria-labelledby="alert-${alert.key}">
          <h3 id="alert-${alert.key}">${alert.title}: ${alert.count}</h3>
          ${
            alert.cases.length
              ? html`<ul>${alert.cases.map(
                  (c) =>
                    html`<li><a href="/cases/${c.caseId}">${c.reference ?? 'Case'}</a> (${c.workerName}): ${c.detail}</li>`,
                )}</ul>${alert.count > alert.cases.length ? html`<p class="muted">The first ${alert.cases.length} are listed.</p>` : ''}`
              : html`<p class="muted">None.</p>`
          }</section>`,
      )}`,
  });
}
