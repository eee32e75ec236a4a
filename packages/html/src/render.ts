/**
 * Questions as HTML, for the web app's forms and the client's questionnaire alike: radio buttons
 * and checkboxes in fieldsets with legends, each option's whole box its label, help and error by
 * each question and tied to it for screen readers, groups under their headings. The markup works
 * without JavaScript; `data-*` attributes let a page's script show conditional questions and add
 * or remove entries of a list. Each page's style sheet decides the look. Pure.
 */
import { type Html, html } from './html';
import { ENTRY_MARKER } from './posted';
import type { Control, Option, Picture, Question } from './questions';

/** Errors by JSON pointer into the answers (`/age`, `/children/1/child_ref`). */
export type FieldErrors = Record<string, string>;

/** The page's own words around the questions, in the page's language. */
export type FormWords = {
  /** Read by screen readers before each error message, e.g. "Error:". */
  errorPrefix: string;
  /** Added to the label of a question that may be left unanswered; none where every question may be. */
  optional?: string;
  /** The empty first option of a drop-down. */
  chooseAnswer: string;
  /** A list's entries: "Entry 2", "Remove entry 2", "Add an entry". */
  entry: string;
  removeEntry: string;
  addEntry: string;
};

export const ENGLISH_WORDS: FormWords = {
  errorPrefix: 'Error:',
  optional: ' (optional)',
  chooseAnswer: 'Choose an answer',
  entry: 'Entry',
  removeEntry: 'Remove entry',
  addEntry: 'Add an entry',
};

export type QuestionsInput = {
  questions: Question[];
  /** The answers to show: stored, or as posted when the page comes back with errors. */
  values: Record<string, unknown>;
  errors: FieldErrors;
  words: FormWords;
  /** For a practitioner entering or reading a client's answers: the client's wording beside the English. */
  beside?: WordingBeside;
};

/**
 * A client questionnaire's wording in the client's language (the API's `inLanguage`), shown with
 * the English, by question key and group key.
 */
export type WordingBeside = {
  lang: string;
  dir: 'ltr' | 'rtl';
  labels: Record<string, string>;
  legends: Record<string, string>;
  /** Answer choices by question key, then by code. */
  options?: Record<string, Record<string, string>>;
};

/** The client's wording first, in its own language and direction, then the English. */
function besideEnglish(english: string, translated: string | undefined, beside: WordingBeside | undefined): Html {
  if (!beside || translated === undefined) return html`${english}`;
  return html`<span lang="${beside.lang}" dir="${beside.dir}">${translated}</span> <span class="in-english">${english}</span>`;
}

/** Stands for an entry's number in the template a script copies to add an entry. */
const INDEX_TOKEN = '__INDEX__';

/** Where a question is in the posted form: `prefix` is its list entry's (`children.0.`), if any. */
type Place = { prefix: string; name: string; pointer: string; id: string };

const idOf = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

function placeOf(prefix: string, key: string): Place {
  const name = `${prefix}${key}`;
  return { prefix, name, pointer: `/${name.replace(/\./g, '/')}`, id: idOf(name) };
}

const hasOptions = (control: Control): control is Extract<Control, { kind: 'choice' | 'checkboxes' }> =>
  control.kind === 'checkboxes' || (control.kind === 'choice' && control.layout !== 'select');

/** The id of the element an error links to: a question's first control, or a list's fieldset. */
function firstControlId(question: Question, place: Place): string {
  return hasOptions(question.control) ? `${place.id}-0` : place.id;
}

/** The question a pointer names, with the words that find it on the page: `Children, entry 2: Age`. */
function questionAt(
  questions: Question[],
  pointer: string,
): { question: Question; place: Place; label: string } | undefined {
  const parts = pointer.split('/').slice(1);
  let level = questions;
  let prefix = '';
  let label = '';
  for (let i = 0; i < parts.length; i++) {
    const question = level.find((q) => q.key === parts[i]);
    if (!question) return undefined;
    label += question.label;
    const place = placeOf(prefix, question.key);
    const index = parts[i + 1];
    if (index === undefined) return { question, place, label };
    if (question.control.kind !== 'items' || !/^[0-9]+$/.test(index)) return undefined;
    label += `, entry ${Number(index) + 1}: `;
    prefix = `${place.name}.${index}.`;
    level = question.control.questions;
    i++;
  }
  return undefined;
}

/** An item of an error summary: linked to its question when it is about one. */
export type SummaryItem = { text: string; href?: string };

/**
 * The error summary's items, one per error, in the order given: `text(label, message)` words each
 * one that is about a question; an error about no question shows its message alone.
 */
