/**
 * A posted form (form-encoded strings, or JSON) turned into answers of the schema's types, so the
 * registry validates what the person meant: "2" from a radio button is the integer 2, and an
 * empty field is a question left unanswered. Values that do not convert are passed on unchanged
 * for validation to name. Pure.
 */
import { typedFromText } from '@harbour/web';
import type { Question, ValueType } from './form-questions';

export type Posted = Record<string, unknown>;

function convert(value: unknown, type: ValueType): unknown {
  if (typeof value !== 'string' || type === 'string') return value;
  return typedFromText(type, value);
}

const isBlank = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** Answers for validation: known questions converted, blanks dropped, unknown keys kept for validation to refuse. */
export function answersFromPost(questions: Question[], posted: Posted): Record<string, unknown> {
  const byKey = new Map(questions.map((q) => [q.key, q]));
  const answers: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(posted)) {
    const question = byKey.get(key);
    if (!question) {
      answers[key] = raw;
      continue;
    }
    if (question.many) {
      const list = (Array.isArray(raw) ? raw : [raw]).filter((v) => !isBlank(v));
      if (list.length > 0) answers[key] = list.map((v) => convert(v, question.valueType));
    } else if (!isBlank(raw)) {
      answers[key] = convert(Array.isArray(raw) && raw.length === 1 ? raw[0] : raw, question.valueType);
    }
  }
  return answers;
}

/** What to show back in each field when the page is shown again: the posted values as strings. */
export function shownValues(posted: Posted): Record<string, string[]> {
  const shown: Record<string, string[]> = {};
  for (const [key, raw] of Object.entries(posted)) {
    const list = Array.isArray(raw) ? raw : [raw];
    shown[key] = list.filter((v) => ['string', 'number', 'boolean'].includes(typeof v)).map(String);
  }
  return shown;
}
