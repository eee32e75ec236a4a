/**
 * Turns ajv's errors into messages a practitioner understands, one per field, at the JSON
 * pointer of the answer (or of the missing answer) concerned.
 */
import type { ErrorObject } from 'ajv';
import type { FieldError, FieldHint, FormDefinition, JsonSchema, UiHints } from './types';

/** The hint of the field a pointer names: `/phq9_3`, `/disability_types/0`, `/children/1/age`. */
export function hintAt(ui: UiHints, pointer: string): FieldHint | undefined {
  let hints: UiHints | undefined = ui;
  let hint: FieldHint | undefined;
  for (const segment of pointer.split('/').slice(1)) {
    if (/^[0-9]+$/.test(segment)) {
      hints = hint?.items;
      continue;
    }
    hint = hints?.fields[segment];
    if (!hint) return undefined;
  }
  return hint;
}

function listCodes(codes: unknown[], hint: FieldHint | undefined): string {
  return codes
    .map((code) => {
      const label = hint?.options?.[String(code)];
      return label && label !== String(code) ? `${code} (${label})` : String(code);
    })
    .join(', ');
}

/** Beyond this many codes a message names none of them: the question's options list them. */
const longestListedChoice = 30;

/** What a field expects, in words: the message for wrong types and out-of-range values alike. */
export function expectation(schema: JsonSchema, hint: FieldHint | undefined): string {
  if (Array.isArray(schema.enum)) {
    if (typeof schema.description === 'string') return `must be ${schema.description}`;
    if (schema.enum.length > longestListedChoice)
      return `must be one of the ${schema.enum.length} codes of this question`;
    return `must be one of: ${listCodes(schema.enum, hint)}`;
  }
  const { minimum, maximum } = schema as { minimum?: number; maximum?: number };
  const bounds =
    minimum !== undefined && maximum !== undefined
      ? ` from ${minimum} to ${maximum}`
      : minimum !== undefined
        ? `, ${minimum} or more`
        : maximum !== undefined
          ? `, ${maximum} or less`
          : '';
  switch (schema.type) {
    case 'integer':
      return `must be a whole number${bounds}`;
    case 'number':
      return `must be a number${bounds}`;
    case 'boolean':
      return 'must be yes or no (true or false)';
    case 'string':
      if (schema.format === 'date') return 'must be a date (YYYY-MM-DD)';
      if (typeof schema.description === 'string' && schema.pattern) return `must be ${schema.description}`;
      return 'must be text';
    case 'array':
      return 'must be a list';
    case 'object':
      return 'must be a set of answers';
    default:
      return 'is not a valid answer';
  }
}

function conditionMessage(form: FormDefinition, pointer: string): string {
  const hint = hintAt(form.ui, pointer);
  const when = hint?.showWhen;
  if (!when) return 'is not asked given the other answers';
  const parentPointer = pointer.split('/').slice(0, -1).join('/');
  const other = hintAt(form.ui, `${parentPointer}/${when.field}`);
  const value = when.equals;
  const valueLabel =
    typeof value === 'boolean' ? (value ? 'yes' : 'no') : (other?.options?.[String(value)] ?? String(value));
  return `is only asked when "${other?.label ?? when.field}" is "${valueLabel}"`;
}

function errorOf(form: FormDefinition, error: ErrorObject): FieldError | undefined {
  const path = error.instancePath;
  const hint = () => hintAt(form.ui, path);
  const parent = (error.parentSchema ?? {}) as JsonSchema;
  switch (error.keyword) {
    case 'required':
      return { pointer: `${path}/${error.params.missingProperty}`, message: 'is required' };
    case 'additionalProperties':
      return {
        pointer: `${path}/${error.params.additionalProperty}`,
        message: path === '' ? 'is not a question on this form' : 'is not a question asked here',
      };
    case 'unevaluatedProperties':
      return { pointer: `${path}/${error.params.unevaluatedProperty}`, message: 'is not a question on this form' };
    case 'type':
    case 'enum':
    case 'const':
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'multipleOf':
    case 'pattern':
      return { pointer: path, message: expectation(parent, hint()) };
    case 'format':
      return {
        pointer: path,
        message: error.params.format === 'date' ? 'must be a date (YYYY-MM-DD)' : expectation(parent, hint()),
      };
    case 'maxLength':
      return { pointer: path, message: `must be at most ${error.params.limit} characters` };
    case 'minLength':
      return { pointer: path, message: `must be at least ${error.params.limit} characters` };
    case 'uniqueItems':
      return { pointer: path, message: 'must not list the same answer twice' };
    case 'minItems':
      return {
        pointer: path,
        message:
          error.params.limit === 1
            ? 'must list at least one answer'
            : `must list at least ${error.params.limit} answers`,
      };
    case 'maxItems':
      return { pointer: path, message: `must list at most ${error.params.limit} answers` };
    case 'false schema':
      return { pointer: path, message: conditionMessage(form, path) };
    // Combinators only repeat what their sub-errors already say.
    case 'if':
    case 'not':
    case 'anyOf':
    case 'oneOf':
    case 'allOf':
      return undefined;
    default:
      return { pointer: path, message: 'is not a valid answer' };
  }
}

/** Ajv errors mapped and deduplicated: the first message for each pointer wins. */
export function fieldErrorsOf(form: FormDefinition, errors: ErrorObject[]): FieldError[] {
  return dedupe(errors.map((error) => errorOf(form, error)).filter((error) => error !== undefined));
}

export function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    if (seen.has(error.pointer)) return false;
    seen.add(error.pointer);
    return true;
  });
}

/** The message for answers that are not an object at all. */
export const notAnswersError: FieldError = { pointer: '', message: 'must be a set of answers (a JSON object)' };
