/**
 * A manager's import of past cases from a spreadsheet: upload, map the file's headings to import
 * columns (saved for the next upload), see every bad row and field before anything is written,
 * then import. Checking and importing run as jobs on the server; their page refreshes itself
 * without JavaScript, and the browser script updates it in place with it.
 */
import { type Html, html } from '@harbour/html';
import { type Me, type Notice, page } from '../layout';

export type ColumnChoice = { column: string; label: string; form: string | null; formTitle: string };
export type SavedMapping = { name: string; columns: Record<string, string | null>; updatedAt: string };
type FieldProblem = { pointer: string; message: string };
export type Upload = {
  id: string;
  kind: 'csv' | 'xlsx';
  fileName: string | null;
  headings: string[];
  state: 'uploaded' | 'checking' | 'checked' | 'importing' | 'imported' | 'failed';
  progress: { phase: 'reading' | 'checking' | 'importing'; done: number; total: number | null } | null;
  mapping: string | null;
  result: { imported: number; valid?: number; rejected: { row: number; errors: FieldProblem[] }[] } | null;
  problem: { message: string; details: FieldProblem[] } | null;
};

/** Bad rows listed on the page: a file mapped wrongly can have thousands, all alike. */
const ROWS_SHOWN = 200;
const PATH = '/service/import';
const count = (n: number) => n.toLocaleString('en-GB');
const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;

const normalised = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/**
 * The saved mapping to offer for a file: the one asked for, else the one its last check used,
 * else the saved mapping naming most of its headings (the latest saved on a tie), if any does.
 */
export function offeredMapping(
  headings: string[],
  saved: SavedMapping[],
  asked: string | undefined,
  lastUsed: string | null,
): SavedMapping | undefined {
  const named = saved.find((m) => m.name === (asked ?? lastUsed));
  if (named) return named;
  let best: SavedMapping | undefined;
  let bestShared = 0;
  for (const mapping of saved) {
    const shared = headings.filter((heading) => heading in mapping.columns).length;
    if (shared > bestShared) [best, bestShared] = [mapping, shared];
  }
  return best;
}

/** The column a heading is mapped to at first: the saved mapping's, else a column it names or whose label it is. */
export function suggestedColumn(heading: string, mapping: SavedMapping | undefined, choices: ColumnChoice[]): string {
  if (mapping && heading in mapping.columns) return mapping.columns[heading] ?? '';
  if (choices.some((c) => c.column === heading)) return heading;
  const wanted = normalised(heading);
  return (
    choices.find((c) => c.form === null && normalised(c.label) === wanted)?.column ??
    choices.find((c) => normalised(c.label) === wanted)?.column ??
    ''
  );
}

function columnSelect(index: number, chosen: string, choices: ColumnChoice[]): Html {
  const groups = new Map<string, ColumnChoice[]>();
  for (const choice of choices) groups.set(choice.formTitle, [...(groups.get(choice.formTitle) ?? []), choice]);
  // a saved column no longer offered (a later review, a removed field) stays visible rather than lost
  const unlisted = chosen !== '' && !choices.some((c) => c.column === chosen);
  return html`<select id="column-${index}" name="column.${index}">
    <option value="">Leave out</option>
    ${unlisted ? html`<option value="${chosen}" selected>${chosen}</option>` : ''}
    ${[...groups].map(
      ([title, group]) =>
        html`<optgroup label="${title}">${group.map(
          (c) =>
            html`<option value="${c.column}"${c.column === chosen ? html` selected` : ''}>${c.label} (${c.column})</option>`,
        )}</optgroup>`,
    )}
  </select>`;
}

