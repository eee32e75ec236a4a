/** Closing a case once its exit record is submitted. */
import { caseSummarySchema } from '@harbour/contract';
import type { FastifyInstance } from 'fastify';
import { inCase } from '../cases/case-request';
import { caseSummary, loadCaseView } from '../cases/case-view';
import { closeCase } from '../cases/close-case';
import { ukDate } from '../cases/dates';
import { auditInTx } from '../lib/audit';
import { errorResponses, idParams, isoDate, writeErrors } from '../lib/schemas';

export default async function caseCloseRoutes(app: FastifyInstance) {
  app.post<{ Params: { id: string }; Body: { closedAt?: string } }>(
    '/api/v1/cases/:id/close',
    {
      config: { access: ['practitioner', 'manager'], caseLevel: true },
      // closing needs no body: none at all reads as {}
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        tags: ['cases'],
        summary: 'Close a case: its exit record must be submitted, and its exit date becomes the closing date',
        params: idParams,
        body: { type: 'object', additionalProperties: false, properties: { closedAt: isoDate } },
        response: { 200: caseSummarySchema, ...writeErrors, ...errorResponses },
      },
    },
    async (request) =>
      inCase(request, request.params.id, 'case.closed', async (tx, kase) => {
        const now = app.clock();
        const closedAt = request.body.closedAt;
        const closed = await closeCase(tx, {
          serviceId: kase.service_id,
          caseId: kase.id,
          ...(closedAt !== undefined ? { closedAt } : {}),
          now,
        });
        await auditInTx(tx, request, {
          action: 'case.closed',
          objectType: 'case',
          objectId: kase.id,
          status: 200,
          details: { closedAt: closed.closed_at },
        });
        return caseSummary(tx, await loadCaseView(tx, app.registry, kase.service_id, ukDate(now)), closed);
      }),
  );
}
