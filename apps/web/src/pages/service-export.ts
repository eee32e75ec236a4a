/**
 * The manager's export of their service's own cases (`POST /api/v1/exports/service`): the period,
 * an optional project, the purpose the audit log records, free text only when asked for, and
 * the format (an XLSX workbook of every table, or one CSV table).
 */
import { type Html, html } from '@harbour/html';
import { type FieldProblem, fieldClass, fieldError, fieldErrorSummary, invalid, type Me, page } from '../layout';
import { type Project, projectSelect } from './projects';

export type ExportDraft = {
  from: string;
  to: string;
  projectId: string;
  purpose: string;
  includeFreeText: boolean;
  format: 'xlsx' | 'csv';
  table: string;
};

export const EXPORT_FIELDS: Record<string, string> = {
  '/from': 'From',
  '/to': 'To',
  '/projectId': 'Project',
  '/purpose': 'Purpose',
  '/format': 'Format',
  '/table': 'Table',
};

const CSV_TABLES: [string, string][] = [
  ['cases', 'Cases (one row a case)'],
  ['codebook', 'Codebook'],
  ['value_labels', 'Value labels'],
];

const dateField = (errors: FieldProblem[], pointer: '/from' | '/to', value: string) =>
  html`<div class="${fieldClass(errors, pointer)}"><label for="f-${pointer.slice(1)}">${EXPORT_FIELDS[pointer]}</label>
    ${fieldError(errors, pointer, EXPORT_FIELDS[pointer] ?? '')}
    <input type="date" id="f-${pointer.slice(1)}" name="${pointer.slice(1)}" value="${value}" class="input--date"${invalid(errors, pointer)}></div>`;

export function serviceExportPage(options: {
  me: Me;
  draft: ExportDraft;
  errors: FieldProblem[];
  projects: Project[];
}): Html {
  const { draft, errors } = options;
  const radio = (value: ExportDraft['format'], label: string) =>
    html`<div class="choice"><input type="radio" id="format-${value}" name="format" value="${value}"${draft.format === value ? html` checked` : ''}><label for="format-${value}">${label}</label></div>`;
  return page({
    title: 'Export cases',
    me: options.me,
    path: '/reports',
    body: html`<nav aria-label="Breadcrumb" class="breadcrumbs"><ol><li><a href="/reports">Reports</a></li><li aria-current="page">Export cases</li></ol></nav>
      <h1>Export the service's cases</h1>
      <p class="lead">Cases open at any time in the period, one row a case and one column a field, with a codebook and value labels.
        Each export is recorded in the audit log with its purpose.</p>
      ${fieldErrorSummary(errors, EXPORT_FIELDS)}
      <form method="post" action="/reports/export" class="stack" novalidate>
        <div class="filters">${dateField(errors, '/from', draft.from)}${dateField(errors, '/to', draft.to)}
          ${projectSelect(options.projects, draft.projectId)}</div>
        <div class="${fieldClass(errors, '/purpose')}"><label for="f-purpose">Purpose</label>
          <p class="help" id="f-purpose-hint">Why the data is taken out, in 10 to 500 characters: it is kept in the audit log.</p>
          ${fieldError(errors, '/purpose', 'Purpose')}
          <textarea id="f-purpose" name="purpose" rows="3" maxlength="500"${
            errors.some((e) => e.pointer === '/purpose')
              ? invalid(errors, '/purpose')
              : html` aria-describedby="f-purpose-hint"`
          }>${draft.purpose}</textarea></div>
        <div class="field"><div class="choice"><input type="checkbox" id="f-includeFreeText" name="includeFreeText" value="yes"${
          draft.includeFreeText ? html` checked` : ''
        }><label for="f-includeFreeText">Include free-text answers (they may name people)</label></div></div>
        <fieldset id="f-format"><legend>Format</legend><div class="choices">
          ${radio('xlsx', 'Excel workbook: every table, the codebook and the value labels as sheets')}
          ${radio('csv', 'CSV: one table')}</div></fieldset>
        <div class="${fieldClass(errors, '/table')}"><label for="f-table">Table of the CSV</label>
          ${fieldError(errors, '/table', 'Table')}
          <select id="f-table" name="table">${CSV_TABLES.map(
            ([value, label]) =>
              html`<option value="${value}"${draft.table === value ? html` selected` : ''}>${label}</option>`,
          )}</select></div>
        <button type="submit" class="button">Download</button>
      </form>`,
  });
}
