/**
 * Case-file audits: a manager draws a random sample of each worker's closed cases, scores each
 * file against the themes and writes feedback; the worker reads the feedback on their own
 * files; scores by theme, worker and quarter feed the dashboard. Never in national data.
 */
import type { Tx } from '@harbour/db';
import type { FastifyInstance } from 'fastify';
import {
  AUDIT_THEMES,
  type AuditRow,
  type AuditScores,
  auditSummary,
  auditsOfWorker,
  drawSample,
  listAudits,
  scoreAudit,
} from '../audits/store';
import { auditInTx } from '../lib/audit';
import { badRequest, notFound } from '../lib/errors';
import { errorResponses, isoDate, uuid } from '../lib/schemas';
import { type Aad, envelopeKeyId, open, seal } from '../security/envelope';

const themeKeys = AUDIT_THEMES.map((t) => t.key);
const scoresSchema = {
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(themeKeys.map((key) => [key, { type: ['integer', 'null'], minimum: 1, maximum: 4 }])),
} as const;

const auditSchema = {
  type: 'object',
  properties: {
    id: uuid,
    sampleId: uuid,
    caseId: uuid,
    reference: { type: ['string', 'null'] },
    workerId: uuid,
    workerName: { type: 'string' },
    scores: { type: 'object', additionalProperties: { type: ['integer', 'null'] } },
    feedback: { type: ['string', 'null'] },
    scoredAt: { type: ['string', 'null'] },
  },
} as const;

const feedbackAad = (serviceId: string, auditId: string): Aad => ({
  table: 'case_audits',
  serviceId,
  row: auditId,
  field: 'feedback',
});

export default async function auditRoutes(app: FastifyInstance) {
  /** The audit as the API shows it: feedback opened, the sealed envelope never. */
  const shown = async (tx: Tx, serviceId: string, a: AuditRow) => {
    const { feedbackSealed, drawnAt: _drawnAt, ...rest } = a;
    const feedback = feedbackSealed
      ? open(
          await app.keyring.keyById(tx, serviceId, envelopeKeyId(feedbackSealed)),
          feedbackSealed,
          feedbackAad(serviceId, a.id),
        ).toString('utf8')
      : null;
    return { ...rest, scoredAt: a.scoredAt ? new Date(a.scoredAt).toISOString() : null, feedback };
  };

  app.post<{ Body: { from: string; to: string; perWorker: number } }>(
    '/api/v1/audits/samples',
    {
      config: { access: ['manager'] },
      schema: {
        tags: ['audits'],
        summary: "Draws a random sample of each worker's cases closed in the period, to audit",
        body: {
          type: 'object',
          required: ['from', 'to', 'perWorker'],
          additionalProperties: false,
          properties: { from: isoDate, to: isoDate, perWorker: { type: 'integer', minimum: 1, maximum: 20 } },
        },
        response: {
          201: { type: 'object', properties: { sampleId: uuid, audits: { type: 'array', items: auditSchema } } },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { from, to, perWorker } = request.body;
      if (to < from)
        throw badRequest('The period ends before it starts', [{ pointer: '/to', message: 'must not be before from' }]);
      const serviceId = request.auth!.serviceId!;
      const drawn = await request.tenant(async (tx) => {
        const sample = await drawSample(tx, { serviceId, drawnBy: request.auth!.userId, from, to, perWorker });
        await auditInTx(tx, request, {
          action: 'case_audit.sample',
          objectType: 'case_audit_sample',
          objectId: sample.sampleId,
          status: 201,
          details: { from, to, perWorker, files: sample.audits.length },
        });
        return {
          sampleId: sample.sampleId,
          audits: await Promise.all(sample.audits.map((a) => shown(tx, serviceId, a))),
        };
      });
      return reply.status(201).send(drawn);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/audits/samples/:id',
    {
      config: { access: ['manager'] },
      schema: {
        tags: ['audits'],
        summary: 'The files of a sample, with their scores and feedback',
        params: { type: 'object', required: ['id'], additionalProperties: false, properties: { id: uuid } },
        response: { 200: { type: 'array', items: auditSchema }, ...errorResponses },
      },
    },
    async (request) => {
      const serviceId = request.auth!.serviceId!;
      return request.tenant(async (tx) => {
        const audits = await listAudits(tx, serviceId, { sampleId: request.params.id });
        if (audits.length === 0) throw notFound();
        return Promise.all(audits.map((a) => shown(tx, serviceId, a)));
      });
    },
  );

  app.put<{ Params: { id: string }; Body: { scores: AuditScores; feedback?: string | null } }>(
    '/api/v1/audits/:id',
    {
      config: { access: ['manager'] },
      schema: {
        tags: ['audits'],
        summary: 'Scores a file against the themes (1 inadequate … 4 outstanding, null: not applicable), with feedback',
        params: { type: 'object', required: ['id'], additionalProperties: false, properties: { id: uuid } },
        body: {
          type: 'object',
          required: ['scores'],
          additionalProperties: false,
          properties: { scores: scoresSchema, feedback: { type: ['string', 'null'], maxLength: 4000 } },
        },
        response: { 200: auditSchema, ...errorResponses },
      },
    },
    async (request) => {
      const serviceId = request.auth!.serviceId!;
      const auditId = request.params.id;
      const { scores, feedback } = request.body;
      return request.tenant(async (tx) => {
        const sealed = feedback
          ? await app.keyring
              .currentKey(tx, serviceId)
              .then((key) => seal(key.key, key.id, Buffer.from(feedback, 'utf8'), feedbackAad(serviceId, auditId)))
          : null;
        const scored = await scoreAudit(tx, {
          serviceId,
          auditId,
          auditorId: request.auth!.userId,
          scores,
          feedbackSealed: sealed,
          at: app.clock(),
        });
        if (!scored) throw notFound();
        await auditInTx(tx, request, {
          action: 'case_audit.score',
          objectType: 'case_audit',
          objectId: auditId,
          status: 200,
          details: { themes: Object.keys(scores) },
        });
        const [audit] = await listAudits(tx, serviceId, { auditId });
        return shown(tx, serviceId, audit as AuditRow);
      });
    },
  );

  app.get(
    '/api/v1/audits/mine',
    {
      config: { access: ['practitioner', 'manager'] },
      schema: {
        tags: ['audits'],
        summary: 'The scored audits of my own case files, with the feedback',
        response: { 200: { type: 'array', items: auditSchema }, ...errorResponses },
      },
    },
    async (request) => {
      const serviceId = request.auth!.serviceId!;
      return request.tenant(async (tx) => {
        const audits = await auditsOfWorker(tx, serviceId, request.auth!.userId);
        return Promise.all(audits.map((a) => shown(tx, serviceId, a)));
      });
    },
  );

  app.get<{ Querystring: { from: string; to: string } }>(
    '/api/v1/audits/summary',
    {
      config: { access: ['manager'] },
      schema: {
        tags: ['audits'],
        summary:
          'Mean audit score of each theme over the files scored in the period: overall, by worker and by quarter',
        querystring: {
          type: 'object',
          required: ['from', 'to'],
          additionalProperties: false,
          properties: { from: isoDate, to: isoDate },
        },
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses },
      },
    },
    async (request) => request.tenant((tx) => auditSummary(tx, request.auth!.serviceId!, request.query)),
  );
}
