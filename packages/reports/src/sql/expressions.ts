/**
 * SQL text for report figures. Figures are declared in code (core sections) or by installed
 * modules, never from a request, but every key and code still passes a strict pattern and every
 * literal is quoted here, so no declaration can inject SQL. Values from requests (dates, ids)
 * are bound parameters in the frame, never text here.
 *
 * Expressions run over a case frame with columns `a` (submitted answers by form key), `s`
 * (their scores by form key), `d` (the form is submitted), `k` (the keys a submitted form
 * answered) and `c` (how many of the form's key fields it answered; case_facts only), or over
 * `item` (one object of an array answer).
 */
import type { AnswerCondition } from '@harbour/forms';

export type Sql = string;

const KEY = /^[a-z][a-z0-9_]*(?:[.-][a-z0-9_]+)*$/;
const CODE = /^[A-Za-z0-9_ .:-]{0,100}$/;

export function checkedKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`not a valid form or field key: ${JSON.stringify(key)}`);
  return key;
}

export function textLiteral(value: string): Sql {
  if (!CODE.test(value)) throw new Error(`not a valid code: ${JSON.stringify(value)}`);
  return `'${value}'`;
}

export function jsonLiteral(value: unknown): Sql {
  if (typeof value === 'string') return `'${JSON.stringify(textLiteral(value).slice(1, -1))}'::jsonb`;
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) {
    return `'${JSON.stringify(value)}'::jsonb`;
  }
  throw new Error(`a condition compares with a string, number or boolean, not ${JSON.stringify(value)}`);
}

// A form's answers and scores, and each field the figures read, become columns of the case frame,
// one value per case: `"a|<form>"` (answers jsonb), `"s|<form>"` (scores jsonb),
// `"a|<form>|<field>|<t, j or n>"` (the field as text, jsonb or number), `"d|<form>"` (submitted),
// `"k|<form>"` (the keys answered, null while the form is not submitted) and `"c|<form>"` (the
// number of key fields answered). Hundreds of figures then compare plain columns instead of
// digging into jsonb hundreds of times a row. The frame reads a column from the case_facts table
// when it has one of that name (migrations/0012_case_facts_by_form.sql), and otherwise computes
// it from the case's responses.
const FORM_COLUMN = /^"([as])\|([^|"]+)"$/;

/**
 * A form answered on numbered occasions (reviews, follow-ups), read at one of them: `<form>.<n>`
 * (that occasion) or `<form>.latest` (the case's latest submitted one). Used where a form key is.
 */
export const atOccasion = (form: string, occasion: number | 'latest'): string =>
  `${checkedKey(form)}.${occasion === 'latest' ? 'latest' : Math.trunc(occasion)}`;
const OCCASION_FORM = /^(.+)\.([0-9]{1,3}|latest)$/;
/** The stored form key and the occasion a frame form names. */
export function occasionOf(form: string): { form: string; occasion: number | 'latest' | null } {
  const at = OCCASION_FORM.exec(form);
  if (!at) return { form, occasion: null };
  return { form: at[1] as string, occasion: at[2] === 'latest' ? 'latest' : Number(at[2]) };
}

/** The submitted answers of a form, as jsonb (null when the case has none). */
export const answersOf = (form: string): Sql => `"a|${checkedKey(form)}"`;
/** The scores of a submitted form, as jsonb. */
export const scoresOf = (form: string): Sql => `"s|${checkedKey(form)}"`;
/** The keys of a submitted form's answers that are present and not `not_known` (text[]). */
export const answeredKeysOf = (form: string): Sql => `"k|${checkedKey(form)}"`;
/** How many of the form's key fields (case_facts_key_fields) a submitted form answered; case_facts only. */
export const answeredCountOf = (form: string): Sql => `"c|${checkedKey(form)}"`;
export const submitted = (form: string): Sql => `"d|${checkedKey(form)}"`;
/** The case's children's responses to a form answered per child: jsonb `{child_ref: answers}` (null when none). */
export const childAnswersOf = (form: string): Sql => `"v|${checkedKey(form)}"`;

/** The children's answers to any of `forms`, by child_ref (an object, empty when none). */
const childAnswersOfAny = (forms: readonly string[]): Sql =>
  forms.length === 0
    ? `'{}'::jsonb`
    : forms.map((form) => `coalesce(${childAnswersOf(form)}, '{}'::jsonb)`).join(' || ');

/**
 * One row per child with own responses at both points, as `item` = `{intake, exit}`: the
 * children of the case that answered one of the intake forms and one of the exit forms.
 */
export function childPairsJoin(pairs: { intakeForms: readonly string[]; exitForms: readonly string[] }): Sql {
  return `cross join lateral (select jsonb_build_object('intake', i.value, 'exit', e.value) as item
      from jsonb_each(${childAnswersOfAny(pairs.intakeForms)}) i
      join jsonb_each(${childAnswersOfAny(pairs.exitForms)}) e on e.key = i.key) as pairs`;
}

