/**
 * The questionnaire as an HTML form: radio buttons in fieldsets with legends, labels, help
 * text, errors summarised at the top with links to their questions and repeated by each
 * question. Works with JavaScript switched off. Pure.
 */
import type { FormDefinition } from '@harbour/forms';
import type { Control, Option, Picture, Question } from './form-questions';
import { type Html, html } from './html';
import { ENGLISH, type PageLanguage, type PageText } from './languages';
import { exitExplanation } from './page-layout';

/** A problem with the answers, at a question (key) or with the form as a whole. */
export type PageError = { key?: string; message: string };

export type FormPageInput = {
  form: FormDefinition;
  questions: Question[];
  /** Values to show in the fields: what was posted, on a page shown again after errors. */
  values?: Record<string, string[]>;
  errors?: PageError[];
  /** The language of the page's own words (the questions come worded in it already). */
  language?: PageLanguage;
  /** Instruments left off the page, which the practitioner goes through with an interpreter. */
  withheld?: string[];
};

const idOf = (key: string) => `q-${key}`;
/** The element an error links to: the first control of the question. */
const firstControlId = (question: Question) =>
  question.control.kind === 'choice' || question.control.kind === 'checkboxes'
    ? `${idOf(question.key)}-0`
    : idOf(question.key);

function describedBy(question: Question, error: PageError | undefined): string | undefined {
  const ids = [
    question.help || question.condition ? `${idOf(question.key)}-hint` : undefined,
    question.control.kind === 'choice' && question.control.scaleLabels ? `${idOf(question.key)}-ends` : undefined,
    error ? `${idOf(question.key)}-error` : undefined,
  ].filter((id) => id !== undefined);
  return ids.length ? ids.join(' ') : undefined;
}

function hintAndError(question: Question, error: PageError | undefined, text: PageText): Html {
  const hint = [question.condition, question.help].filter(Boolean).join(' ');
  return html`${hint ? html`<p class="hint" id="${idOf(question.key)}-hint">${hint}</p>` : ''}${
    error
      ? html`<p class="error-message" id="${idOf(question.key)}-error"><span class="visually-hidden">${text.errorPrefix} </span>${error.message}</p>`
      : ''
  }`;
}

/** Mouths of the faces, on a 48 × 48 face: a smile, a line, a frown, a wavy line. */
const MOUTHS: Record<Picture, string> = {
  happy: 'M15 29 Q24 38 33 29',
  okay: 'M16 32 H32',
  sad: 'M15 35 Q24 26 33 35',
  unsure: 'M15 32 Q19.5 28 24 32 T33 32',
};

/** A face drawn beside an answer's words; hidden from screen readers, which read the words. */
function face(picture: Picture): Html {
  return html`<svg class="face face-${picture}" viewBox="0 0 48 48" width="56" height="56" aria-hidden="true" focusable="false"><circle cx="24" cy="24" r="21"></circle><circle class="eye" cx="17" cy="19" r="2.5"></circle><circle class="eye" cx="31" cy="19" r="2.5"></circle><path class="mouth" d="${MOUTHS[picture]}"></path></svg>`;
}

function optionInputs(
  question: Question,
  options: Option[],
  type: 'radio' | 'checkbox',
  chosen: string[],
  invalid: boolean,
): Html {
  return html`${options.map(
    (option, index) =>
      html`<label class="choice" for="${idOf(question.key)}-${index}"><input type="${type}" id="${idOf(question.key)}-${index}" name="${question.key}" value="${option.value}"${chosen.includes(option.value) ? html` checked` : ''}${invalid ? html` aria-invalid="true"` : ''}>${option.picture ? face(option.picture) : ''}<span>${option.label}</span></label>`,
  )}`;
}

function scaleEnds(question: Question, control: Extract<Control, { kind: 'choice' }>): Html {
  if (!control.scaleLabels) return html``;
  const first = control.options[0]?.label ?? '';
  const last = control.options[control.options.length - 1]?.label ?? '';
  return html`<p class="scale-ends" id="${idOf(question.key)}-ends"><span>${first} = ${control.scaleLabels.min}</span><span>${last} = ${control.scaleLabels.max}</span></p>`;
}

