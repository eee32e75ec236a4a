import { memberSchema } from '@harbour/contract';
import type { MemberRole, PractitionerRole, ServiceKind } from '@harbour/db';
import type { FastifyInstance } from 'fastify';
import { invitationsOf, invite, revokeInvitation } from '../accounts/invitations';
import { createPlatformUser, disableAccount, endMembership, membersOf } from '../accounts/members';
import { changeService, createService, serviceFor, servicesFor } from '../accounts/services';
import { unlockSecondFactor } from '../accounts/two-factor';
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

const invitationSchema = {
  type: 'object',
  properties: {
    id: uuid,
    email: { type: 'string' },
    role: { type: 'string' },
    practitionerRole: { type: ['string', 'null'] },
    fte: { type: 'number' },
    createdAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: 'string', format: 'date-time' },
    status: { type: 'string', enum: ['pending', 'accepted', 'revoked', 'expired'] },
  },
} as const;

const memberParams = {
  type: 'object',
  required: ['id', 'userId'],
  additionalProperties: false,
  properties: { id: uuid, userId: uuid },
} as const;

const invitationParams = {
  type: 'object',
  required: ['id', 'invitationId'],
  additionalProperties: false,
  properties: { id: uuid, invitationId: uuid },
} as const;

/** Services, accounts, memberships and invitations: each route is its schema and one call. */
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
    async (request, reply) => reply.status(201).send(await createService(app, request, request.body)),
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
    async (request) => servicesFor(app, request.auth!),
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
    async (request) => serviceFor(app, request.auth!, request.params.id),
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
    async (request) => changeService(app, request, request.params.id, request.body),
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
    async (request, reply) => reply.status(201).send(await createPlatformUser(app, request, request.body)),
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/users/:id/disable',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['administration'],
        summary: 'Disable an account everywhere (platform admin only): its sessions and tokens stop at once',
        params: idParams,
        response: { 204: { type: 'null' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      await disableAccount(app, request, request.params.id);
      return reply.status(204).send();
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/users/:id/second-factor/unlock',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['administration'],
        summary: "Open a user's authenticator codes again after too many wrong ones (platform admin only)",
        params: idParams,
        response: { 204: { type: 'null' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      await unlockSecondFactor(app, request, request.params.id);
      return reply.status(204).send();
    },
  );

  app.post<{
    Params: { id: string };
    Body: { email: string; role: MemberRole; practitionerRole?: PractitionerRole; fte?: number };
  }>(
    '/api/v1/services/:id/invitations',
    {
      config: { access: ['admin', 'manager'] },
      schema: {
        tags: ['administration'],
        summary:
          'Invite someone to the service: a one-time link and code, shown once, that expire. The answer is the same whether the email has an account or not',
        params: idParams,
        body: {
          type: 'object',
          required: ['email', 'role'],
          additionalProperties: false,
          properties: {
            email: { type: 'string', format: 'email', maxLength: 254 },
            role: { type: 'string', enum: ['practitioner', 'manager'] },
            practitionerRole: { type: 'string', enum: practitionerRoles },
            fte: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
          },
        },
        response: {
          201: {
            type: 'object',
            properties: { ...invitationSchema.properties, code: { type: 'string' }, url: { type: 'string' } },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => reply.status(201).send(await invite(app, request, request.params.id, request.body)),
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/services/:id/invitations',
    {
      config: { access: ['admin', 'manager'] },
      schema: {
        tags: ['administration'],
        summary: "The service's invitations (never their secrets)",
        params: idParams,
        response: { 200: { type: 'array', items: invitationSchema }, ...errorResponses },
      },
    },
    async (request) => invitationsOf(app, request, request.params.id),
  );

  app.delete<{ Params: { id: string; invitationId: string } }>(
    '/api/v1/services/:id/invitations/:invitationId',
    {
      config: { access: ['admin', 'manager'] },
      schema: {
        tags: ['administration'],
        summary: 'Withdraw an invitation that has not been accepted',
        params: invitationParams,
        response: { 204: { type: 'null' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      await revokeInvitation(app, request, request.params.id, request.params.invitationId);
      return reply.status(204).send();
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
    async (request) => membersOf(app, request, request.params.id),
  );

  app.delete<{ Params: { id: string; userId: string } }>(
    '/api/v1/services/:id/members/:userId',
    {
      config: { access: ['admin', 'manager'] },
      schema: {
        tags: ['administration'],
        summary: "End someone's membership of the service (their account and other services stay)",
        params: memberParams,
        response: { 204: { type: 'null' }, 409: errorResponses[400], ...errorResponses },
      },
    },
    async (request, reply) => {
      await endMembership(app, request, request.params.id, request.params.userId);
      return reply.status(204).send();
    },
  );
}
