/**
 * The strict ajv instance that validates answers. It is deliberately not Fastify's: answers are
 * never coerced, stripped or filled in — what is stored is exactly what was checked.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { JsonSchema, ValidationMode } from './types';

export type CompiledAnswers = ValidateFunction & { errors?: ErrorObject[] | null };

export function createAnswerAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    coerceTypes: false,
    useDefaults: false,
    removeAdditional: false,
    strict: true,
    // `then: {required: [...]}` names properties declared beside the `if`, not inside it.
    strictRequired: false,
    // Conditions (`if`/`then`) carry no `type` of their own; the object's type covers them.
    strictTypes: false,
    validateFormats: true,
    verbose: true,
  });
  addFormats(ajv);
  return ajv;
}

/**
 * The lenient variant of a form's schema for drafts: what is present must have the right type,
 * range and code, and no unknown key, but nothing is required — not even conditionally.
 */
export function draftSchemaOf(schema: JsonSchema): JsonSchema {
  return strip(schema) as JsonSchema;
}

const completenessKeywords = new Set(['required', 'if', 'then', 'else', 'dependentRequired', 'minItems']);

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (completenessKeywords.has(key)) continue;
    out[key] = strip(child);
  }
  return out;
}

export function compileAnswers(ajv: Ajv2020, schema: JsonSchema, mode: ValidationMode): CompiledAnswers {
  return ajv.compile(mode === 'draft' ? draftSchemaOf(schema) : schema);
}
