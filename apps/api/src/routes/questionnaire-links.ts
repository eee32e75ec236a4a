/**
 * Staff routes for a case's client questionnaire links: create (the only time the token is
 * seen, inside the URL), list (status, never the token) and revoke.
 */
import {
  type CreatedLinkReply,
  createdLinkSchema,
  type QuestionnaireLinkReply,
  questionnaireLinkSchema,
} from '@harbour/contract';
import type { FastifyInstance } from 'fastify';
import { inCase } from '../cases/case-request';
import { auditInTx } from '../lib/audit';
import { errorResponses, uuid } from '../lib/schemas';
import type { Access } from '../plugins/auth';
import { DEFAULT_LINK_HOURS, MAX_LINK_HOURS } from '../questionnaire/link-status';
import { createLink, linkSummary, listLinks, revokeLink } from '../questionnaire/links';

const problemResponses = { ...errorResponses, 409: errorResponses[400], 422: errorResponses[400] } as const;

const caseParams = {
  type: 'object',
  required: ['id'],
  properties: { id: uuid },
  additionalProperties: false,
} as const;

const linkParams = {
  type: 'object',
  required: ['id', 'linkId'],
  properties: { id: uuid, linkId: uuid },
  additionalProperties: false,
} as const;

// Practitioners for their own cases (and cases shared with the service), managers for any.
const staffOfTheCase: { access: Access[]; caseLevel: true } = { access: ['practitioner', 'manager'], caseLevel: true };

export default async function questionnaireLinkRoutes(app: FastifyInstance) {
  app.post<{
    Params: { id: string };
    Body: { formKey: string; childRef?: string; occasion?: number; language?: string; expiresInHours?: number };
    Reply: { 201: CreatedLinkReply };
  }>(
    '/api/v1/cases/:id/questionnaire-links',
    {
      config: staffOfTheCase,
      schema: {
        tags: ['cases'],
        summary: 'Create a one-time link for the client to answer a client form of this case',
        description:
          'The token appears only in `url`, this once: the server keeps its SHA-256 digest. The link works once and expires (default 72 hours, at most 14 days).',
        params: caseParams,
        body: {
          type: 'object',
          required: ['formKey'],
          additionalProperties: false,
          properties: {
            formKey: { type: 'string', minLength: 1, maxLength: 100 },
            childRef: {
              type: 'string',
              pattern: '^C[0-9]{1,2}$',
              description: "A child recorded on the case's children.intake, for a child's own questionnaire",
            },
            occasion: {
              type: 'integer',
              minimum: 1,
              maximum: 999,
              description: "for a client review form, the review it answers (default: the case's latest review)",
            },
            language: {
              type: 'string',
              pattern: '^[a-z]{2,3}$',
              default: 'en',
              description: "The language the page opens in: a language pack's code (GET /api/v1/languages)",
            },
            expiresInHours: { type: 'integer', minimum: 1, maximum: MAX_LINK_HOURS, default: DEFAULT_LINK_HOURS },
          },
        },
        response: {
          201: createdLinkSchema,
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const now = app.clock();
      const { link, token } = await inCase(
        request,
        request.params.id,
        'questionnaire_link.create',
        async (tx, kase) => {
          const created = await createLink(tx, app.registry, {
            kase,
            formKey: request.body.formKey,
            ...(request.body.childRef !== undefined ? { childRef: request.body.childRef } : {}),
            ...(request.body.occasion !== undefined ? { occasion: request.body.occasion } : {}),
            language: request.body.language ?? 'en',
            hours: request.body.expiresInHours ?? DEFAULT_LINK_HOURS,
            userId: request.auth!.userId,
            now,
          });
          await auditInTx(tx, request, {
            action: 'questionnaire_link.create',
            objectType: 'questionnaire_link',
            objectId: created.link.id,
            status: 201,
            details: {
              caseId: kase.id,
              formKey: created.link.form_key,
              childRef: created.link.child_ref,
              ...(created.link.occasion ? { occasion: created.link.occasion } : {}),
              language: created.link.language,
              expiresAt: created.link.expires_at,
            },
          });
          return created;
        },
      );
      return reply.status(201).send({
        id: link.id,
        url: `${app.publicUrl()}/q/${token}`,
        expiresAt: link.expires_at,
        formKey: link.form_key,
        childRef: link.child_ref,
        occasion: link.occasion || null,
        language: link.language,
      });
    },
  );

  app.get<{ Params: { id: string }; Reply: { 200: QuestionnaireLinkReply[] } }>(
    '/api/v1/cases/:id/questionnaire-links',
    {
      config: staffOfTheCase,
      schema: {
        tags: ['cases'],
        summary: "The case's questionnaire links: which were created, used, expired or revoked (never the token)",
        params: caseParams,
        response: { 200: { type: 'array', items: questionnaireLinkSchema }, ...errorResponses },
      },
    },
    async (request) => {
      const now = app.clock();
      return inCase(request, request.params.id, 'questionnaire_link.list', async (tx, kase) => {
        const links = await listLinks(tx, kase);
        await auditInTx(tx, request, {
          action: 'questionnaire_link.list',
          objectType: 'case',
          objectId: kase.id,
          status: 200,
        });
        return links.map((link) => linkSummary(link, now));
      });
    },
  );

  app.post<{ Params: { id: string; linkId: string }; Reply: { 200: QuestionnaireLinkReply } }>(
    '/api/v1/cases/:id/questionnaire-links/:linkId/revoke',
    {
      config: staffOfTheCase,
      schema: {
        tags: ['cases'],
        summary: 'Revoke a questionnaire link that has not been used',
        params: linkParams,
        response: { 200: questionnaireLinkSchema, ...problemResponses },
      },
    },
    async (request) => {
      const now = app.clock();
      return inCase(request, request.params.id, 'questionnaire_link.revoke', async (tx, kase) => {
        const link = await revokeLink(tx, kase, request.params.linkId, now);
        await auditInTx(tx, request, {
          action: 'questionnaire_link.revoke',
          objectType: 'questionnaire_link',
          objectId: link.id,
          status: 200,
          details: { caseId: kase.id },
        });
        return linkSummary(link, now);
      });
    },
  );
}
