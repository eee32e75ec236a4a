/**
 * Saving a form's answers on a case, as a draft or submitted: a form answered once per case at
 * `/responses/:formKey`, a review form on its numbered review at `/reviews/:occasion/responses/:formKey`.
 */
import { type SaveResponseBody, savedResponseSchema, saveResponseBodySchema } from '@harbour/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { inCase } from '../cases/case-request';
import { findCaseToSave } from '../cases/find-case';
import { saveResponse } from '../cases/save-response';
import { auditRow } from '../lib/audit';
import { errorResponses, uuid, writeErrors } from '../lib/schemas';
import { formKeySchema } from './forms';

const saved = {
  200: savedResponseSchema,
  ...writeErrors,
  ...errorResponses,
} as const;

/** The answers a practitioner saves on a case: the JSON routes' body, or a FHIR QuestionnaireResponse read. */
export type PractitionerSave = {
  formKey: string;
  occasion?: number;
  answers: Record<string, unknown>;
  status: 'draft' | 'submitted';
  revision?: number;
};

/** Saves a practitioner's answers on a case, with its audit row, as every save route does. */
export function savePractitionerResponse(
  app: FastifyInstance,
  request: FastifyRequest,
  caseId: string,
  save: PractitionerSave,
) {
  return inCase(
    request,
    caseId,
    'case.response_saved',
    (tx, kase) =>
      saveResponse(tx, app.registry, {
        kase,
        ...save,
        source: 'practitioner',
        userId: request.auth!.userId,
        now: app.clock(),
        sealer: app.sealer,
        audit: auditRow(
          request,
          { action: 'case.response_saved', objectType: 'case', objectId: kase.id, status: 200 },
          kase.service_id,
        ),
      }),
    findCaseToSave,
  );
}

export default async function responseRoutes(app: FastifyInstance) {
  const save = (
    request: FastifyRequest<{ Body: SaveResponseBody }>,
    caseId: string,
    formKey: string,
    occasion?: number,
  ) => {
    const { answers, status, revision } = request.body;
    return savePractitionerResponse(app, request, caseId, {
      formKey,
      ...(occasion !== undefined ? { occasion } : {}),
      answers,
      status,
      ...(revision !== undefined ? { revision } : {}),
    });
  };

  app.put<{ Params: { id: string; formKey: string }; Body: SaveResponseBody }>(
    '/api/v1/cases/:id/responses/:formKey',
    {
      config: { access: ['practitioner', 'manager'], caseLevel: true, callerCheckedInTransaction: true },
      schema: {
        tags: ['cases'],
        summary:
          'Save answers to a form answered once per case (intake, exit); to change a saved response send the revision you last saw',
        description:
          'A review form is saved on its review instead: `PUT /api/v1/cases/{id}/reviews/{occasion}/responses/{formKey}`.',
        params: {
          type: 'object',
          required: ['id', 'formKey'],
          additionalProperties: false,
          properties: { id: uuid, formKey: formKeySchema },
        },
        body: saveResponseBodySchema,
        response: saved,
      },
    },
    async (request) => save(request, request.params.id, request.params.formKey),
  );

  app.put<{ Params: { id: string; occasion: number; formKey: string }; Body: SaveResponseBody }>(
    '/api/v1/cases/:id/reviews/:occasion/responses/:formKey',
    {
      config: { access: ['practitioner', 'manager'], caseLevel: true, callerCheckedInTransaction: true },
      schema: {
        tags: ['cases'],
        summary: 'Save answers to a review form on one review of the case (1, 2, 3…); each review is kept',
        description:
          "Reviews are numbered from 1. A new review is the case's last review number plus one; its first save creates it. Every review form of the same number (the practitioner's `core.review`, a module's review form) belongs to that review. Revisions work as for any response, per review.",
        params: {
          type: 'object',
          required: ['id', 'occasion', 'formKey'],
          additionalProperties: false,
          properties: { id: uuid, occasion: { type: 'integer', minimum: 1, maximum: 999 }, formKey: formKeySchema },
        },
        body: saveResponseBodySchema,
        response: saved,
      },
    },
    async (request) => save(request, request.params.id, request.params.formKey, request.params.occasion),
  );
}
