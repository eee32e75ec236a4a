/** Saving a form's answers on a case, as a draft or submitted. */
import type { FastifyInstance } from 'fastify';
import { inCase } from '../cases/case-request';
import { findCaseToSave } from '../cases/find-case';
import { saveResponse } from '../cases/save-response';
import { responseProperties, writeErrors } from '../cases/schemas';
import { auditRow } from '../lib/audit';
import { errorResponses, uuid } from '../lib/schemas';
import { formKeySchema } from './forms';

type SaveBody = { answers: Record<string, unknown>; status: 'draft' | 'submitted'; revision?: number };

export default async function responseRoutes(app: FastifyInstance) {
  app.put<{ Params: { id: string; formKey: string }; Body: SaveBody }>(
    '/api/v1/cases/:id/responses/:formKey',
    {
      config: { access: ['practitioner', 'manager'], caseLevel: true },
      schema: {
        tags: ['cases'],
        summary: 'Save answers to one form of a case; to change a saved response send the revision you last saw',
        params: {
          type: 'object',
          required: ['id', 'formKey'],
          additionalProperties: false,
          properties: { id: uuid, formKey: formKeySchema },
        },
        body: {
          type: 'object',
          required: ['answers', 'status'],
          additionalProperties: false,
          properties: {
            answers: { type: 'object' },
            status: { type: 'string', enum: ['draft', 'submitted'] },
            revision: { type: 'integer', minimum: 0 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: { ...responseProperties, caseFlags: { type: 'array', items: { type: 'string' } } },
          },
          ...writeErrors,
          ...errorResponses,
        },
      },
    },
    async (request) =>
      inCase(
        request,
        request.params.id,
        'case.response_saved',
        async (tx, kase) => {
          const { answers, status, revision } = request.body;
          const saved = await saveResponse(tx, app.registry, {
            kase,
            formKey: request.params.formKey,
            answers,
            status,
            ...(revision !== undefined ? { revision } : {}),
            source: 'practitioner',
            userId: request.auth!.userId,
            now: app.clock(),
            sealer: app.sealer,
            audit: auditRow(
              request,
              { action: 'case.response_saved', objectType: 'case', objectId: kase.id, status: 200 },
              kase.service_id,
            ),
          });
          return saved;
        },
        findCaseToSave,
      ),
  );
}