export function summaryItems(
  questions: Question[],
  errors: FieldErrors,
  text: (label: string, message: string) => string,
): SummaryItem[] {
  return Object.entries(errors).map(([pointer, message]) => {
    const found = questionAt(questions, pointer);
    return found
      ? { href: `#${firstControlId(found.question, found.place)}`, text: text(found.label, message) }
      : { text: message };
  });
}

/**
 * The list of problems at the top of a form, each linking to its question. It is announced at
 * once (`alert`) and takes the focus from each page's script, found by `data-error-summary`.
 */
export function errorSummary(title: string, items: SummaryItem[]): Html {
  if (items.length === 0) return html``;
  return html`<div class="error-summary" id="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title" data-error-summary>
<h2 id="error-summary-title">${title}</h2>
<ul>${items.map((item) => (item.href ? html`<li><a href="${item.href}">${item.text}</a></li>` : html`<li>${item.text}</li>`))}</ul>
</div>`;
}

/** The strings a question's controls carry for an answer. */
function shownValues(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.filter((v) => ['string', 'number', 'boolean'].includes(typeof v)).map(String);
}

type Field = { question: Question; place: Place; value: unknown; error: string | undefined; input: QuestionsInput };

function notes({ question, place, error, input }: Field): Html {
  const hint = [question.showWhen?.words, question.help].filter(Boolean).join(' ');
  return html`${hint ? html`<p class="help" id="${place.id}-hint">${hint}</p>` : ''}${
    error
      ? html`<p class="field-error" id="${place.id}-error"><span class="visually-hidden">${input.words.errorPrefix} </span>${error}</p>`
      : ''
  }`;
}

function describedBy({ question, place, error }: Field, ends: boolean): Html {
  const ids = [
    question.showWhen || question.help ? `${place.id}-hint` : undefined,
    ends ? `${place.id}-ends` : undefined,
    error ? `${place.id}-error` : undefined,
  ].filter((id) => id !== undefined);
  return ids.length ? html` aria-describedby="${ids.join(' ')}"` : html``;
}

function wrapper({ question, place, error }: Field, extraClass: string, body: Html): Html {
  const when = question.showWhen;
  return html`<div class="field${extraClass}${error ? ' field--error' : ''}" data-field="${place.name}"${
    when ? html` data-when-field="${place.prefix}${when.field}" data-when-values="${JSON.stringify(when.values)}"` : ''
  }>${body}</div>`;
}

