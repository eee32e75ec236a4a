/** Reading the shape of a form's answers schema: its fields, item objects and codes. */
import type { JsonSchema } from './types';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
  return isObject(schema.properties) ? (schema.properties as Record<string, JsonSchema>) : {};
}

export function requiredOf(schema: JsonSchema): string[] {
  return Array.isArray(schema.required) ? (schema.required as string[]) : [];
}

/** The item object schema of an array-of-objects field (children[]), if it is one. */
export function itemObjectOf(field: JsonSchema): JsonSchema | undefined {
  if (field.type !== 'array' || !isObject(field.items)) return undefined;
  const item = field.items as JsonSchema;
  return item.type === 'object' ? item : undefined;
}

/** The codes a field accepts: its own enum, or its items' enum for a list of codes. */
export function codesOf(field: JsonSchema): unknown[] | undefined {
  if (Array.isArray(field.enum)) return field.enum;
  if (field.type === 'array' && isObject(field.items) && Array.isArray(field.items.enum)) return field.items.enum;
  return undefined;
}

/** The integers a field accepts when it is a bounded integer (a scale), else undefined. */
export function integerRangeOf(field: JsonSchema): number[] | undefined {
  if (field.type !== 'integer' || typeof field.minimum !== 'number' || typeof field.maximum !== 'number') {
    return undefined;
  }
  const values: number[] = [];
  for (let value = field.minimum; value <= field.maximum; value++) values.push(value);
  return values;
}

export { isObject };

/** Fields required when asked: the schema's `required`, and those an `if/then` requires when shown. */
export function requiredWhenAsked(schema: JsonSchema): Set<string> {
  const required = new Set(requiredOf(schema));
  for (const condition of Array.isArray(schema.allOf) ? (schema.allOf as JsonSchema[]) : []) {
    if (isObject(condition.then)) for (const key of requiredOf(condition.then)) required.add(key);
  }
  return required;
}
