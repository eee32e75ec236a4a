/** A service's form modules: which are installed, and when each is active for the service. */
import { serviceModuleSchema } from '@harbour/contract';
import { withTenant } from '@harbour/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ukDate } from '../cases/dates';
import { notFound } from '../lib/errors';
import { errorResponses, isoDate, problemSchema, uuid } from '../lib/schemas';
import { serviceModules, setModuleWindow } from '../services/module-windows';

const moduleParams = {
  type: 'object',
  required: ['id', 'moduleKey'],
  additionalProperties: false,
  properties: { id: uuid, moduleKey: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;

function tenantOf(request: FastifyRequest, serviceId: string) {
  return { serviceId, userId: request.auth!.userId, role: request.auth!.role };
}

/** A member of the service, or a platform admin: anyone else is told the service does not exist. */
function checkService(request: FastifyRequest, serviceId: string): void {
  if (request.auth!.role !== 'admin' && request.auth!.serviceId !== serviceId) throw notFound();
}

export default async function serviceModuleRoutes(app: FastifyInstance) {
  app.get<{ Params: { id: string } }>(
    '/api/v1/services/:id/modules',
    {
      config: { access: ['admin', 'manager', 'practitioner'] },
      schema: {
        tags: ['modules'],
        summary: "The installed form modules, with each one's activation window for the service",
        params: {
          type: 'object',
          required: ['id'],
          additionalProperties: false,
          properties: { id: uuid },
        },
        response: { 200: { type: 'array', items: serviceModuleSchema }, ...errorResponses },
      },
    },
    async (request) => {
      checkService(request, request.params.id);
      return withTenant(app.db, tenantOf(request, request.params.id), (tx) =>
        serviceModules(tx, app.registry, request.params.id, ukDate(app.clock())),
      );
    },
  );

  app.put<{ Params: { id: string; moduleKey: string }; Body: { activeFrom: string; activeTo?: string | null } }>(
    '/api/v1/services/:id/modules/:moduleKey',
    {
      config: { access: ['admin', 'manager'] },
      schema: {
        tags: ['modules'],
        summary: 'Set the dates a module is active for the service (activeTo left out: open-ended)',
        params: moduleParams,
        body: {
          type: 'object',
          required: ['activeFrom'],
          additionalProperties: false,
          properties: { activeFrom: isoDate, activeTo: { type: ['string', 'null'], format: 'date' } },
        },
        response: { 200: serviceModuleSchema, 422: problemSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { id: serviceId, moduleKey } = request.params;
      checkService(request, serviceId);
      return withTenant(app.db, tenantOf(request, serviceId), (tx) =>
        setModuleWindow(tx, request, {
          registry: app.registry,
          serviceId,
          moduleKey,
          activeFrom: request.body.activeFrom,
          activeTo: request.body.activeTo ?? null,
          now: app.clock(),
          today: ukDate(app.clock()),
        }),
      );
    },
  );
}