function label(field: Field): Html {
  const { question, input } = field;
  return html`${besideEnglish(question.label, input.beside?.labels[question.key], input.beside)}${
    question.required ? '' : (input.words.optional ?? '')
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

/** An answer choice's words in the client's language, when the practitioner's page shows them. */
const choiceBeside = (field: Field, option: Option): string | undefined =>
  field.input.beside?.options?.[field.question.key]?.[option.value];

function optionBoxes(field: Field, options: Option[], type: 'radio' | 'checkbox'): Html {
  const { place, error } = field;
  const chosen = shownValues(field.value);
  return html`${options.map(
    (option, index) =>
      html`<label class="choice" for="${place.id}-${index}"><input type="${type}" id="${place.id}-${index}" name="${place.name}" value="${option.value}"${
        chosen.includes(option.value) ? html` checked` : ''
      }${error ? html` aria-invalid="true"` : ''}>${option.picture ? face(option.picture) : ''}<span>${besideEnglish(
        option.label,
        choiceBeside(field, option),
        field.input.beside,
      )}</span></label>`,
  )}`;
}

function scaleEnds(field: Field, control: Extract<Control, { kind: 'choice' }>): Html {
  if (!control.scaleLabels) return html``;
  const first = control.options[0]?.label ?? '';
  const last = control.options[control.options.length - 1]?.label ?? '';
  return html`<p class="scale-ends" id="${field.place.id}-ends"><span>${first} = ${control.scaleLabels.min}</span><span>${last} = ${control.scaleLabels.max}</span></p>`;
}

function optionsField(field: Field, control: Extract<Control, { kind: 'choice' | 'checkboxes' }>): Html {
  const ends = control.kind === 'choice' && control.scaleLabels !== undefined;
  const layout = control.kind === 'choice' ? control.layout : 'list';
  return wrapper(
    field,
    '',
    html`<fieldset${describedBy(field, ends)}><legend>${label(field)}</legend>
${notes(field)}${control.kind === 'choice' ? scaleEnds(field, control) : ''}
<div class="choices choices--${layout}">${optionBoxes(field, control.options, control.kind === 'choice' ? 'radio' : 'checkbox')}</div>
</fieldset>`,
  );
}

function inputField(field: Field, control: Exclude<Control, { kind: 'checkboxes' | 'items' }>): Html {
  const { place, error } = field;
  const value = shownValues(field.value)[0] ?? '';
  const common = html` id="${place.id}" name="${place.name}"${describedBy(field, false)}${error ? html` aria-invalid="true"` : ''}`;
  let input: Html;
  if (control.kind === 'choice') {
    input = html`<select${common}><option value="">${field.input.words.chooseAnswer}</option>${control.options.map(
      (option) => {
        // an option holds text only: the client's words, then the English
        const beside = choiceBeside(field, option);
        return html`<option value="${option.value}"${option.value === value ? html` selected` : ''}>${
          beside === undefined ? option.label : `${beside} – ${option.label}`
        }</option>`;
      },
    )}</select>`;
  } else if (control.kind === 'text' && control.multiline) {
    input = html`<textarea rows="5"${common}${control.maxLength ? html` maxlength="${control.maxLength}"` : ''} autocomplete="off">${value}</textarea>`;
  } else if (control.kind === 'text') {
    input = html`<input type="text"${common}${control.maxLength ? html` maxlength="${control.maxLength}"` : ''} value="${value}" autocomplete="off">`;
  } else if (control.kind === 'date') {
    input = html`<input type="date" class="input--date"${common} value="${value}" autocomplete="off">`;
  } else {
    input = html`<input type="text" inputmode="${control.integer ? 'numeric' : 'decimal'}" class="input--short"${common} value="${value}" autocomplete="off">`;
  }
  return wrapper(
    field,
    '',
    html`<label for="${place.id}">${label(field)}</label>
${notes(field)}
${input}`,
  );
}

function entryHtml(field: Field, questions: Question[], index: string, entry: Record<string, unknown>): Html {
  const { place, input } = field;
  const prefix = `${place.name}.${index}.`;
  const number = index === INDEX_TOKEN ? '' : String(Number(index) + 1);
  const words = input.words;
  return html`<li class="entry" data-entry>
<fieldset><legend>${words.entry} <span data-entry-number>${number}</span></legend>
<input type="hidden" name="${prefix}${ENTRY_MARKER}" value="1">
${questionsAt(questions, { ...input, values: entry, errors: index === INDEX_TOKEN ? {} : input.errors }, prefix)}
<button type="submit" class="button button--secondary" name="_remove" value="${place.name}.${index}" data-remove-entry formnovalidate>${words.removeEntry} <span data-entry-number>${number}</span></button>
</fieldset>
</li>`;
}

function itemsField(field: Field, questions: Question[]): Html {
  const { place } = field;
  const entries = Array.isArray(field.value) ? (field.value as Record<string, unknown>[]) : [];
  return wrapper(
    field,
    ' field--items',
    html`<fieldset id="${place.id}" data-items="${place.name}"${describedBy(field, false)}><legend>${label(field)}</legend>${notes(field)}
<ol class="entries" data-entries>${entries.map((entry, i) => entryHtml(field, questions, String(i), entry))}</ol>
<template data-entry-template>${entryHtml(field, questions, INDEX_TOKEN, {})}</template>
<button type="submit" class="button button--secondary" name="_add" value="${place.name}" data-add-entry formnovalidate>${field.input.words.addEntry}</button>
</fieldset>`,
  );
}

function questionHtml(field: Field): Html {
  const control = field.question.control;
  if (control.kind === 'items') return itemsField(field, control.questions);
  if (hasOptions(control)) return optionsField(field, control);
  return inputField(field, control);
}

function questionsAt(questions: Question[], input: QuestionsInput, prefix: string): Html {
  const parts: Html[] = [];
  let group: Question['group'];
  let members: Html[] = [];
  const flush = () => {
    if (members.length === 0) return;
    if (group) {
      const id = idOf(`${prefix}group-${group.key}`);
      parts.push(
        html`<section class="group" aria-labelledby="${id}"><h2 id="${id}">${besideEnglish(group.legend, input.beside?.legends[group.key], input.beside)}</h2>${
          group.help ? html`<p class="help">${group.help}</p>` : ''
        }${members}</section>`,
      );
    } else {
      parts.push(...members);
    }
    members = [];
  };
  for (const question of questions) {
    if (question.group?.key !== group?.key) {
      flush();
      group = question.group;
    }
    const place = placeOf(prefix, question.key);
    members.push(
      questionHtml({ question, place, value: input.values[question.key], error: input.errors[place.pointer], input }),
    );
  }
  flush();
  return html`${parts}`;
}

/** The questions of a form in order, each group under its heading. */
export function questionsHtml(input: QuestionsInput): Html {
  return questionsAt(input.questions, input, '');
}
