/**
 * Validation problems from the registry (written for practitioners, at JSON pointers) in words
 * for the person answering, by question. Pure.
 */
import type { ProblemDetail } from '../lib/errors';
import type { PageError } from './form-page';
import type { Question } from './form-questions';

const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;

function clientMessage(question: Question, message: string): string {
  if (message === 'is required') return 'Please answer this question.';
  const kind = question.control.kind;
  if (kind === 'choice') return 'Please choose one of the answers shown.';
  if (kind === 'checkboxes') return 'Please choose from the answers shown.';
  const tooLong = /^must be at most (\d+) characters$/.exec(message);
  if (tooLong) return `Please use ${tooLong[1]} characters or fewer.`;
  return sentence(`this answer ${message}`);
}

/** Something posted that is no question of this form: not the person's doing, so said once. */
const UNEXPECTED = 'Some of what this page sent was not expected. Please check your answers and send them again.';

/** One message per question, in the order of the questions, then one for anything else. */
export function pageErrorsOf(questions: Question[], details: ProblemDetail[]): PageError[] {
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
      errors.push({ key: question.key, message: clientMessage(question, detail.message) });
    }
  }
  const order = (e: PageError) => questions.findIndex((q) => q.key === e.key);
  errors.sort((a, b) => order(a) - order(b));
  return unexpected ? [...errors, { message: UNEXPECTED }] : errors;
}
