import { type MemberRole, type PractitionerRole, type ServiceKind, withTenant } from '@harbour/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hashPassword, passwordProblems } from '../auth/passwords';
import { endSessions } from '../auth/sessions';
import { newSecret } from '../auth/tokens';
import { auditAlone, auditInTx } from '../lib/audit';
import { conflict, notFound, unprocessable } from '../lib/errors';
import { errorResponses, idParams, isoDate, practitionerRoles, serviceKinds, uuid } from '../lib/schemas';

const serviceSchema = {
  type: 'object',
  properties: {
    id: uuid,
    name: { type: 'string' },
    kind: { type: 'string' },
    localAuthority: { type: ['string', 'null'] },
    sharesNationalDataset: { type: 'boolean' },
    sharesNationalDatasetFrom: { type: ['string', 'null'], format: 'date' },
    namedInResearch: { type: 'boolean' },
    settings: {
      type: 'object',
      properties: {
        riskHighFrom: { type: 'integer' },
        riskMediumFrom: { type: 'integer' },
        safeCaseloadPerFte: { type: 'integer' },
        retentionYears: { type: 'integer' },
        disclosureThreshold: { type: 'integer' },
        reviewIntervalMonths: { type: 'integer' },
        followUpMonths: { type: 'array', items: { type: 'integer' } },
      },
    },
  },
} as const;

const settingsBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    riskHighFrom: { type: 'integer', minimum: 1, maximum: 24 },
    riskMediumFrom: { type: 'integer', minimum: 1, maximum: 24 },
    safeCaseloadPerFte: { type: 'integer', minimum: 1, maximum: 500 },
    retentionYears: { type: 'integer', minimum: 1, maximum: 50 },
    disclosureThreshold: { type: 'integer', minimum: 2, maximum: 50 },
    reviewIntervalMonths: {
      type: 'integer',
      minimum: 1,
      maximum: 12,
      description: 'months between reviews (default 3)',
    },
    followUpMonths: {
      type: 'array',
      items: { type: 'integer', minimum: 1, maximum: 24 },
      minItems: 1,
      maxItems: 4,
      uniqueItems: true,
      description: 'months after closure at which a client who agreed is followed up (default [3, 6])',
    },
  },
} as const;

const memberSchema = {
  type: 'object',
  properties: {
    userId: uuid,
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    practitionerRole: { type: ['string', 'null'] },
    fte: { type: 'number' },
    disabled: { type: 'boolean' },
    oneTimePassword: { type: 'string' },
  },
} as const;

type ServiceRow = {
  id: string;
  name: string;
  kind: string;
  local_authority: string | null;
  shares_national_dataset: boolean;
  shares_national_dataset_from: string | null;
  named_in_research: boolean;
  settings: Record<string, unknown>;
};

function serviceOut(s: ServiceRow) {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    localAuthority: s.local_authority,
    sharesNationalDataset: s.shares_national_dataset,
    sharesNationalDatasetFrom: s.shares_national_dataset_from,
    namedInResearch: s.named_in_research,
    settings: s.settings,
  };
}

/** A manager may act on their own service; an admin on any. Others see nothing (404). */
function assertServiceAccess(request: FastifyRequest, serviceId: string, managersToo: boolean) {
  const auth = request.auth!;
  if (auth.platformRole === 'admin' && auth.role === 'admin') return;
  if (managersToo && auth.role === 'manager' && auth.serviceId === serviceId) return;
  throw notFound();
}

async function passwordFor(given: string | undefined, pointer: string) {
  if (given !== undefined) {
    const problems = passwordProblems(given, pointer);
    if (problems.length) throw unprocessable('Choose another password', problems);
    return { hash: await hashPassword(given), oneTime: undefined, mustChange: false };
  }
  const oneTime = newSecret().slice(0, 20);
  return { hash: await hashPassword(oneTime), oneTime, mustChange: true };
}