function mappingForm(upload: Upload, choices: ColumnChoice[], saved: SavedMapping[], asked: string | undefined): Html {
  const offered = offeredMapping(upload.headings, saved, asked, upload.mapping);
  return html`<section class="panel" aria-labelledby="mapping-title">
    <h2 id="mapping-title">Match your columns to Harbour's</h2>
    ${
      saved.length > 0
        ? html`<form method="get" action="${PATH}/${upload.id}" class="filters">
      <div class="field"><label for="saved">Start from a saved mapping</label>
        <select id="saved" name="mapping">${saved.map(
          (m) => html`<option value="${m.name}"${m.name === offered?.name ? html` selected` : ''}>${m.name}</option>`,
        )}</select></div>
      <button type="submit" class="button button--secondary">Use this mapping</button>
    </form>`
        : ''
    }
    <form method="post" action="${PATH}/${upload.id}/check" class="stack" novalidate>
      <p>${
        offered
          ? html`The saved mapping <strong>${offered.name}</strong> is filled in. Change any column that is wrong.`
          : "Choose Harbour's column for each of your file's columns, or leave it out. The mapping is saved for your next upload."
      }</p>
      <table class="table"><caption>Columns of ${upload.fileName ?? 'your file'}</caption>
        <thead><tr><th scope="col">Your column</th><th scope="col">Harbour's column</th></tr></thead>
        <tbody>${upload.headings.map(
          (
            heading,
            index,
          ) => html`<tr><th scope="row" id="heading-${index}">${heading || html`<em>(no heading)</em>`}</th>
            <td><label class="visually-hidden" for="column-${index}">Harbour's column for ${heading}</label>${columnSelect(
              index,
              suggestedColumn(heading, offered, choices),
              choices,
            )}</td></tr>`,
        )}</tbody>
      </table>
      <div class="field"><label for="mapping-name">Save this mapping as</label>
        <p class="help" id="mapping-name-hint">Letters, numbers, spaces, dots, dashes and underscores.</p>
        <input type="text" id="mapping-name" name="mappingName" value="${offered?.name ?? 'past cases'}" aria-describedby="mapping-name-hint" autocomplete="off"></div>
      <button type="submit" class="button">Save the mapping and check every row</button>
      <p class="help">Checking writes nothing.</p>
    </form>
  </section>`;
}

export function uploadForm(heading = 'Upload a spreadsheet'): Html {
  return html`<form method="post" action="${PATH}" enctype="multipart/form-data" class="stack panel" novalidate>
    <h2>${heading}</h2>
    <div class="field"><label for="file">Spreadsheet of past cases (CSV or Excel .xlsx)</label>
      <p class="help" id="file-hint">One case a row, with your column headings in the first row. Only the first sheet of a workbook is read.</p>
      <input type="file" id="file" name="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby="file-hint"></div>
    <button type="submit" class="button">Upload</button>
  </form>`;
}

export function importStartPage(options: { me: Me; saved: SavedMapping[]; notice?: Notice }): Html {
  return page({
    title: 'Import past cases',
    me: options.me,
    path: PATH,
    notice: options.notice,
    body: html`<h1>Import past cases</h1>
      <p>Bring in cases your service recorded before Harbour. You will match your columns to Harbour's, then see every row with a problem before anything is written.</p>
      ${uploadForm()}
      ${
        options.saved.length > 0
          ? html`<h2>Saved mappings</h2><ul>${options.saved.map(
              (m) => html`<li>${m.name}: ${plural(Object.keys(m.columns).length, 'column', 'columns')}</li>`,
            )}</ul>`
          : ''
      }`,
  });
}

function progressPanel(upload: Upload): Html {
  const progress = upload.progress;
  const doing = upload.state === 'importing' ? 'Importing' : 'Checking';
  const text = !progress
    ? `${doing}…`
    : progress.phase === 'reading'
      ? `Reading the file: ${plural(progress.done, 'row', 'rows')} read`
      : `${doing}: ${count(progress.done)} of ${plural(progress.total ?? 0, 'row', 'rows')}`;
  return html`<div class="panel" data-import-progress="${PATH}/${upload.id}/progress">
    <label for="import-progress">${doing} ${upload.fileName ?? 'the file'}</label>
    ${
      progress?.total
        ? html`<progress id="import-progress" max="${progress.total}" value="${progress.done}">${text}</progress>`
        : html`<progress id="import-progress">${text}</progress>`
    }
    <p role="status" data-progress-text>${text}</p>
    <p><a href="${PATH}/${upload.id}">See how far it has got</a> (this page also refreshes by itself).</p>
  </div>`;
}

