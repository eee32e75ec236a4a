/** Opening cases, the caseload, and one case with its responses. */
import { caseDetailSchema, caseloadSchema, caseSummarySchema } from '@harbour/contract';
import type { PractitionerRole } from '@harbour/db';
import type { FastifyInstance } from 'fastify';
import { inCase, viewerOf } from '../cases/case-request';
import { caseDetail, loadCaseView, summarizeCase, workerName } from '../cases/case-view';
import { type CaseloadFilters, listCaseload } from '../cases/caseload';
import { ukDate } from '../cases/dates';
import { claimKey, IDEMPOTENCY_KEY_SCHEMA, jsonHash, recordResult } from '../cases/idempotency';
import { openCase } from '../cases/open-case';
import { auditInTx } from '../lib/audit';
import { errorResponses, idParams, isoDate, practitionerRoles, uuid, writeErrors } from '../lib/schemas';
import { encodeCase, identifiersDigest, type LinkageInput, linkageInputSchema } from '../linkage/encode-case';
import { linkageKeyring } from '../linkage/region-keys';

const OPEN_ROUTE = 'POST /api/v1/cases';

type OpenCaseBody = {
  reference?: string;
  workerId?: string;
  openedAt: string;
  practitionerRole?: PractitionerRole;
  identifiers?: LinkageInput;
};

export default async function caseRoutes(app: FastifyInstance) {
  app.post<{ Body: OpenCaseBody; Headers: { 'idempotency-key'?: string } }>(
    '/api/v1/cases',
    {
      config: { access: ['practitioner', 'manager'], caseLevel: true },
      schema: {
        tags: ['cases'],
        summary: 'Open a case: a practitioner for themselves, a manager for any worker of the service',
        headers: { type: 'object', properties: { 'idempotency-key': IDEMPOTENCY_KEY_SCHEMA } },
        body: {
          type: 'object',
          required: ['openedAt'],
          additionalProperties: false,
          properties: {
            reference: { type: 'string', minLength: 1, maxLength: 100 },
            workerId: uuid,
            openedAt: isoDate,
            practitionerRole: { type: 'string', enum: practitionerRoles },
            identifiers: linkageInputSchema,
          },
        },
        response: { 200: caseSummarySchema, 201: caseSummarySchema, ...writeErrors, ...errorResponses },
      },
    },
    async (request, reply) => {
      const auth = request.auth!;
      const viewer = viewerOf(request);
      const key = request.headers['idempotency-key'];
      const scope = key ? { serviceId: viewer.serviceId, userId: viewer.userId, route: OPEN_ROUTE, key } : undefined;
      const now = app.clock();
      const today = ukDate(now);
      const { identifiers, ...opening } = request.body;
      // the identifiers enter the idempotency record only as a keyed digest
      const hashed = identifiers
        ? { ...opening, identifiers: identifiersDigest(app.keyring.master, identifiers) }
        : opening;
      const result = await request.tenant(async (tx) => {
        if (scope) {
          const stored = await claimKey(tx, scope, jsonHash(hashed));
          if (stored) return stored;
        }
        const kase = await openCase(tx, {
          ...opening,
          serviceId: viewer.serviceId,
          userId: viewer.userId,
          role: auth.role as 'practitioner' | 'manager',
          today,
        });
        const matches = identifiers
          ? await encodeCase(
              tx,
              {
                keyring: linkageKeyring(app.keyring.master),
                serviceId: viewer.serviceId,
                caseId: kase.id,
                userId: viewer.userId,
                today,
                ip: request.ip,
                pointer: '/identifiers',
              },
              identifiers,
            )
          : 0;
        const view = await loadCaseView(tx, app.registry, viewer.serviceId, today);
        const body = summarizeCase(view, kase, await workerName(tx, kase.worker_id), [], null);
        await auditInTx(tx, request, {
          action: 'case.opened',
          objectType: 'case',
          objectId: kase.id,
          status: 201,
          // whether identifiers were encoded and matched, never what they were
          details: {
            workerId: kase.worker_id,
            ...(identifiers ? { linkageEncoded: true, linkageMatches: matches } : {}),
          },
        });
        const fresh = { status: 201, body: JSON.parse(JSON.stringify(body)) as unknown };
        if (scope) await recordResult(tx, scope, fresh);
        return fresh;
      });
      return reply.status(result.status).send(result.body);
    },
  );

  app.get<{ Querystring: Omit<CaseloadFilters, 'limit'> & { limit?: number } }>(
    '/api/v1/cases',
    {
      config: { access: ['practitioner', 'manager'], caseLevel: true },
      schema: {
        tags: ['cases'],
        summary:
          "The caseload, newest first: a practitioner's own cases (and shared ones), the service's for a manager",
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: ['open', 'closed'] },
            workerId: uuid,
            openedFrom: isoDate,
            openedTo: isoDate,
            reference: { type: 'string', minLength: 1, maxLength: 100 },
            flag: { type: 'string', pattern: '^[a-z][a-z0-9_]*$', maxLength: 100 },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            cursor: { type: 'string', maxLength: 200 },
          },
        },
        response: { 200: caseloadSchema, ...errorResponses },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const today = ukDate(app.clock());
      return request.tenant(async (tx) => {
        const view = await loadCaseView(tx, app.registry, viewer.serviceId, today);
        const page = await listCaseload(tx, view, viewer, { ...request.query, limit: request.query.limit ?? 50 });
        await auditInTx(tx, request, {
          action: 'case.listed',
          objectType: 'case',
          status: 200,
          details: { filters: request.query, cases: page.items.map((c) => c.id) },
        });
        return page;
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/cases/:id',
    {
      config: { access: ['practitioner', 'manager'], caseLevel: true },
      schema: {
        tags: ['cases'],
        summary: 'One case with its responses and the forms offered to it',
        params: idParams,
        response: { 200: caseDetailSchema, ...errorResponses },
      },
    },
    async (request) =>
      inCase(request, request.params.id, 'case.read', async (tx, kase) => {
        const view = await loadCaseView(tx, app.registry, kase.service_id, ukDate(app.clock()));
        const detail = await caseDetail(tx, view, kase, app.sealer);
        await auditInTx(tx, request, { action: 'case.read', objectType: 'case', objectId: kase.id, status: 200 });
        return detail;
      }),
  );
}
