/**
 * Answers from a posted HTML form. Field names follow the answers' shape: `age`,
 * `disability_types` (repeated), `children.0.age` for a field of the first entry of a list.
 * Values that do not fit their type are kept as typed, so the API's validation names the field.
 */
import type { JsonSchema, UiHints } from '@harbour/forms';
import { isAsked, itemsOf, kindOf, orderedKeys, propertiesOf } from './form-schema';

export type PostedForm = Record<string, string | string[] | undefined>;

/** Marks an entry of a list as present even when all its answers are blank. */
export const ENTRY_MARKER = '_entry';

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function all(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * A posted number, whole number or yes/no as the answer's type: the one rule of the web app and
 * the client questionnaire. Decimal notation only ("1.5", "-2", not "1e3" or "0x10"), surrounding
 * spaces ignored; anything else is kept as typed for validation to name.
 */
export function typedFromText(type: 'integer' | 'number' | 'boolean', text: string): unknown {
  const value = text.trim();
  switch (type) {
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : text;
    case 'integer':
      return /^-?[0-9]+$/.test(value) ? Number(value) : text;
    case 'number':
      return /^-?[0-9]+(\.[0-9]+)?$/.test(value) ? Number(value) : text;
  }
}

function scalar(kind: string, text: string): unknown {
  switch (kind) {
    case 'boolean':
    case 'integer':
    case 'number':
      return typedFromText(kind, text);
    case 'scale':
      return typedFromText('integer', text);
    case 'textarea':
      return text;
    default:
      return text.trim();
  }
}

/** The indexes of a list's entries present in the form, in order. */
export function entryIndexes(body: PostedForm, name: string): number[] {
  const pattern = new RegExp(`^${name.replace(/[.]/g, '\\.')}\\.([0-9]+)\\.`);
  const indexes = new Set<number>();
  for (const key of Object.keys(body)) {
    const match = pattern.exec(key);
    if (match?.[1]) indexes.add(Number(match[1]));
  }
  return [...indexes].sort((a, b) => a - b);
}

export function answersFromForm(
  schema: JsonSchema,
  ui: UiHints | undefined,
  body: PostedForm,
  prefix = '',
): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  const properties = propertiesOf(schema);
  for (const key of orderedKeys(schema, ui)) {
    const fieldSchema = properties[key] ?? {};
    const hint = ui?.fields[key];
    const name = `${prefix}${key}`;
    const kind = kindOf(fieldSchema, hint);
    if (kind === 'items') {
      answers[key] = entryIndexes(body, name).map((index) =>
        answersFromForm(itemsOf(fieldSchema), hint?.items, body, `${name}.${index}.`),
      );
    } else if (kind === 'choices') {
      const values = all(body[name]).filter((v) => v !== '');
      if (values.length) answers[key] = values;
    } else {
      const value = first(body[name]);
      if (value !== undefined && value.trim() !== '') answers[key] = scalar(kind, value);
    }
  }
  // A question whose condition does not hold is not asked: its stale answer is not kept.
  for (const key of Object.keys(answers)) {
    if (!isAsked(ui?.fields[key], answers)) delete answers[key];
  }
  return answers;
}
