/**
 * Validation problems from the registry (written for practitioners, at JSON pointers) in words
 * for the person answering, by question. Pure.
 */

import type { Question } from '@harbour/html';
import type { ProblemDetail } from '../lib/errors';
import type { PageError } from './form-page';
import { ENGLISH, type PageText } from './languages';

const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;

function clientMessage(question: Question, message: string, text: PageText): string {
  if (message === 'is required') return text.required;
  const kind = question.control.kind;
  if (kind === 'choice') return text.chooseOne;
  if (kind === 'checkboxes') return text.chooseFrom;
  const tooLong = /^must be at most (\d+) characters$/.exec(message);
  if (tooLong) return `Please use ${tooLong[1]} characters or fewer.`;
  return sentence(`this answer ${message}`);
}

/** One message per question, in the order of the questions, then one for anything else. */
export function pageErrorsOf(
  questions: Question[],
  details: ProblemDetail[],
  text: PageText = ENGLISH.text,
): PageError[] {
  const byKey = new Map(questions.map((q) => [q.key, q]));
  const errors: PageError[] = [];
  let unexpected = false;
  for (const detail of details) {
    const key = detail.pointer.replace(/^\/answers/, '').split('/')[1];
    const question = key ? byKey.get(key) : undefined;
    if (!question) {
      unexpected = true;
      continue;
    }
    if (!errors.some((e) => e.key === question.key)) {
      errors.push({ key: question.key, message: clientMessage(question, detail.message, text) });
    }
  }
  const order = (e: PageError) => questions.findIndex((q) => q.key === e.key);
  errors.sort((a, b) => order(a) - order(b));
  // Something posted that is no question of this form is not the person's doing: said once.
  return unexpected ? [...errors, { message: text.unexpected }] : errors;
}
