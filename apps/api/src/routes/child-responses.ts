/**
 * A child's own responses on a case: the practitioner records what the child said in the
 * child's words (sealed free text), and reads the child's answers. The child's questionnaires
 * themselves arrive through one-time links (questionnaire-links.ts, with `childRef`).
 */
import {
  type ChildResponseReply,
  childResponseSchema,
  type SavedChildResponseReply,
  savedChildResponseSchema,
} from '@harbour/contract';
import type { FastifyInstance } from 'fastify';
import { inCase } from '../cases/case-request';
import { findCaseToSave } from '../cases/find-case';
import { listChildResponses, saveChildResponse } from '../cases/save-child-response';
import { auditInTx } from '../lib/audit';
import { errorResponses, uuid, writeErrors } from '../lib/schemas';
import { formKeySchema } from './forms';

const childRef = { type: 'string', pattern: '^C[0-9]{1,2}$', description: "the child's reference, C1, C2 …" } as const;

type SaveBody = { answers: Record<string, unknown>; revision?: number };
type ChildParams = { id: string; childRef: string };

const staff = { access: ['practitioner', 'manager'] as ('practitioner' | 'manager')[], caseLevel: true as const };

export default async function childResponseRoutes(app: FastifyInstance) {
  app.put<{ Params: ChildParams & { formKey: string }; Body: SaveBody; Reply: { 200: SavedChildResponseReply } }>(
    '/api/v1/cases/:id/children/:childRef/responses/:formKey',
    {
      config: staff,
      schema: {
        tags: ['cases'],
        summary:
          "Record a practitioner's form about one child of the case, e.g. what the child said in their own words",
        params: {
          type: 'object',
          required: ['id', 'childRef', 'formKey'],
          additionalProperties: false,
          properties: { id: uuid, childRef, formKey: formKeySchema },
        },
        body: {
          type: 'object',
          required: ['answers'],
          additionalProperties: false,
          properties: { answers: { type: 'object' }, revision: { type: 'integer', minimum: 1 } },
        },
        response: {
          200: savedChildResponseSchema,
          ...writeErrors,
          ...errorResponses,
        },
      },
    },
    async (request) =>
      inCase(
        request,
        request.params.id,
        'case.child_response_saved',
        async (tx, kase) => {
          const { answers, revision } = request.body;
          const saved = await saveChildResponse(tx, app.registry, {
            kase,
            childRef: request.params.childRef,
            formKey: request.params.formKey,
            answers,
            ...(revision !== undefined ? { revision } : {}),
            source: 'practitioner',
            userId: request.auth!.userId,
            now: app.clock(),
            sealer: app.sealer,
          });
          await auditInTx(tx, request, {
            action: 'case.child_response_saved',
            objectType: 'case',
            objectId: kase.id,
            status: 200,
            details: { form: saved.formKey, childRef: saved.childRef, revision: saved.revision },
          });
          return saved;
        },
        findCaseToSave,
      ),
  );

  app.get<{ Params: ChildParams; Reply: { 200: ChildResponseReply[] } }>(
    '/api/v1/cases/:id/children/:childRef/responses',
    {
      config: staff,
      schema: {
        tags: ['cases'],
        summary: "One child's own responses on the case: their questionnaires and the record of their words",
        params: {
          type: 'object',
          required: ['id', 'childRef'],
          additionalProperties: false,
          properties: { id: uuid, childRef },
        },
        response: { 200: { type: 'array', items: childResponseSchema }, ...errorResponses },
      },
    },
    async (request) =>
      inCase(request, request.params.id, 'case.child_responses_read', async (tx, kase) => {
        const responses = await listChildResponses(tx, app.sealer, kase, request.params.childRef);
        await auditInTx(tx, request, {
          action: 'case.child_responses_read',
          objectType: 'case',
          objectId: kase.id,
          status: 200,
          details: { childRef: request.params.childRef },
        });
        return responses;
      }),
  );
}
