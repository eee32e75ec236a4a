/** One form of a case, rendered from its schema and hints, with autosave where it is a draft. */
import type { CaseDetail, ClientLanguage } from '@harbour/contract';
import type { JsonSchema, UiHints } from '@harbour/forms';
import {
  ENGLISH_WORDS,
  errorSummary,
  type FieldErrors,
  type Html,
  html,
  type Question,
  questionsHtml,
  questionsOf,
  summaryItems,
} from '@harbour/html';
import { caseName } from '../case-types';
import { formPath } from '../form-path';
import { type Me, type Notice, page } from '../layout';

/** The form as the API's `GET /forms/:formKey` returns it. */
export type FormView = {
  key: string;
  version: number;
  stage: 'intake' | 'review' | 'exit';
  audience: 'practitioner' | 'client';
  title: string;
  description?: string;
  schema: JsonSchema;
  ui: UiHints;
  /** Asked for with `?language=`: a client questionnaire's wording in the client's language. */
  inLanguage?: {
    code: string;
    lang: string;
    dir: 'ltr' | 'rtl';
    name: string;
    englishName: string;
    labels: Record<string, string>;
    legends: Record<string, string>;
    /** Answer choices by question key, then by code. */
    options: Record<string, Record<string, string>>;
    withheld: string[];
  };
};

/** The questions of a form as the web app shows and reads them. */
export const formQuestions = (form: Pick<FormView, 'key' | 'schema' | 'ui'>): Question[] =>
  questionsOf(form.schema, form.ui, `the form ${form.key}`);

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
  const questions = formQuestions(form);
  // The API's messages follow the question's name: "Age must be a whole number from 13 to 110".
  const summary = summaryItems(questions, errors, (label, message) => `${label} ${message}`);
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
      ${errorSummary('There is a problem', summary)}
      ${form.audience === 'client' ? clientLanguage(form, action, options.languages ?? []) : ''}
      <form method="post" action="${action}" class="answers" novalidate${
        open && !options.submitted ? html` data-autosave="${action}/autosave"` : ''
      }>
        <input type="hidden" name="_revision" value="${options.revision ?? ''}" data-revision>
        ${form.inLanguage ? html`<input type="hidden" name="_language" value="${form.inLanguage.code}">` : ''}
        <fieldset class="questions"${open ? '' : html` disabled`}><legend class="visually-hidden">${form.title}</legend>
        ${questionsHtml({ questions, values: options.answers, errors, words: ENGLISH_WORDS, beside: form.inLanguage })}
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
          ? html`<p class="help">Each question and answer is in ${chosen.englishName} (<span lang="${chosen.lang}" dir="${chosen.dir}">${chosen.name}</span>), with the English below it. Answers are stored the same in every language.${
              chosen.withheld.length
                ? ` ${chosen.withheld.join(', ')} ${chosen.withheld.length === 1 ? 'has' : 'have'} no official ${chosen.englishName} translation: go through ${chosen.withheld.length === 1 ? 'it' : 'them'} with an interpreter, in English.`
                : ''
            }</p>`
          : ''
      }
    </form>`;
}
