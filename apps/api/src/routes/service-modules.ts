/** A service's form modules: which are installed, and when each is active for the service. */
import { withTenant } from '@harbour/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ukDate } from '../cases/dates';
import { isModuleActive, type ModuleWindow } from '../cases/module-activity';
import { auditInTx } from '../lib/audit';
import { AppError, notFound, unprocessable } from '../lib/errors';
import { errorResponses, isoDate, problemSchema, uuid } from '../lib/schemas';

const moduleSchema = {
  type: 'object',
  properties: {
    key: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    version: { type: 'integer' },
    alwaysActive: { type: 'boolean' },
    activeFrom: { type: ['string', 'null'], format: 'date' },
    activeTo: { type: ['string', 'null'], format: 'date' },
    activeToday: { type: 'boolean' },
    forms: { type: 'array', items: { type: 'string' } },
  },
} as const;

const moduleParams = {
  type: 'object',
  required: ['id', 'moduleKey'],
  additionalProperties: false,
  properties: { id: uuid, moduleKey: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;

function tenantOf(request: FastifyRequest, serviceId: string) {
  return { serviceId, userId: request.auth!.userId, role: request.auth!.role };
}

export default async function serviceModuleRoutes(app: FastifyInstance) {
  const describe = (windows: ModuleWindow[], today: string) =>
    app.registry.modules().map((module) => {
      const window = windows.find((w) => w.moduleKey === module.key);
      return {
        key: module.key,
        title: module.title,
        description: module.description,
        version: module.version,
        alwaysActive: module.alwaysActive === true,
        activeFrom: window?.activeFrom ?? null,
        activeTo: window?.activeTo ?? null,
        activeToday: isModuleActive(module, windows, { from: today, to: today }),
        forms: [...new Set(module.forms.map((f) => f.key))],
      };
    });

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
        response: { 200: { type: 'array', items: moduleSchema }, ...errorResponses },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const serviceId = request.params.id;
      if (auth.role !== 'admin' && auth.serviceId !== serviceId) throw notFound();
      const rows = await withTenant(app.db, tenantOf(request, serviceId), (tx) =>
        tx
          .selectFrom('service_modules')
          .select(['module_key', 'active_from', 'active_to'])
          .where('service_id', '=', serviceId)
          .execute(),
      );
      const windows = rows.map((r) => ({ moduleKey: r.module_key, activeFrom: r.active_from, activeTo: r.active_to }));
      return describe(windows, ukDate(app.clock()));
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
        response: { 200: moduleSchema, 422: problemSchema, ...errorResponses },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const { id: serviceId, moduleKey } = request.params;
      if (auth.role !== 'admin' && auth.serviceId !== serviceId) throw notFound();
      const module = app.registry.module(moduleKey);
      if (!module) throw new AppError(404, `There is no installed module called ${moduleKey}`);
      if (module.alwaysActive) {
        throw unprocessable(`The ${module.title} module is always active and its dates cannot be changed`);
      }
      const { activeFrom, activeTo = null } = request.body;
      if (activeTo !== null && activeTo < activeFrom) {
        throw unprocessable('A module cannot stop before it starts', [
          { pointer: '/activeTo', message: `must be on or after activeFrom (${activeFrom})` },
        ]);
      }
      const windows = await withTenant(app.db, tenantOf(request, serviceId), async (tx) => {
        const service = await tx.selectFrom('services').select('id').where('id', '=', serviceId).executeTakeFirst();
        if (!service) throw notFound();
        await tx
          .insertInto('service_modules')
          .values({ service_id: serviceId, module_key: module.key, active_from: activeFrom, active_to: activeTo })
          .onConflict((oc) =>
            oc
              .columns(['service_id', 'module_key'])
              .doUpdateSet({ active_from: activeFrom, active_to: activeTo, updated_at: app.clock() }),
          )
          .execute();
        await auditInTx(
          tx,
          request,
          {
            action: 'service.module_set',
            objectType: 'service',
            objectId: serviceId,
            status: 200,
            details: { module: module.key, activeFrom, activeTo },
          },
          serviceId,
        );
        return [{ moduleKey: module.key, activeFrom, activeTo }];
      });
      return describe(windows, ukDate(app.clock())).find((m) => m.key === module.key);
    },
  );
}
