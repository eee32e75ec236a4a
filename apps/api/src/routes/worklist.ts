/** The caller's worklist, and their choice of the daily digest email (counts and a link only). */
import { worklistSchema } from '@harbour/contract';
import type { FastifyInstance } from 'fastify';
import { viewerOf } from '../cases/case-request';
import { loadCaseView } from '../cases/case-view';
import { ukDate } from '../cases/dates';
import { buildWorklist, worklistCounts } from '../cases/worklist';
import { digestEnabled, setDigest } from '../follow-up/digest';
import { auditInTx } from '../lib/audit';
import { errorResponses } from '../lib/schemas';

const digestSchema = { type: 'object', properties: { enabled: { type: 'boolean' } } } as const;

export default async function worklistRoutes(app: FastifyInstance) {
  app.get(
    '/api/v1/worklist',
    {
      config: { access: ['practitioner', 'manager'], caseLevel: true },
      schema: {
        tags: ['cases'],
        summary:
          "What needs doing on the caller's cases: reviews due, client questionnaires outstanding, follow-ups not answered, flags",
        response: {
          200: worklistSchema,
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const now = app.clock();
      return request.tenant(async (tx) => {
        const view = await loadCaseView(tx, app.registry, viewer.serviceId, ukDate(now));
        const worklist = await buildWorklist(tx, view, viewer, now);
        await auditInTx(tx, request, { action: 'case.worklist_read', objectType: 'case', status: 200 });
        return { counts: worklistCounts(worklist), ...worklist };
      });
    },
  );

  app.get(
    '/api/v1/me/digest',
    {
      config: { access: ['practitioner', 'manager'] },
      schema: {
        tags: ['cases'],
        summary: 'Whether the caller gets the daily digest email',
        response: { 200: digestSchema, ...errorResponses },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      return request.tenant(async (tx) => ({ enabled: await digestEnabled(tx, viewer.serviceId, viewer.userId) }));
    },
  );

  app.put<{ Body: { enabled: boolean } }>(
    '/api/v1/me/digest',
    {
      config: { access: ['practitioner', 'manager'] },
      schema: {
        tags: ['cases'],
        summary:
          'Opt in to (or out of) a daily email with the counts of your worklist and a link: never a name, reference or answer',
        body: {
          type: 'object',
          required: ['enabled'],
          additionalProperties: false,
          properties: { enabled: { type: 'boolean' } },
        },
        response: { 200: digestSchema, ...errorResponses },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      return request.tenant(async (tx) => {
        const enabled = await setDigest(tx, viewer.serviceId, viewer.userId, request.body.enabled);
        await auditInTx(tx, request, {
          action: 'user.digest_set',
          objectType: 'user',
          objectId: viewer.userId,
          status: 200,
          details: { enabled },
        });
        return { enabled };
      });
    },
  );
}