/** The case has a child whose own responses were answered at both points. */
export function hasChildPair(pairs: { intakeForms: readonly string[]; exitForms: readonly string[] }): Sql {
  return `(exists (select 1 from jsonb_object_keys(${childAnswersOfAny(pairs.intakeForms)}) as k(child_ref)
      where (${childAnswersOfAny(pairs.exitForms)}) ? k.child_ref))`;
}

function projected(base: Sql, field: string, as: 't' | 'j' | 'n'): Sql | null {
  const column = FORM_COLUMN.exec(base);
  return column ? `"${column[1]}|${column[2]}|${checkedKey(field)}|${as}"` : null;
}

export const jsonField = (base: Sql, field: string): Sql =>
  projected(base, field, 'j') ?? `(${base}->${textLiteral(checkedKey(field))})`;
export const textField = (base: Sql, field: string): Sql =>
  projected(base, field, 't') ?? `(${base}->>${textLiteral(checkedKey(field))})`;
/** A numeric answer or score, null when absent or not a number. */
export const numberField = (base: Sql, field: string): Sql =>
  projected(base, field, 'n') ??
  numberOf(`(${base}->${textLiteral(checkedKey(field))})`, `(${base}->>${textLiteral(checkedKey(field))})`);

const numberOf = (json: Sql, text: Sql): Sql =>
  `(case when jsonb_typeof(${json}) = 'number' then ${text}::numeric end)`;

/** One column of the case frame, by its quoted name. */
export type FrameColumn = {
  name: Sql;
  source: 'a' | 's' | 'd' | 'k' | 'c' | 'v';
  form: string;
  /** A field of the form's answers or scores, and how it is read: text, jsonb or number. */
  field?: { key: string; as: 't' | 'j' | 'n' };
};

const COLUMN = /"([asdkcv])\|([a-z0-9_.-]+)(?:\|([a-z0-9_]+)\|([tjn]))?"/g;

/** The frame columns a query's text refers to. */
export function frameColumnsOf(text: Sql): FrameColumn[] {
  const columns = new Map<Sql, FrameColumn>();
  for (const [name, source, form, field, as] of text.matchAll(COLUMN)) {
    columns.set(name, {
      name,
      source: source as FrameColumn['source'],
      form: checkedKey(form as string),
      ...(field ? { field: { key: checkedKey(field), as: as as 't' | 'j' | 'n' } } : {}),
    });
  }
  return [...columns.values()];
}

/** How a frame column is computed from its form's answers or scores (`"a|<form>"`, `"s|<form>"`). */
export function columnFromResponses({ source, form, field }: FrameColumn): Sql {
  if (source === 'd') return `(${answersOf(form)} is not null)`;
  if (source === 'k') return `answered_keys(${answersOf(form)})`;
  if (source === 'c') throw new Error(`${answeredCountOf(form)} comes from case_facts only`);
  if (source === 'v') throw new Error(`${childAnswersOf(form)} comes from the children's responses only`);
  const base = source === 'a' ? answersOf(form) : scoresOf(form);
  if (!field) return base;
  const json = `(${base}->${textLiteral(field.key)})`;
  const value = `(${base}->>${textLiteral(field.key)})`;
  return field.as === 'j' ? json : field.as === 't' ? value : numberOf(json, value);
}

export const isTrue = (base: Sql, field: string): Sql => `(${jsonField(base, field)} = 'true'::jsonb)`;
export const oneOf = (base: Sql, field: string, codes: readonly string[]): Sql =>
  `(${textField(base, field)} in (${codes.map(textLiteral).join(', ')}))`;
export const holds = (base: Sql, field: string, code: string): Sql =>
  `(jsonb_typeof(${jsonField(base, field)}) = 'array' and ${jsonField(base, field)} ? ${textLiteral(code)})`;
export const present = (base: Sql, field: string): Sql =>
  `(coalesce(jsonb_typeof(${jsonField(base, field)}), 'null') <> 'null')`;

export const and = (...terms: Sql[]): Sql => (terms.length === 0 ? 'true' : `(${terms.join(' and ')})`);
export const or = (...terms: Sql[]): Sql => (terms.length === 0 ? 'false' : `(${terms.join(' or ')})`);
export const not = (term: Sql): Sql => `(not coalesce(${term}, false))`;

export function condition(base: Sql, test: AnswerCondition): Sql {
  if ('equals' in test) return `(${jsonField(base, test.field)} = ${jsonLiteral(test.equals)})`;
  if ('in' in test) return `(${jsonField(base, test.field)} in (${test.in.map(jsonLiteral).join(', ')}))`;
  if ('atLeast' in test) return `(${numberField(base, test.field)} >= ${Number(test.atLeast)})`;
  if ('contains' in test) return holds(base, test.field, test.contains);
  return present(base, test.field);
}

export const conditions = (base: Sql, tests: readonly AnswerCondition[] = []): Sql =>
  and(...tests.map((test) => condition(base, test)));
