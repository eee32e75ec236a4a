/**
 * The questionnaire as an HTML form, through the questions every Harbour page shows
 * (`@harbour/html`): errors summarised at the top with links to their questions and repeated by
 * each question, in the page's language. Works with JavaScript switched off. Pure.
 */
import type { FormDefinition } from '@harbour/forms';
import {
  ENGLISH_WORDS,
  errorSummary,
  type FieldErrors,
  type Html,
  html,
  type Question,
  questionsHtml,
  summaryItems,
} from '@harbour/html';
import { ENGLISH, type PageLanguage } from './languages';
import { exitExplanation } from './page-layout';

/** A problem with the answers, at a question (key) or with the form as a whole. */
export type PageError = { key?: string; message: string };

export type FormPageInput = {
  form: FormDefinition;
  questions: Question[];
  /** The answers to show: on a page shown again after errors, what was posted. */
  values?: Record<string, unknown>;
  errors?: PageError[];
  /** The language of the page's own words (the questions come worded in it already). */
  language?: PageLanguage;
  /** Instruments left off the page, which the practitioner goes through with an interpreter. */
  withheld?: string[];
};

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
  const atQuestions: FieldErrors = Object.fromEntries(
    errors.filter((error) => error.key).map((error) => [`/${error.key}`, error.message]),
  );
  const summary = [
    ...summaryItems(questions, atQuestions, (label, message) => `${label}: ${message}`),
    ...errors.filter((error) => !error.key).map((error) => ({ text: error.message })),
  ];
  // Harbour's client forms require no answer, so the page marks no question as optional.
  const words = { ...ENGLISH_WORDS, errorPrefix: text.errorPrefix, optional: undefined };
  return html`${errorSummary(text.checkAnswers, summary)}
${exitExplanation(language)}
${form.ui.intro ? html`<p class="intro">${form.ui.intro}</p>` : ''}
${withheld.length ? html`<p class="interpreter" id="interpreter" data-withheld="${withheld.join(' ')}">${text.interpreter}</p>` : ''}
<form method="post" novalidate>
${questionsHtml({ questions, values, errors: atQuestions, words })}
<button type="submit" class="button">${text.send}</button>
</form>`;
}
