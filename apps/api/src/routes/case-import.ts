/** Importing cases from a CSV or JSON-lines file named by the data dictionary. */
import type { FastifyInstance } from 'fastify';
import { IDEMPOTENCY_KEY_SCHEMA } from '../cases/idempotency';
import { importCases } from '../cases/import/import-cases';
import type { ImportFormat } from '../cases/import/parse-import';
import { writeErrors } from '../cases/schemas';
import { AppError } from '../lib/errors';
import { errorResponses } from '../lib/schemas';

const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;
const FORMATS: Record<string, ImportFormat> = { 'text/csv': 'csv', 'application/x-ndjson': 'ndjson' };

export default async function caseImportRoutes(app: FastifyInstance) {
  // Registered inside this plugin, so these content types are accepted by the import alone.
  for (const type of Object.keys(FORMATS)) {
    app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) =>
      done(null, body),
    );
  }

  app.post<{ Body: string; Headers: { 'idempotency-key'?: string } }>(
    '/api/v1/cases/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      config: { access: ['practitioner', 'manager'], caseLevel: true },
      schema: {
        tags: ['cases'],
        summary:
          'Import cases, one a row: CSV (text/csv, arrays as a|b|c) or JSON lines (application/x-ndjson); columns case.reference, case.opened_at, case.worker_email, case.practitioner_role and <formKey>.<field> of the data dictionary',
        headers: { type: 'object', properties: { 'idempotency-key': IDEMPOTENCY_KEY_SCHEMA } },
        body: {
          content: {
            'text/csv': { schema: { type: 'string' } },
            'application/x-ndjson': { schema: { type: 'string' } },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              imported: { type: 'integer' },
              rejected: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    row: { type: 'integer' },
                    errors: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: { pointer: { type: 'string' }, message: { type: 'string' } },
                      },
                    },
                  },
                },
              },
            },
          },
          ...writeErrors,
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const mediaType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const format = FORMATS[mediaType];
      if (!format) throw new AppError(415, 'Send the file as text/csv or application/x-ndjson');
      const key = request.headers['idempotency-key'];
      return importCases({
        db: app.db,
        registry: app.registry,
        importer: {
          serviceId: auth.serviceId!,
          userId: auth.userId,
          email: auth.email,
          role: auth.role as 'practitioner' | 'manager',
        },
        ip: request.ip,
        now: app.clock(),
        body: request.body,
        format,
        ...(key ? { idempotencyKey: key } : {}),
        log: request.log,
        keyring: app.keyring,
      });
    },
  );
}
