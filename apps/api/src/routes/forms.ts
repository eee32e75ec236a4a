/** The forms offered to the caller's service (today, or on a case's dates), and one form's schema and UI hints. */
import { formSummarySchema, openObject } from '@harbour/contract';
import type { FastifyInstance } from 'fastify';
import { formSummary } from '../cases/case-view';
import { ukDate } from '../cases/dates';
import { findCase } from '../cases/find-case';
import { casePeriod, loadModuleWindows, offeredForms } from '../cases/module-activity';
import { auditInTx } from '../lib/audit';
import { AppError } from '../lib/errors';
import { errorResponses, uuid } from '../lib/schemas';

export const formKeySchema = {
  type: 'string',
  pattern: '^[a-z][a-z0-9-]*\\.[a-z][a-z0-9_]*$',
  maxLength: 100,
} as const;

export default async function formRoutes(app: FastifyInstance) {
  app.get<{ Querystring: { caseId?: string } }>(
    '/api/v1/forms',
    {
      config: { access: ['practitioner', 'manager'] },
      schema: {
        tags: ['forms'],
        summary: "The forms of the modules active for the caller's service today, or on a case's dates",
        querystring: { type: 'object', additionalProperties: false, properties: { caseId: uuid } },
        response: { 200: { type: 'array', items: formSummarySchema }, ...errorResponses },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const serviceId = auth.serviceId!;
      const today = ukDate(app.clock());
      const { caseId } = request.query;
      return request.tenant(async (tx) => {
        let period = { from: today, to: today };
        if (caseId) {
          const kase = await findCase(tx, { serviceId, userId: auth.userId, role: auth.role }, caseId);
          period = casePeriod({ openedAt: kase.opened_at, closedAt: kase.closed_at }, today);
          await auditInTx(tx, request, {
            action: 'case.forms_read',
            objectType: 'case',
            objectId: caseId,
            status: 200,
          });
        }
        return offeredForms(app.registry, await loadModuleWindows(tx, serviceId), period).map(formSummary);
      });
    },
  );

  app.get<{ Params: { formKey: string } }>(
    '/api/v1/forms/:formKey',
    {
      config: { access: ['authenticated'] },
      schema: {
        tags: ['forms'],
        summary: 'One form: its JSON Schema (which validates answers) and its UI hints',
        params: {
          type: 'object',
          required: ['formKey'],
          additionalProperties: false,
          properties: { formKey: formKeySchema },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              ...formSummarySchema.properties,
              description: { type: 'string' },
              schema: openObject,
              ui: openObject,
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { formKey } = request.params;
      const form = app.registry.form(formKey);
      const module = app.registry.moduleOf(formKey);
      if (!form || !module) throw new AppError(404, `There is no form called ${formKey}`);
      return { ...form, moduleKey: module.key };
    },
  );
}
