/**
 * The languages a client questionnaire can be sent in, with each pack's review: a drafted pack
 * says it awaits a native speaker's review until a reviewer is recorded in its metadata.
 */
import { type ClientLanguage, languageSchema } from '@harbour/contract';
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../lib/schemas';
import { languagePacks, VALIDATED_INSTRUMENTS } from '../questionnaire/languages';

export default async function languageRoutes(app: FastifyInstance) {
  // Loaded and checked now, so that a broken pack stops start-up rather than a client's page.
  const packs = languagePacks(app.registry);
  app.get<{ Reply: { 200: ClientLanguage[] } }>(
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
