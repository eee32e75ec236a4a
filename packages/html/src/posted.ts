/**
 * A posted form read back as answers of the schema's types, so that validation judges what the
 * person meant: "2" from a radio button is the integer 2, and an empty field is a question left
 * unanswered. Field names follow the answers' shape: `age`, `disability_types` (repeated),
 * `children.0.age` for a field of the first entry of a list. A value that does not convert is kept
 * as typed, for validation to name the field and the problem. Pure.
 */
import { isAsked, type Question } from './questions';

/** A form-encoded body as the server's body parser gives it (a JSON body may carry other types). */
export type PostedForm = Record<string, string | string[] | undefined>;

/** Marks an entry of a list as present even when all its answers are blank. */
export const ENTRY_MARKER = '_entry';

const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * A posted number, whole number, yes/no or date as the answer's type: the one rule of the web app
 * and the client questionnaire. Numbers in decimal notation only ("1.5", "-2", not "1e3" or
 * "0x10"); dates as a date box sends them (YYYY-MM-DD, a day that exists); surrounding spaces
 * ignored. Anything else is kept as typed for validation to name.
 */
export function typedFromText(type: 'integer' | 'number' | 'boolean' | 'date', text: string): unknown {
  const value = text.trim();
  switch (type) {
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : text;
    case 'integer':
      return /^-?[0-9]+$/.test(value) ? Number(value) : text;
    case 'number':
      return /^-?[0-9]+(\.[0-9]+)?$/.test(value) ? Number(value) : text;
    case 'date':
      return isCalendarDate(value) ? value : text;
  }
}

const isBlank = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** One posted value as the question's type; values that are not text (a JSON body) pass as they are. */
function typed(question: Question, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (question.valueType !== 'string') return typedFromText(question.valueType, value);
  // Free text keeps its line breaks and indentation; a one-line answer loses stray spaces.
  return question.control.kind === 'text' && question.control.multiline ? value : value.trim();
}

/** The indexes of a list's entries present in the form, in order. */
export function entryIndexes(posted: Record<string, unknown>, name: string): number[] {
  const pattern = new RegExp(`^${name.replace(/[.]/g, '\\.')}\\.([0-9]+)\\.`);
  const indexes = new Set<number>();
  for (const key of Object.keys(posted)) {
    const match = pattern.exec(key);
    if (match?.[1]) indexes.add(Number(match[1]));
  }
  return [...indexes].sort((a, b) => a - b);
}

/** Every value posted under one name (checkboxes, repeated fields), in order; none when absent. */
export function postedList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * The answers a posted form gives to the questions: converted to their types, blanks left
 * unanswered, and the answer to a question whose condition does not hold dropped (it was not
 * asked: a stale answer hidden on the page is not kept).
 */
export function answersFromPost(
  questions: Question[],
  posted: Record<string, unknown>,
  prefix = '',
): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const question of questions) {
    const name = `${prefix}${question.key}`;
    const control = question.control;
    const raw = posted[name];
    if (control.kind === 'items') {
      answers[question.key] = entryIndexes(posted, name).map((index) =>
        answersFromPost(control.questions, posted, `${name}.${index}.`),
      );
    } else if (question.many) {
      const list = postedList(raw).filter((value) => !isBlank(value));
      if (list.length > 0) answers[question.key] = list.map((value) => typed(question, value));
    } else {
      const value = Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
      if (!isBlank(value)) answers[question.key] = typed(question, value);
    }
  }
  for (const question of questions) {
    if (question.key in answers && !isAsked(question, answers)) delete answers[question.key];
  }
  return answers;
}

/**
 * Posted names that are no question of the form, nor a field of a list's entry, nor a control
 * of the page itself (names starting with `_`, such as `_action`).
 */
export function unknownNames(questions: Question[], posted: Record<string, unknown>): string[] {
  const names = new Set(questions.map((q) => q.key));
  const lists = questions.filter((q) => q.control.kind === 'items').map((q) => `${q.key}.`);
  return Object.keys(posted).filter(
    (name) => !names.has(name) && !name.startsWith('_') && !lists.some((list) => name.startsWith(list)),
  );
}
