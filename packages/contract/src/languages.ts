/** A language a client questionnaire can be sent in, with the review state of its text pack. */
import type { Json } from './json-schema';

export const languageSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'lang', 'name', 'englishName', 'dir', 'review', 'officialTranslations'],
  properties: {
    code: { type: 'string' },
    lang: { type: 'string' },
    name: { type: 'string' },
    englishName: { type: 'string' },
    dir: { type: 'string', enum: ['ltr', 'rtl'] },
    review: {
      type: 'object',
      additionalProperties: false,
      required: ['status', 'reviewer', 'reviewedOn'],
      properties: {
        status: { type: 'string', enum: ['source', 'draft', 'reviewed'] },
        note: { type: 'string' },
        reviewer: { type: ['string', 'null'] },
        reviewedOn: { type: ['string', 'null'] },
      },
    },
    officialTranslations: { type: 'array', items: { type: 'string' } },
  },
} as const;

export type ClientLanguage = Json<typeof languageSchema>;
