/**
 * The languages a client questionnaire can be sent in, with each pack's review: a drafted pack
 * says it awaits a native speaker's review until a reviewer is recorded in its metadata.
 */
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../lib/schemas';
import { languagePacks, VALIDATED_INSTRUMENTS } from '../questionnaire/languages';

const languageSchema = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    lang: { type: 'string' },
    name: { type: 'string' },
    englishName: { type: 'string' },
    dir: { type: 'string', enum: ['ltr', 'rtl'] },
    review: {
      type: 'object',
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

export default async function languageRoutes(app: FastifyInstance) {
  // Loaded and checked now, so that a broken pack stops start-up rather than a client's page.
  const packs = languagePacks(app.registry);
  app.get(
    '/api/v1/languages',
    {
      config: { access: ['authenticated'] },
      schema: {
        tags: ['forms'],
        summary: 'The languages of the client questionnaire page, with the review state of each text pack',
        description:
          'officialTranslations names the validated instruments (WHO-5, PHQ-9, GAD-7) asked in the language; ' +
          'in any other language the page leaves them off and the practitioner goes through them with an interpreter.',
        response: { 200: { type: 'array', items: languageSchema }, ...errorResponses },
      },
    },
    async () =>
      [...packs.values()].map(({ meta }) => ({
        ...meta,
        officialTranslations: meta.officialTranslations.map((key) => VALIDATED_INSTRUMENTS[key] ?? key),
      })),
  );
}
