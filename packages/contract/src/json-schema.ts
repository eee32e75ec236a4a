/** JSON Schema pieces the shapes share, and the two TypeScript views of a shape derived from its schema. */
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';

export const uuid = { type: 'string', format: 'uuid' } as const;
export const isoDate = { type: 'string', format: 'date' } as const;
export const dateTime = { type: 'string', format: 'date-time' } as const;
export const nullableDate = { type: ['string', 'null'], format: 'date' } as const;
export const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;
export const strings = { type: 'array', items: { type: 'string' } } as const;
export const openObject = { type: 'object', additionalProperties: true } as const;

/** A shape as a client reads it: the JSON the API sent, date-times as ISO strings. */
export type Json<S extends JSONSchema> = FromSchema<S>;

/**
 * A shape as an API handler may hand it to Fastify's serialiser, which writes a `Date` in a
 * date-time field as its ISO string: the same shape, with a date-time also allowed as a `Date`.
 */
export type Reply<S extends JSONSchema> = FromSchema<
  S,
  {
    deserialize: [
      { pattern: typeof dateTime; output: Date | string },
      { pattern: typeof nullableDateTime; output: Date | string | null },
    ];
  }
>;