export default async function adminRoutes(app: FastifyInstance) {
  app.post<{
    Body: {
      name: string;
      kind: ServiceKind;
      localAuthority?: string;
      sharesNationalDataset?: boolean;
      namedInResearch?: boolean;
      settings?: Record<string, number | number[]>;
    };
  }>(
    '/api/v1/services',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['administration'],
        summary: 'Create a service (tenant)',
        body: {
          type: 'object',
          required: ['name', 'kind'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            kind: { type: 'string', enum: serviceKinds },
            localAuthority: { type: 'string', pattern: '^[EWSN][0-9]{8}$' },
            sharesNationalDataset: { type: 'boolean' },
            namedInResearch: { type: 'boolean' },
            settings: settingsBody,
          },
        },
        response: { 201: serviceSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const today = app.clock().toISOString().slice(0, 10);
      const row = await app.db
        .insertInto('services')
        .values({
          name: b.name,
          kind: b.kind,
          local_authority: b.localAuthority ?? null,
          shares_national_dataset: b.sharesNationalDataset ?? false,
          shares_national_dataset_from: b.sharesNationalDataset ? today : null,
          named_in_research: b.namedInResearch ?? false,
          settings: JSON.stringify(b.settings ?? {}),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await auditAlone(
        app.db,
        request,
        { action: 'service.created', objectType: 'service', objectId: row.id, status: 201 },
        { serviceId: null },
      );
      return reply.status(201).send(serviceOut(row));
    },
  );

  app.get(
    '/api/v1/services',
    {
      config: { access: ['authenticated'] },
      schema: {
        tags: ['administration'],
        summary: 'Services: all for an admin, your own otherwise',
        response: { 200: { type: 'array', items: serviceSchema }, ...errorResponses },
      },
    },
    async (request) => {
      const auth = request.auth!;
      let query = app.db.selectFrom('services').selectAll().orderBy('name');
      if (auth.role !== 'admin') {
        const ids = auth.memberships.map((m) => m.serviceId);
        if (ids.length === 0) return [];
        query = query.where('id', 'in', ids);
      }
      return (await query.execute()).map(serviceOut);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/services/:id',
    {
      config: { access: ['admin', 'manager', 'practitioner'] },
      schema: {
        tags: ['administration'],
        summary: 'One service',
        params: idParams,
        response: { 200: serviceSchema, ...errorResponses },
      },
    },
    async (request) => {
      const auth = request.auth!;
      if (auth.role !== 'admin' && auth.serviceId !== request.params.id) throw notFound();
      const row = await app.db
        .selectFrom('services')
        .selectAll()
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      if (!row) throw notFound();
      return serviceOut(row);
    },
  );

  app.patch<{
    Params: { id: string };
    Body: {
      name?: string;
      localAuthority?: string | null;
      sharesNationalDataset?: boolean;
      sharesNationalDatasetFrom?: string;
      namedInResearch?: boolean;
      settings?: Record<string, number | number[]>;
    };
  }>(
    '/api/v1/services/:id',
    {
      config: { access: ['admin', 'manager'] },
      schema: {
        tags: ['administration'],
        summary: 'Change a service: managers its settings; the platform admin also its national-dataset sharing',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            localAuthority: { type: ['string', 'null'], pattern: '^[EWSN][0-9]{8}$' },
            sharesNationalDataset: { type: 'boolean' },
            sharesNationalDatasetFrom: isoDate,
            namedInResearch: { type: 'boolean' },
            settings: settingsBody,
          },
        },
        response: { 200: serviceSchema, ...errorResponses },
      },
    },
    async (request) => {
      const auth = request.auth!;
      assertServiceAccess(request, request.params.id, true);
      const b = request.body;
      const adminOnly = ['sharesNationalDataset', 'sharesNationalDatasetFrom', 'namedInResearch'] as const;
      const tried = adminOnly.filter((k) => b[k] !== undefined);
      if (auth.role !== 'admin' && tried.length > 0) {
        throw unprocessable(
          'Only the platform admin can change national-dataset sharing',
          tried.map((k) => ({ pointer: `/${k}`, message: 'can be changed only by the platform admin' })),
        );
      }
      const current = await app.db
        .selectFrom('services')
        .selectAll()
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      if (!current) throw notFound();
      const today = app.clock().toISOString().slice(0, 10);
      const row = await app.db
        .updateTable('services')
        .set({
          ...(b.name !== undefined ? { name: b.name } : {}),
          ...(b.localAuthority !== undefined ? { local_authority: b.localAuthority } : {}),
          ...(b.sharesNationalDataset !== undefined
            ? {
                shares_national_dataset: b.sharesNationalDataset,
                shares_national_dataset_from: b.sharesNationalDatasetFrom ?? today,
              }
            : {}),
          ...(b.namedInResearch !== undefined ? { named_in_research: b.namedInResearch } : {}),
          ...(b.settings ? { settings: JSON.stringify({ ...current.settings, ...b.settings }) } : {}),
        })
        .where('id', '=', request.params.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await auditAlone(
        app.db,
        request,
        {
          action: 'service.updated',
          objectType: 'service',
          objectId: row.id,
          status: 200,
          details: { fields: Object.keys(b) },
        },
        { serviceId: auth.role === 'admin' ? null : row.id },
      );
      return serviceOut(row);
    },
  );

  app.post<{ Body: { email: string; name: string; platformRole: 'admin' | 'researcher'; password?: string } }>(
    '/api/v1/users',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['administration'],
        summary: 'Create a platform-level user (researcher or admin)',
        body: {
          type: 'object',
          required: ['email', 'name', 'platformRole'],
          additionalProperties: false,
          properties: {
            email: { type: 'string', format: 'email', maxLength: 254 },
            name: { type: 'string', minLength: 1, maxLength: 200 },
            platformRole: { type: 'string', enum: ['researcher', 'admin'] },
            password: { type: 'string', maxLength: 1024 },
          },
        },
        response: {
          201: {
            type: 'object',
            properties: {
              id: uuid,
              email: { type: 'string' },
              name: { type: 'string' },
              platformRole: { type: 'string' },
              oneTimePassword: { type: 'string' },
            },
          },
          409: errorResponses[400],
          422: errorResponses[400],
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const email = b.email.trim().toLowerCase();
      const exists = await app.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
      if (exists) throw conflict('A user with this email exists');
      const password = await passwordFor(b.password, '/password');
      const row = await app.db
        .insertInto('users')
        .values({
          email,
          name: b.name,
          platform_role: b.platformRole,
          password_hash: password.hash,
          must_change_password: password.mustChange,
        })
        .returning(['id'])
        .executeTakeFirstOrThrow();
      await auditAlone(
        app.db,
        request,
        {
          action: 'user.created',
          objectType: 'user',
          objectId: row.id,
          status: 201,
          details: { platformRole: b.platformRole },
        },
        { serviceId: null },
      );
      return reply.status(201).send({
        id: row.id,
        email,
        name: b.name,
        platformRole: b.platformRole,
        ...(password.oneTime ? { oneTimePassword: password.oneTime } : {}),
      });
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/users/:id/disable',
    {
      config: { access: ['admin', 'manager'] },
      schema: {
        tags: ['administration'],
        summary: 'Disable a user: their sessions and tokens stop at once',
        params: idParams,
        response: { 204: { type: 'null' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const auth = request.auth!;
      if (auth.role === 'manager') {
        const member = await request.tenant((tx) =>
          tx
            .selectFrom('memberships')
            .select('user_id')
            .where('service_id', '=', auth.serviceId!)
            .where('user_id', '=', request.params.id)
            .executeTakeFirst(),
        );
        if (!member) throw notFound();
      }
      const result = await app.db
        .updateTable('users')
        .set({ disabled_at: app.clock() })
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw notFound();
      await endSessions(app.db, request.params.id);
      await app.db
        .updateTable('api_tokens')
        .set({ revoked_at: app.clock() })
        .where('user_id', '=', request.params.id)
        .where('revoked_at', 'is', null)
        .execute();
      await auditAlone(app.db, request, {
        action: 'user.disabled',
        objectType: 'user',
        objectId: request.params.id,
        status: 204,
      });
      return reply.status(204).send();
    },
  );

  app.post<{
    Params: { id: string };
    Body: {
      email: string;
      name: string;
      role: MemberRole;
      practitionerRole?: PractitionerRole;
      fte?: number;
      password?: string;
    };
  }>(
    '/api/v1/services/:id/members',
    {
      config: { access: ['admin', 'manager'] },
      schema: {
        tags: ['administration'],
        summary: 'Add a practitioner or manager to a service',
        params: idParams,
        body: {
          type: 'object',
          required: ['email', 'name', 'role'],
          additionalProperties: false,
          properties: {
            email: { type: 'string', format: 'email', maxLength: 254 },
            name: { type: 'string', minLength: 1, maxLength: 200 },
            role: { type: 'string', enum: ['practitioner', 'manager'] },
            practitionerRole: { type: 'string', enum: practitionerRoles },
            fte: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
            password: { type: 'string', maxLength: 1024 },
          },
        },
        response: { 201: memberSchema, 409: errorResponses[400], 422: errorResponses[400], ...errorResponses },
      },
    },
    async (request, reply) => {
      const serviceId = request.params.id;
      assertServiceAccess(request, serviceId, true);
      const service = await app.db.selectFrom('services').select('id').where('id', '=', serviceId).executeTakeFirst();
      if (!service) throw notFound();
      const b = request.body;
      const email = b.email.trim().toLowerCase();
      let user = await app.db
        .selectFrom('users')
        .select(['id', 'name', 'disabled_at'])
        .where('email', '=', email)
        .executeTakeFirst();
      let oneTime: string | undefined;
      if (!user) {
        const password = await passwordFor(b.password, '/password');
        oneTime = password.oneTime;
        user = await app.db
          .insertInto('users')
          .values({ email, name: b.name, password_hash: password.hash, must_change_password: password.mustChange })
          .returning(['id', 'name', 'disabled_at'])
          .executeTakeFirstOrThrow();
      }
      const userId = user.id;
      const auth = request.auth!;
      const created = await withTenant(app.db, { serviceId, userId: auth.userId, role: auth.role }, async (tx) => {
        const existing = await tx
          .selectFrom('memberships')
          .select('user_id')
          .where('service_id', '=', serviceId)
          .where('user_id', '=', userId)
          .executeTakeFirst();
        if (existing) return false;
        await tx
          .insertInto('memberships')
          .values({
            service_id: serviceId,
            user_id: userId,
            role: b.role,
            practitioner_role: b.practitionerRole ?? null,
            fte: b.fte ?? 1,
          })
          .execute();
        await auditInTx(
          tx,
          request,
          { action: 'member.added', objectType: 'user', objectId: userId, status: 201, details: { role: b.role } },
          serviceId,
        );
        return true;
      });
      if (!created) throw conflict('This person is already a member of the service');
      return reply.status(201).send({
        userId,
        email,
        name: user.name,
        role: b.role,
        practitionerRole: b.practitionerRole ?? null,
        fte: b.fte ?? 1,
        disabled: user.disabled_at !== null,
        ...(oneTime ? { oneTimePassword: oneTime } : {}),
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/services/:id/members',
    {
      config: { access: ['admin', 'manager'] },
      schema: {
        tags: ['administration'],
        summary: "The service's practitioners and managers",
        params: idParams,
        response: { 200: { type: 'array', items: memberSchema }, ...errorResponses },
      },
    },
    async (request) => {
      const serviceId = request.params.id;
      assertServiceAccess(request, serviceId, true);
      const rows = await withTenant(
        app.db,
        { serviceId, userId: request.auth!.userId, role: request.auth!.role },
        (tx) =>
          tx
            .selectFrom('memberships as m')
            .innerJoin('users as u', 'u.id', 'm.user_id')
            .select(['u.id', 'u.email', 'u.name', 'u.disabled_at', 'm.role', 'm.practitioner_role', 'm.fte'])
            .where('m.service_id', '=', serviceId)
            .orderBy('u.name')
            .execute(),
      );
      return rows.map((r) => ({
        userId: r.id,
        email: r.email,
        name: r.name,
        role: r.role,
        practitionerRole: r.practitioner_role,
        fte: r.fte,
        disabled: r.disabled_at !== null,
      }));
    },
  );
}
