/**
 * Forms and answers as HL7 FHIR R4: a form version is a `Questionnaire`, a response is a
 * `QuestionnaireResponse`. Codes are the form's own codes, in a code system named after the
 * field, so that a partner system stores exactly what Harbour stores. Answers read back from a
 * `QuestionnaireResponse` are the same answers that were written (coded integers come back as
 * integers, lists as lists).
 */
import { codesOf, integerRangeOf, itemObjectOf, propertiesOf, requiredWhenAsked } from './schema-walk';
import type { FieldHint, FormDefinition, JsonSchema, UiHints } from './types';

export type FhirCoding = { system: string; code: string; display?: string };

export type FhirEnableWhen = {
  question: string;
  operator: '=';
  answerBoolean?: boolean;
  answerCoding?: FhirCoding;
  answerInteger?: number;
  answerString?: string;
};

export type FhirQuestionnaireItem = {
  linkId: string;
  text?: string;
  type: 'group' | 'display' | 'boolean' | 'decimal' | 'integer' | 'date' | 'string' | 'text' | 'choice';
  required?: boolean;
  repeats?: boolean;
  maxLength?: number;
  answerOption?: { valueCoding: FhirCoding }[];
  enableWhen?: FhirEnableWhen[];
  enableBehavior?: 'any' | 'all';
  item?: FhirQuestionnaireItem[];
};

export type FhirQuestionnaire = {
  resourceType: 'Questionnaire';
  id: string;
  url: string;
  version: string;
  name: string;
  title: string;
  status: 'active';
  language: string;
  subjectType: ['Patient'];
  description?: string;
  item: FhirQuestionnaireItem[];
};

export type FhirAnswer = {
  valueBoolean?: boolean;
  valueDecimal?: number;
  valueInteger?: number;
  valueDate?: string;
  valueString?: string;
  valueCoding?: FhirCoding;
};

export type FhirResponseItem = {
  linkId: string;
  text?: string;
  answer?: FhirAnswer[];
  item?: FhirResponseItem[];
};

export type FhirQuestionnaireResponse = {
  resourceType: 'QuestionnaireResponse';
  id?: string;
  questionnaire: string;
  status: 'in-progress' | 'completed';
  authored?: string;
  item: FhirResponseItem[];
};

/** A problem reading a QuestionnaireResponse, at the linkId it concerns. */
export class QuestionnaireResponseError extends Error {
  constructor(readonly problems: { linkId: string; message: string }[]) {
    super(problems.map((problem) => `${problem.linkId}: ${problem.message}`).join('; '));
    this.name = 'QuestionnaireResponseError';
  }
}

const CANONICAL_BASE = 'urn:harbour:questionnaire:';

export const questionnaireUrl = (formKey: string) => `${CANONICAL_BASE}${formKey}`;

/** The code system of one field's codes: `urn:harbour:code:core.intake.referral_source`. */
export const codeSystemOf = (formKey: string, linkId: string) => `urn:harbour:code:${formKey}.${linkId}`;

/** FHIR ids allow letters, digits, `-` and `.`, at most 64. */
const fhirId = (form: FormDefinition) => `${form.key.replace(/_/g, '-')}-v${form.version}`.slice(0, 64);

type FieldKind =
  | { kind: 'choice'; codes: string[]; repeats: boolean; integer: boolean }
  | { kind: 'boolean' | 'decimal' | 'integer' | 'date' | 'string' | 'text' }
  | { kind: 'group' };

/** How one field is asked, from its schema and hint. */
function kindOf(field: JsonSchema, hint: FieldHint | undefined): FieldKind {
  if (itemObjectOf(field)) return { kind: 'group' };
  const codes = codesOf(field);
  if (codes) return { kind: 'choice', codes: codes.map(String), repeats: field.type === 'array', integer: false };
  const range = integerRangeOf(field);
  if (range && hint?.options) return { kind: 'choice', codes: range.map(String), repeats: false, integer: true };
  if (field.type === 'boolean') return { kind: 'boolean' };
  if (field.type === 'integer') return { kind: 'integer' };
  if (field.type === 'number') return { kind: 'decimal' };
  if (field.type === 'string' && field.format === 'date') return { kind: 'date' };
  if (field.type === 'string' && typeof field.maxLength === 'number' && field.maxLength > 255) return { kind: 'text' };
  return { kind: 'string' };
}

type Scope = { formKey: string; schema: JsonSchema; ui: UiHints; prefix: string };

const linkIdOf = (scope: Scope, key: string) => `${scope.prefix}${key}`;

