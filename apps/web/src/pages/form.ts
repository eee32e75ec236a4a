/** One form of a case, rendered from its schema and hints, with autosave where it is a draft. */
import { type CaseDetail, type ClientLanguage, caseName } from '../case-types';
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
  /** For a client questionnaire: the languages its wording can be shown in beside the English. */
  languages?: ClientLanguage[];
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
      ${form.audience === 'client' ? clientLanguage(form, action, options.languages ?? []) : ''}
      <form method="post" action="${action}" class="answers" novalidate${
        open && !options.submitted ? html` data-autosave="${action}/autosave"` : ''
      }>
        <input type="hidden" name="_revision" value="${options.revision ?? ''}" data-revision>
        ${form.inLanguage ? html`<input type="hidden" name="_language" value="${form.inLanguage.code}">` : ''}
        <fieldset class="questions"${open ? '' : html` disabled`}><legend class="visually-hidden">${form.title}</legend>
        ${renderQuestions(form.schema, form.ui, options.answers, errors, '', form.inLanguage)}
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

/**
 * For a practitioner entering or reading a client's answers: the client's language chosen, its
 * wording shown above the English of each question, and which instruments have no official
 * translation in it (asked with an interpreter).
 */
function clientLanguage(form: FormView, action: string, languages: ClientLanguage[]): Html {
  const chosen = form.inLanguage;
  return html`<form method="get" action="${action}" class="filters panel">
      <div class="field"><label for="client-language">Client’s language</label>
        <select id="client-language" name="language">${languages.map(
          (language) =>
            html`<option value="${language.code}"${language.code === (chosen?.code ?? 'en') ? html` selected` : ''}>${
              language.code === 'en' ? language.englishName : `${language.englishName} – ${language.name}`
            }</option>`,
        )}</select></div>
      <button type="submit" class="button button--secondary">Show the questions in this language</button>
      ${
        chosen
          ? html`<p class="help">Each question is in ${chosen.englishName} (<span lang="${chosen.lang}" dir="${chosen.dir}">${chosen.name}</span>), with the English below it. Answers are stored the same in every language.${
              chosen.withheld.length
                ? ` ${chosen.withheld.join(', ')} ${chosen.withheld.length === 1 ? 'has' : 'have'} no official ${chosen.englishName} translation: go through ${chosen.withheld.length === 1 ? 'it' : 'them'} with an interpreter, in English.`
                : ''
            }</p>`
          : ''
      }
    </form>`;
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
