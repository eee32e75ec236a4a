/** The researcher's page: downloads of an export in every format, the data dictionary, and a crosstab builder. */
import { type Html, html } from '@harbour/html';
import { type Me, noticeBox, page } from '../layout';
import { fromToFields } from './reports';

export type ResearchQuery = { from?: string; to?: string; rows?: string; columns?: string };

export type CrosstabField = { key: string; label: string; form: string; codes: { code: string; label: string }[] };

export type DictionaryColumn = {
  table: string;
  key: string;
  label: string;
  type: string;
  codes: { code: string; label: string }[];
};

type Count = { count: number | null; suppressed: boolean };

export type Crosstab = {
  threshold: number;
  rowCategories: { label: string }[];
  columnCategories: { label: string }[];
  cells: Count[][];
  rowTotals: Count[];
  columnTotals: Count[];
  total: Count;
};

const TABLES: [string, string][] = [
  ['cases', 'Cases (one row per case)'],
  ['children', 'Children (one row per child)'],
];
const FORMATS: [string, string][] = [
  ['csv', 'CSV'],
  ['jsonl', 'JSON lines'],
  ['parquet', 'Parquet'],
];
const PACKAGES: [string, string][] = [
  ['spss', 'SPSS (.sps)'],
  ['stata', 'Stata (.do)'],
  ['r', 'R (.R)'],
  ['sas', 'SAS (.sas)'],
];

const countText = (count: Count) => (count.suppressed || count.count === null ? 'Suppressed' : String(count.count));

function fieldSelect(name: string, label: string, fields: CrosstabField[], chosen: string | undefined): Html {
  return html`<div class="field"><label for="${name}">${label}</label>
    <select id="${name}" name="${name}" required><option value="">Choose a field</option>
    ${fields.map((f) => html`<option value="${f.key}"${chosen === f.key ? html` selected` : ''}>${f.label} (${f.key})</option>`)}</select></div>`;
}

function crosstabTable(crosstab: Crosstab, rowLabel: string, columnLabel: string): Html {
  return html`<table class="table" data-crosstab><caption>${rowLabel} by ${columnLabel}</caption>
    <thead><tr><th scope="col">${rowLabel}</th>${crosstab.columnCategories.map((c) => html`<th scope="col" class="num">${c.label}</th>`)}<th scope="col" class="num">Total</th></tr></thead>
    <tbody>${crosstab.rowCategories.map(
      (row, r) =>
        html`<tr><th scope="row">${row.label}</th>${(crosstab.cells[r] ?? []).map((cell) => html`<td class="num">${countText(cell)}</td>`)}<td class="num">${countText(crosstab.rowTotals[r] ?? { count: null, suppressed: true })}</td></tr>`,
    )}
    <tr><th scope="row">Total</th>${crosstab.columnTotals.map((cell) => html`<td class="num">${countText(cell)}</td>`)}<td class="num" data-total>${countText(crosstab.total)}</td></tr></tbody></table>
    <p class="muted">Counts below ${crosstab.threshold} are suppressed, with enough others to stop them being worked out.</p>`;
}

export function researchPage(options: {
  me: Me;
  period: { from: string; to: string };
  query: ResearchQuery;
  fields: CrosstabField[];
  dictionary: DictionaryColumn[];
  crosstab: Crosstab | undefined;
  error?: string;
}): Html {
  const { period, query, fields } = options;
  const span = `from=${period.from}&to=${period.to}`;
  const labelOf = (key: string | undefined) => fields.find((f) => f.key === key)?.label ?? key ?? '';
  return page({
    title: 'Research',
    me: options.me,
    path: '/research',
    body: html`<h1>Research</h1>
      <form method="get" action="/research" class="stack">
        <fieldset><legend>Cases opened in the period</legend><div class="date-range">
          ${fromToFields(period.from, period.to)}
        </div></fieldset>
        <h2>Crosstab</h2>
        <div class="filters">
          ${fieldSelect('rows', 'Rows', fields, query.rows)}
          ${fieldSelect('columns', 'Columns', fields, query.columns)}
        </div>
        <button type="submit" class="button">Count cases</button>
      </form>
      ${options.error ? noticeBox({ kind: 'error', text: options.error }) : ''}
      ${options.crosstab ? crosstabTable(options.crosstab, labelOf(query.rows), labelOf(query.columns)) : ''}
      <section aria-labelledby="downloads-title">
        <h2 id="downloads-title">Exports for ${period.from} to ${period.to}</h2>
        <p>Pseudonymised and k-anonymised rows of the national dataset. Each download is a new export with its own pseudonyms.</p>
        <table class="table"><caption class="visually-hidden">Downloads</caption>
          <thead><tr><th scope="col">Table</th><th scope="col">Data</th><th scope="col">Syntax for the CSV</th></tr></thead>
          <tbody>${TABLES.map(
            ([table, label]) => html`<tr><th scope="row">${label}</th>
              <td>${FORMATS.map(([format, name]) => html`<a href="/api/v1/research/export?${span}&amp;table=${table}&amp;format=${format}" download data-download="${table}-${format}">${name}</a> `)}</td>
              <td>${PACKAGES.map(([pkg, name]) => html`<a href="/api/v1/research/export/syntax?${span}&amp;table=${table}&amp;package=${pkg}" download data-download="${table}-${pkg}">${name}</a> `)}</td></tr>`,
          )}</tbody></table>
        <p><a href="/api/v1/research/export/readme?${span}" data-download="readme">README of the export (rules and k-anonymity outcome)</a> ·
          <a href="/api/v1/research/dictionary?format=csv" download data-download="dictionary">Data dictionary (CSV)</a></p>
      </section>
      <section aria-labelledby="dictionary-title">
        <h2 id="dictionary-title">Data dictionary</h2>
        <details><summary>${options.dictionary.length} columns</summary>
        <table class="table" data-dictionary><caption class="visually-hidden">Data dictionary</caption>
          <thead><tr><th scope="col">Table</th><th scope="col">Column</th><th scope="col">Meaning</th><th scope="col">Type</th><th scope="col">Codes</th></tr></thead>
          <tbody>${options.dictionary.map(
            (c) =>
              html`<tr><td>${c.table}</td><td><code>${c.key}</code></td><td>${c.label}</td><td>${c.type}</td><td>${c.codes.map((code) => `${code.code} = ${code.label}`).join('; ')}</td></tr>`,
          )}</tbody></table></details>
      </section>`,
  });
}