function enableWhenOf(scope: Scope, hint: FieldHint): Pick<FhirQuestionnaireItem, 'enableWhen' | 'enableBehavior'> {
  const condition = hint.showWhen;
  if (!condition) return {};
  const target = propertiesOf(scope.schema)[condition.field] ?? {};
  const kind = kindOf(target, scope.ui.fields[condition.field]);
  const question = linkIdOf(scope, condition.field);
  const values = condition.in ?? [condition.equals];
  const enableWhen = values.map((value): FhirEnableWhen => {
    if (kind.kind === 'choice') {
      return {
        question,
        operator: '=',
        answerCoding: { system: codeSystemOf(scope.formKey, question), code: String(value) },
      };
    }
    if (typeof value === 'boolean') return { question, operator: '=', answerBoolean: value };
    if (typeof value === 'number') return { question, operator: '=', answerInteger: value };
    return { question, operator: '=', answerString: String(value) };
  });
  return enableWhen.length > 1 ? { enableWhen, enableBehavior: 'any' } : { enableWhen };
}

function questionnaireItems(scope: Scope): FhirQuestionnaireItem[] {
  const properties = propertiesOf(scope.schema);
  const required = requiredWhenAsked(scope.schema);
  const shownGroups = new Set<string>();
  return scope.ui.order.flatMap((key) => {
    const field = properties[key] ?? {};
    const hint = scope.ui.fields[key];
    const linkId = linkIdOf(scope, key);
    const kind = kindOf(field, hint);
    const item: FhirQuestionnaireItem = {
      linkId,
      text: hint?.label ?? key,
      type: kind.kind,
      ...(required.has(key) ? { required: true } : {}),
      ...(hint ? enableWhenOf(scope, hint) : {}),
    };
    if (kind.kind === 'choice') {
      if (kind.repeats) item.repeats = true;
      const system = codeSystemOf(scope.formKey, linkId);
      item.answerOption = kind.codes.map((code) => ({
        valueCoding: { system, code, display: hint?.options?.[code] ?? code },
      }));
    }
    if ((kind.kind === 'string' || kind.kind === 'text') && typeof field.maxLength === 'number') {
      item.maxLength = field.maxLength;
    }
    const itemObject = itemObjectOf(field);
    if (kind.kind === 'group' && itemObject && hint?.items) {
      item.repeats = true;
      item.item = questionnaireItems({ ...scope, schema: itemObject, ui: hint.items, prefix: `${linkId}.` });
    }
    // A group's legend (e.g. "Over the last two weeks…") is shown once, before its first question.
    const group = hint?.group ? scope.ui.groups?.[hint.group] : undefined;
    if (!group || !hint?.group || shownGroups.has(hint.group)) return [item];
    shownGroups.add(hint.group);
    const legend: FhirQuestionnaireItem = {
      linkId: `${scope.prefix}group.${hint.group}`,
      text: group.help ? `${group.legend} ${group.help}` : group.legend,
      type: 'display',
    };
    return [legend, item];
  });
}

/** The form version as a FHIR R4 Questionnaire, in the language of its wording. */
export function questionnaireOf(form: FormDefinition, language = 'en-GB'): FhirQuestionnaire {
  const intro: FhirQuestionnaireItem[] = form.ui.intro
    ? [{ linkId: 'intro', text: form.ui.intro, type: 'display' }]
    : [];
  return {
    resourceType: 'Questionnaire',
    id: fhirId(form),
    url: questionnaireUrl(form.key),
    version: String(form.version),
    name: form.key.replace(/[^A-Za-z0-9]/g, '_'),
    title: form.title,
    status: 'active',
    language,
    subjectType: ['Patient'],
    ...(form.description ? { description: form.description } : {}),
    item: [...intro, ...questionnaireItems({ formKey: form.key, schema: form.schema, ui: form.ui, prefix: '' })],
  };
}

function answerOf(scope: Scope, key: string, value: unknown): FhirAnswer[] {
  const field = propertiesOf(scope.schema)[key] ?? {};
  const kind = kindOf(field, scope.ui.fields[key]);
  const linkId = linkIdOf(scope, key);
  if (kind.kind === 'choice') {
    const system = codeSystemOf(scope.formKey, linkId);
    const options = scope.ui.fields[key]?.options;
    const values = Array.isArray(value) ? value : [value];
    return values.map((code) => ({
      valueCoding: { system, code: String(code), display: options?.[String(code)] ?? String(code) },
    }));
  }
  if (kind.kind === 'boolean') return [{ valueBoolean: value as boolean }];
  if (kind.kind === 'integer') return [{ valueInteger: value as number }];
  if (kind.kind === 'decimal') return [{ valueDecimal: value as number }];
  if (kind.kind === 'date') return [{ valueDate: value as string }];
  return [{ valueString: String(value) }];
}

function responseItems(scope: Scope, answers: Record<string, unknown>): FhirResponseItem[] {
  const properties = propertiesOf(scope.schema);
  return scope.ui.order.flatMap((key): FhirResponseItem[] => {
    const value = answers[key];
    if (value === undefined || value === null) return [];
    const hint = scope.ui.fields[key];
    const linkId = linkIdOf(scope, key);
    const text = hint?.label ?? key;
    const itemObject = itemObjectOf(properties[key] ?? {});
    if (itemObject && hint?.items && Array.isArray(value)) {
      const itemScope = { ...scope, schema: itemObject, ui: hint.items, prefix: `${linkId}.` };
      // A repeating group answers once per entry, each with its own nested items.
      return value.map((entry) => ({ linkId, text, item: responseItems(itemScope, entry as Record<string, unknown>) }));
    }
    if (Array.isArray(value) && value.length === 0) return [{ linkId, text }];
    return [{ linkId, text, answer: answerOf(scope, key, value) }];
  });
}

