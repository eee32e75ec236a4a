/** One form of a case, rendered from its schema and hints, with autosave where it is a draft. */
import { type CaseDetail, caseName } from '../case-types';
import { formPath } from '../form-path';
import { controlIdFor, type FieldErrors, renderQuestions } from '../form-renderer';
import type { FormView } from '../form-schema';
import { type Html, html } from '../html';
import { errorSummary, type Me, type Notice, page } from '../layout';

export function formPage(options: {
  me: Me;
  kase: CaseDetail;
  form: FormView;
  /** The review number of a review form. */
  occasion?: number;
  answers: Record<string, unknown>;
  errors: FieldErrors;
  revision: number | undefined;
  submitted: boolean;
  notice?: Notice;
}): Html {
  const { kase, form, errors } = options;
  const open = kase.status === 'open';
  const action = formPath(kase.id, form.key, options.occasion);
  const heading = options.occasion ? `${form.title} (review ${options.occasion})` : form.title;
  const summary = Object.entries(errors).map(([pointer, message]) => ({
    href: `#${controlIdFor(pointer)}`,
    text: `${labelAt(form, pointer)} ${message}`,
  }));
  return page({
    title: `${summary.length ? 'Error: ' : ''}${heading} – ${caseName(kase)}`,
    me: options.me,
    path: '/cases',
    notice: options.notice,
    body: html`<nav aria-label="Breadcrumb" class="breadcrumbs"><ol><li><a href="/cases">Cases</a></li>
      <li><a href="/cases/${kase.id}">${caseName(kase)}</a></li><li aria-current="page">${heading}</li></ol></nav>
      <h1>${heading}</h1>
      ${form.description ? html`<p class="lead">${form.description}</p>` : ''}
      ${form.ui.intro ? html`<p>${form.ui.intro}</p>` : ''}
      ${errorSummary(summary)}
      <form method="post" action="${action}" class="answers" novalidate${
        open && !options.submitted ? html` data-autosave="${action}/autosave"` : ''
      }>
        <input type="hidden" name="_revision" value="${options.revision ?? ''}" data-revision>
        <fieldset class="questions"${open ? '' : html` disabled`}><legend class="visually-hidden">${form.title}</legend>
        ${renderQuestions(form.schema, form.ui, options.answers, errors)}
        </fieldset>
        ${
          open
            ? html`<div class="form-actions">
          <button type="submit" class="button" name="_action" value="submit">${options.submitted ? 'Save changes' : 'Submit'}</button>
          ${options.submitted ? '' : html`<button type="submit" class="button button--secondary" name="_action" value="draft" formnovalidate>Save draft</button>`}
          <p class="save-status" data-save-status role="status" aria-live="polite"></p>
        </div>`
            : html`<p>This case is closed; its answers can be read but not changed.</p>`
        }
      </form>`,
  });
}

/** The question a pointer names, for the error summary: `/children/1/age` → `Entry 2: Age`. */
function labelAt(form: FormView, pointer: string): string {
  const parts = pointer.split('/').slice(1);
  let ui: FormView['ui'] | undefined = form.ui;
  const words: string[] = [];
  for (const part of parts) {
    if (/^[0-9]+$/.test(part)) {
      words.push(`entry ${Number(part) + 1}:`);
      continue;
    }
    const hint: FormView['ui']['fields'][string] | undefined = ui?.fields[part];
    words.push(hint?.label ?? part);
    ui = hint?.items;
  }
  return words.join(' ');
}
