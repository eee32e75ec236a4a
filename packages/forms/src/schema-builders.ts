/**
 * Small builders for the JSON Schema of a form's answers, so that modules read like the data
 * dictionary. Each returns a plain JSON Schema object; nothing here is required to write a module.
 */
import type { JsonSchema } from './types';

/** One code from a set; the set's keys are the codes (its values are labels for the UI hints). */
export function code(options: Record<string, string>): JsonSchema {
  return { type: 'string', enum: Object.keys(options) };
}

/** Any number of codes from a set, each at most once. */
export function codes(options: Record<string, string>): JsonSchema {
  return { type: 'array', items: { type: 'string', enum: Object.keys(options) }, uniqueItems: true };
}

export function integer(minimum: number, maximum?: number): JsonSchema {
  return maximum === undefined ? { type: 'integer', minimum } : { type: 'integer', minimum, maximum };
}

export function boolean(): JsonSchema {
  return { type: 'boolean' };
}

/** A calendar date written `YYYY-MM-DD`. */
export function date(): JsonSchema {
  return { type: 'string', format: 'date' };
}

export function text(maxLength: number): JsonSchema {
  return { type: 'string', maxLength };
}

/**
 * A string matching a pattern. `description` completes the sentence "must be …" in error
 * messages, e.g. "an ONS local authority code such as E09000033".
 */
export function patterned(pattern: string, description: string): JsonSchema {
  return { type: 'string', pattern, description };
}

/** The answers (or one item) object: only the listed properties, nothing else. */
export function answersSchema(
  properties: Record<string, JsonSchema>,
  options: { required?: string[]; allOf?: JsonSchema[] } = {},
): JsonSchema {
  return {
    type: 'object',
    properties,
    ...(options.required?.length ? { required: options.required } : {}),
    ...(options.allOf?.length ? { allOf: options.allOf } : {}),
    additionalProperties: false,
  };
}

/** A list of item objects (e.g. one entry per child). */
export function listOf(item: JsonSchema): JsonSchema {
  return { type: 'array', items: item };
}

/**
 * A question asked only when another answer equals a value: on submission it is required then,
 * and must be absent otherwise. Drafts skip the whole condition.
 */
export function askedOnlyWhen(field: string, when: { field: string; equals: unknown }): JsonSchema {
  return {
    if: { properties: { [when.field]: { const: when.equals } }, required: [when.field] },
    // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword, not a promise.
    then: { required: [field] },
    else: { properties: { [field]: false } },
  };
}