function questionHtml(question: Question, values: string[], error: PageError | undefined, text: PageText): Html {
  const control = question.control;
  const describe = describedBy(question, error);
  const errorClass = error ? ' has-error' : '';
  const invalid = error !== undefined;
  if (control.kind === 'choice' || control.kind === 'checkboxes') {
    const type = control.kind === 'choice' ? 'radio' : 'checkbox';
    const layout = control.kind === 'choice' ? control.layout : 'list';
    return html`<fieldset class="question${errorClass}" id="${idOf(question.key)}"${describe ? html` aria-describedby="${describe}"` : ''}>
<legend>${question.label}</legend>
${hintAndError(question, error, text)}${control.kind === 'choice' ? scaleEnds(question, control) : ''}
<div class="choices ${layout}">${optionInputs(question, control.options, type, values, invalid)}</div>
</fieldset>`;
  }
  const common = html` id="${idOf(question.key)}" name="${question.key}"${describe ? html` aria-describedby="${describe}"` : ''}${invalid ? html` aria-invalid="true"` : ''}`;
  const value = values[0] ?? '';
  let input: Html;
  if (control.kind === 'text' && control.multiline) {
    input = html`<textarea rows="5"${common}${control.maxLength ? html` maxlength="${control.maxLength}"` : ''}>${value}</textarea>`;
  } else if (control.kind === 'text') {
    input = html`<input type="text"${common}${control.maxLength ? html` maxlength="${control.maxLength}"` : ''} value="${value}">`;
  } else if (control.kind === 'date') {
    input = html`<input type="date"${common} value="${value}">`;
  } else {
    input = html`<input type="text" inputmode="${control.integer ? 'numeric' : 'decimal'}"${common} value="${value}">`;
  }
  return html`<div class="question${errorClass}">
<label class="label" for="${idOf(question.key)}">${question.label}</label>
${hintAndError(question, error, text)}
${input}
</div>`;
}

function errorSummary(questions: Question[], errors: PageError[], text: PageText): Html {
  const byKey = new Map(questions.map((q) => [q.key, q]));
  return html`<div class="error-summary" id="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${text.checkAnswers}</h2>
<ul>${errors.map((error) => {
    const question = error.key ? byKey.get(error.key) : undefined;
    return question
      ? html`<li><a href="#${firstControlId(question)}">${question.label}: ${error.message}</a></li>`
      : html`<li>${error.message}</li>`;
  })}</ul>
</div>`;
}

/** Questions in order, each group of questions under its heading. */
function questionsHtml(
  form: FormDefinition,
  questions: Question[],
  values: Record<string, string[]>,
  errors: PageError[],
  text: PageText,
): Html {
  const parts: Html[] = [];
  let group: string | undefined;
  let members: Html[] = [];
  const flush = () => {
    if (members.length === 0) return;
    const heading = group ? form.ui.groups?.[group] : undefined;
    parts.push(
      heading
        ? html`<section class="group" aria-labelledby="g-${parts.length}"><h2 id="g-${parts.length}">${heading.legend}</h2>${heading.help ? html`<p class="hint">${heading.help}</p>` : ''}${members}</section>`
        : html`${members}`,
    );
    members = [];
  };
  for (const question of questions) {
    if (question.group !== group) {
      flush();
      group = question.group;
    }
    members.push(
      questionHtml(
        question,
        values[question.key] ?? [],
        errors.find((e) => e.key === question.key),
        text,
      ),
    );
  }
  flush();
  return html`${parts}`;
}

/** The body of the questionnaire page. */
export function formPageBody({
  form,
  questions,
  values = {},
  errors = [],
  language = ENGLISH,
  withheld = [],
}: FormPageInput): Html {
  const text = language.text;
  return html`${errors.length ? errorSummary(questions, errors, text) : ''}
${exitExplanation(language)}
${form.ui.intro ? html`<p class="intro">${form.ui.intro}</p>` : ''}
${withheld.length ? html`<p class="interpreter" id="interpreter" data-withheld="${withheld.join(' ')}">${text.interpreter}</p>` : ''}
<form method="post" novalidate>
${questionsHtml(form, questions, values, errors, text)}
<button type="submit" class="button">${text.send}</button>
</form>`;
}
