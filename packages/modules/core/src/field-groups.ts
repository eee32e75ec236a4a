/** Several questions that share a schema and a widget, such as the five abuse types. */
import type { FieldHint, JsonSchema } from '@harbour/forms';

export function schemasFor(labels: Record<string, string>, schema: JsonSchema): Record<string, JsonSchema> {
  return Object.fromEntries(Object.keys(labels).map((key) => [key, schema]));
}

export function hintsFor(labels: Record<string, string>, hint: Omit<FieldHint, 'label'>): Record<string, FieldHint> {
  return Object.fromEntries(Object.entries(labels).map(([key, label]) => [key, { label, ...hint }]));
}
