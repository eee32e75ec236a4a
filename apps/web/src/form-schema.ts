/**
 * Reading a form's JSON Schema and UI hints as questions: what kind of control each answer
 * needs. Shared by the renderer and by the parser of posted forms, so both agree.
 */
import type { FieldHint, JsonSchema, UiHints } from '@harbour/forms';

export type FieldKind =
  | 'boolean'
  | 'choice'
  | 'choices'
  | 'integer'
  | 'number'
  | 'scale'
  | 'date'
  | 'text'
  | 'textarea'
  | 'items';

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
    withheld: string[];
  };
};

export function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
  return (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
}

export function requiredOf(schema: JsonSchema): string[] {
  return (schema.required as string[] | undefined) ?? [];
}

/** The item schema of an array field (a list of codes or of objects). */
export function itemsOf(schema: JsonSchema): JsonSchema {
  return (schema.items as JsonSchema | undefined) ?? {};
}

function typeOf(schema: JsonSchema): string | undefined {
  const type = schema.type;
  if (Array.isArray(type)) return type.find((t) => t !== 'null');
  return typeof type === 'string' ? type : undefined;
}

export function enumOf(schema: JsonSchema): unknown[] | undefined {
  return Array.isArray(schema.enum) ? schema.enum : undefined;
}

export function kindOf(schema: JsonSchema, hint: FieldHint | undefined): FieldKind {
  const type = typeOf(schema);
  if (type === 'array') return typeOf(itemsOf(schema)) === 'object' ? 'items' : 'choices';
  if (type === 'boolean') return 'boolean';
  if (enumOf(schema)) return 'choice';
  if (type === 'integer') return hint?.widget === 'scale' ? 'scale' : 'integer';
  if (type === 'number') return 'number';
  if (type === 'string' && schema.format === 'date') return 'date';
  if (hint?.widget === 'textarea' || ((schema.maxLength as number | undefined) ?? 0) > 200) return 'textarea';
  return 'text';
}

/** Field keys in the order the hints give, then any the hints leave out. */
export function orderedKeys(schema: JsonSchema, ui: UiHints | undefined): string[] {
  const keys = Object.keys(propertiesOf(schema));
  const order = (ui?.order ?? []).filter((key) => keys.includes(key));
  return [...order, ...keys.filter((key) => !order.includes(key))];
}

/** Option codes and their labels, in the hints' order when they give one. */
export function optionsOf(schema: JsonSchema, hint: FieldHint | undefined): [string, string][] {
  const codes = (enumOf(schema) ?? []).map(String);
  const labels = hint?.options ?? {};
  const ordered = Object.keys(labels).filter((code) => codes.includes(code));
  return [...ordered, ...codes.filter((code) => !ordered.includes(code))].map((code) => [code, labels[code] ?? code]);
}

/** The values a condition accepts, as the strings a form control carries. */
export function conditionValues(when: NonNullable<FieldHint['showWhen']>): string[] {
  const values = when.in ?? (when.equals !== undefined ? [when.equals] : []);
  return values.map(String);
}

/** Whether a conditional question is asked, given the answers beside it. */
export function isAsked(hint: FieldHint | undefined, answers: Record<string, unknown>): boolean {
  const when = hint?.showWhen;
  if (!when) return true;
  const value = answers[when.field];
  if (value === undefined) return false;
  const accepted = conditionValues(when);
  return Array.isArray(value) ? value.some((v) => accepted.includes(String(v))) : accepted.includes(String(value));
}