/** A case's answers to a form version as a FHIR R4 QuestionnaireResponse. */
export function questionnaireResponseOf(
  form: FormDefinition,
  answers: Record<string, unknown>,
  meta: { id?: string; status: 'draft' | 'submitted'; authored?: Date | string },
): FhirQuestionnaireResponse {
  const authored = meta.authored instanceof Date ? meta.authored.toISOString() : meta.authored;
  return {
    resourceType: 'QuestionnaireResponse',
    ...(meta.id ? { id: meta.id } : {}),
    questionnaire: `${questionnaireUrl(form.key)}|${form.version}`,
    status: meta.status === 'submitted' ? 'completed' : 'in-progress',
    ...(authored ? { authored } : {}),
    item: responseItems({ formKey: form.key, schema: form.schema, ui: form.ui, prefix: '' }, answers),
  };
}

type Problems = { linkId: string; message: string }[];

function storedValueOf(scope: Scope, key: string, answers: FhirAnswer[], problems: Problems): unknown {
  const field = propertiesOf(scope.schema)[key] ?? {};
  const kind = kindOf(field, scope.ui.fields[key]);
  const linkId = linkIdOf(scope, key);
  const one = <T>(pick: (answer: FhirAnswer) => T | undefined, expected: string): T | undefined => {
    const value = answers.length === 1 && answers[0] ? pick(answers[0]) : undefined;
    if (value === undefined) problems.push({ linkId, message: `must have one ${expected} answer` });
    return value;
  };
  if (kind.kind === 'choice') {
    const codes = answers.map((answer) => answer.valueCoding?.code);
    const unknown = codes.filter((code) => code === undefined || !kind.codes.includes(code));
    if (unknown.length > 0) {
      problems.push({ linkId, message: `must answer with the codes ${kind.codes.join(', ')}` });
      return undefined;
    }
    const values = (codes as string[]).map((code) => (kind.integer ? Number(code) : code));
    if (kind.repeats) return values;
    if (values.length !== 1) problems.push({ linkId, message: 'must have one answer' });
    return values[0];
  }
  if (kind.kind === 'boolean') return one((answer) => answer.valueBoolean, 'valueBoolean');
  if (kind.kind === 'integer') return one((answer) => answer.valueInteger, 'valueInteger');
  if (kind.kind === 'decimal') return one((answer) => answer.valueDecimal ?? answer.valueInteger, 'valueDecimal');
  if (kind.kind === 'date') return one((answer) => answer.valueDate, 'valueDate');
  return one((answer) => answer.valueString, 'valueString');
}

function answersOfItems(scope: Scope, items: FhirResponseItem[], problems: Problems): Record<string, unknown> {
  const properties = propertiesOf(scope.schema);
  const answers: Record<string, unknown> = {};
  for (const item of items) {
    const key = item.linkId.startsWith(scope.prefix) ? item.linkId.slice(scope.prefix.length) : '';
    const hint = scope.ui.fields[key];
    const field = properties[key];
    if (!field || !hint) {
      problems.push({ linkId: item.linkId, message: 'is not a question of this form' });
      continue;
    }
    const itemObject = itemObjectOf(field);
    if (itemObject && hint.items) {
      const itemScope = { ...scope, schema: itemObject, ui: hint.items, prefix: `${item.linkId}.` };
      const list = (answers[key] as Record<string, unknown>[] | undefined) ?? [];
      list.push(answersOfItems(itemScope, item.item ?? [], problems));
      answers[key] = list;
      continue;
    }
    const given = item.answer ?? [];
    if (given.length === 0) {
      if (field.type === 'array') answers[key] = [];
      continue;
    }
    const value = storedValueOf(scope, key, given, problems);
    if (value !== undefined) answers[key] = value;
  }
  return answers;
}

/**
 * The answers a QuestionnaireResponse gives to a form, keyed and coded as Harbour stores them.
 * Throws QuestionnaireResponseError naming each linkId it cannot read; the answers themselves are
 * then checked by the form's schema like any other.
 */
export function answersOfQuestionnaireResponse(
  form: FormDefinition,
  response: Pick<FhirQuestionnaireResponse, 'item'>,
): Record<string, unknown> {
  const problems: Problems = [];
  const answers = answersOfItems(
    { formKey: form.key, schema: form.schema, ui: form.ui, prefix: '' },
    response.item ?? [],
    problems,
  );
  if (problems.length > 0) throw new QuestionnaireResponseError(problems);
  return answers;
}