/** A problem's column as the manager knows it: their heading, with Harbour's column beside it. */
function headingOf(pointer: string, upload: Upload, mapping: SavedMapping | undefined): string {
  const column = pointer.replace(/^\//, '').split('/')[0] ?? '';
  if (column === '') return 'The row';
  const heading =
    Object.entries(mapping?.columns ?? {}).find(([, mapped]) => mapped === column)?.[0] ??
    upload.headings.find((h) => h === column);
  return heading && heading !== column ? `${heading} (${column})` : column;
}

function rejectedTable(upload: Upload, rejected: NonNullable<Upload['result']>['rejected'], mapping?: SavedMapping) {
  const shown = rejected.slice(0, ROWS_SHOWN);
  return html`<table class="table" id="bad-rows"><caption>Rows with problems</caption>
    <thead><tr><th scope="col">Row</th><th scope="col">Column</th><th scope="col">Problem</th></tr></thead>
    <tbody>${shown.flatMap((r) =>
      r.errors.map(
        (e) =>
          html`<tr><td class="num">${r.row}</td><td>${headingOf(e.pointer, upload, mapping)}</td><td>${e.message}</td></tr>`,
      ),
    )}</tbody></table>
    ${rejected.length > shown.length ? html`<p>And ${plural(rejected.length - shown.length, 'more row', 'more rows')} with problems.</p>` : ''}`;
}

export function uploadPage(options: {
  me: Me;
  upload: Upload;
  choices: ColumnChoice[];
  saved: SavedMapping[];
  asked?: string | undefined;
  notice?: Notice | undefined;
}): Html {
  const { upload, choices, saved } = options;
  const used = saved.find((m) => m.name === upload.mapping);
  const name = upload.fileName ?? 'your file';
  let body: Html;
  switch (upload.state) {
    case 'checking':
    case 'importing':
      body = progressPanel(upload);
      break;
    case 'imported':
      body = html`<div class="notice notice--success" role="status">${plural(upload.result?.imported ?? 0, 'case', 'cases')} imported from ${name}.</div>
        <p><a href="/cases">Go to the cases</a> or <a href="${PATH}">import another file</a>.</p>`;
      break;
    case 'checked': {
      const result = upload.result ?? { imported: 0, rejected: [] };
      body =
        result.rejected.length > 0
          ? html`<div class="error-summary" role="alert" tabindex="-1" data-error-summary>
              <h2>${plural(result.rejected.length, 'row has', 'rows have')} problems: nothing has been imported</h2>
              <p>${plural(result.valid ?? 0, 'row is', 'rows are')} ready. Fix the rows below in your spreadsheet, then upload it again: the mapping <strong>${upload.mapping ?? ''}</strong> is saved and will be offered.</p>
            </div>
            ${rejectedTable(upload, result.rejected, used)}
            ${uploadForm('Upload the fixed spreadsheet')}
            <details class="panel"><summary>Change the mapping instead</summary>${mappingForm(upload, choices, saved, options.asked)}</details>`
          : html`<div class="notice notice--success" role="status">Every row of ${name} is ready: ${plural(result.valid ?? 0, 'case', 'cases')}. Nothing has been written yet.</div>
            <form method="post" action="${PATH}/${upload.id}/import">
              <button type="submit" class="button">Import ${plural(result.valid ?? 0, 'case', 'cases')}</button>
            </form>`;
      break;
    }
    case 'failed':
      body = html`<div class="error-summary" role="alert" tabindex="-1" data-error-summary>
          <h2>The file could not be checked: nothing has been imported</h2>
          <p>${upload.problem?.message ?? ''}</p>
          ${
            upload.problem?.details.length
              ? html`<ul>${upload.problem.details.map((d) => html`<li>${headingOf(d.pointer, upload, used)}: ${d.message}</li>`)}</ul>`
              : ''
          }
        </div>
        ${mappingForm(upload, choices, saved, options.asked)}
        ${uploadForm('Or upload another spreadsheet')}`;
      break;
    default:
      body = mappingForm(upload, choices, saved, options.asked);
  }
  const running = upload.state === 'checking' || upload.state === 'importing';
  return page({
    title: running ? 'Checking the file' : 'Import past cases',
    me: options.me,
    path: PATH,
    notice: options.notice,
    // without the script, the page asks the server again until the job is done
    ...(running ? { head: html`<noscript><meta http-equiv="refresh" content="2"></noscript>` } : {}),
    body: html`<h1>Import past cases</h1><p class="muted">${name}: ${plural(upload.headings.length, 'column', 'columns')}</p>${body}`,
  });
}
