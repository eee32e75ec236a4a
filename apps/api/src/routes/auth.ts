import type { FastifyInstance } from 'fastify';
import { createToken, revokeToken, tokensOf } from '../accounts/api-tokens';
import { acceptInvitation } from '../accounts/invitations';
import { changePassword, signIn, signOut } from '../accounts/sign-in';
import { clearSessionCookie } from '../auth/sessions';
import { dateTime, errorResponses, idParams, uuid } from '../lib/schemas';

const userSchema = {
  type: 'object',
  properties: { id: uuid, email: { type: 'string' }, name: { type: 'string' } },
} as const;

const meSchema = {
  type: 'object',
  properties: {
    user: {
      type: 'object',
      properties: {
        ...userSchema.properties,
        platformRole: { type: ['string', 'null'] },
        mustChangePassword: { type: 'boolean' },
        secondFactorEnabled: { type: 'boolean' },
        secondFactorRequired: { type: 'boolean' },
        mustEnrolSecondFactor: { type: 'boolean' },
      },
    },
    memberships: {
      type: 'array',
      items: {
        type: 'object',
        properties: { serviceId: uuid, role: { type: 'string' }, practitionerRole: { type: ['string', 'null'] } },
      },
    },
    serviceId: { type: ['string', 'null'] },
    role: { type: ['string', 'null'] },
  },
} as const;

const tokenSchema = {
  type: 'object',
  properties: {
    id: uuid,
    name: { type: 'string' },
    createdAt: dateTime,
    expiresAt: dateTime,
    lastUsedAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

/** Signing in and out, the password, API tokens and accepting an invitation. */
export default async function authRoutes(app: FastifyInstance) {
  app.post<{ Body: { email: string; password: string } }>(
    '/api/v1/auth/login',
    {
      config: { access: ['public'], rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets an httpOnly session cookie',
        security: [],
        body: {
          type: 'object',
          required: ['email', 'password'],
          additionalProperties: false,
          properties: {
            email: { type: 'string', minLength: 3, maxLength: 254 },
            password: { type: 'string', minLength: 1, maxLength: 1024 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              user: userSchema,
              secondFactorRequired: { type: 'boolean' },
              mustChangePassword: { type: 'boolean' },
              secondFactorLocked: {
                type: 'boolean',
                description: 'Authenticator codes are locked after too many wrong ones: use a recovery code',
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => signIn(app, request, reply, request.body),
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { access: ['authenticated'], duringSignIn: true, beforeSecondFactor: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign out: ends the session on the server',
        response: { 204: { type: 'null' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      await signOut(app, request);
      clearSessionCookie(reply, app.config);
      reply.header('Clear-Site-Data', '"cache", "cookies", "storage"');
      return reply.status(204).send();
    },
  );

  app.post<{ Body: { currentPassword: string; newPassword: string; revokeTokens?: boolean } }>(
    '/api/v1/auth/password',
    {
      // reachable before a required password change, never before a second factor the user has
      config: {
        access: ['authenticated'],
        duringSignIn: true,
        sessionOnly: true,
        rateLimit: { max: 10, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary:
          "Change your password; ends the user's other sessions and, unless revokeTokens is false, their API tokens",
        body: {
          type: 'object',
          required: ['currentPassword', 'newPassword'],
          additionalProperties: false,
          properties: {
            currentPassword: { type: 'string', maxLength: 1024 },
            newPassword: { type: 'string', maxLength: 1024 },
            revokeTokens: { type: 'boolean', default: true },
          },
        },
        response: { 204: { type: 'null' }, 422: errorResponses[400], ...errorResponses },
      },
    },
    async (request, reply) => {
      await changePassword(app, request, request.body);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      config: { access: ['authenticated'], duringSignIn: true, beforeSecondFactor: true },
      schema: {
        tags: ['auth'],
        summary: 'Who am I, and where may I act',
        response: { 200: meSchema, ...errorResponses },
      },
    },
    async (request) => {
      const auth = request.auth!;
      return {
        user: {
          id: auth.userId,
          email: auth.email,
          name: auth.name,
          platformRole: auth.platformRole,
          mustChangePassword: auth.mustChangePassword,
          secondFactorEnabled: auth.hasSecondFactor,
          secondFactorRequired: !auth.secondFactorDone,
          mustEnrolSecondFactor: auth.mustEnrolSecondFactor,
        },
        memberships: auth.memberships,
        serviceId: auth.serviceId,
        role: auth.role,
      };
    },
  );

  app.post<{ Body: { name: string; expiresInDays?: number } }>(
    '/api/v1/auth/tokens',
    {
      // a token cannot make tokens: one leaked token must not outlive its own revocation
      config: { access: ['authenticated'], sessionOnly: true },
      schema: {
        tags: ['auth'],
        summary: 'Create a personal API token (shown once); only from a signed-in session',
        body: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100 },
            expiresInDays: { type: 'integer', minimum: 1, maximum: 365, default: 30 },
          },
        },
        response: {
          201: { type: 'object', properties: { id: uuid, token: { type: 'string' }, expiresAt: dateTime } },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => reply.status(201).send(await createToken(app, request, request.body)),
  );

  app.get(
    '/api/v1/auth/tokens',
    {
      config: { access: ['authenticated'] },
      schema: {
        tags: ['auth'],
        summary: 'Your API tokens (never the secrets)',
        response: { 200: { type: 'array', items: tokenSchema }, ...errorResponses },
      },
    },
    async (request) => tokensOf(app, request.auth!.userId),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/v1/auth/tokens/:id',
    {
      config: { access: ['authenticated'] },
      schema: {
        tags: ['auth'],
        summary: 'Revoke an API token',
        params: idParams,
        response: { 204: { type: 'null' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      await revokeToken(app, request, request.params.id);
      return reply.status(204).send();
    },
  );

  app.post<{ Body: { token: string; name?: string; password?: string } }>(
    '/api/v1/invitations/accept',
    {
      config: { access: ['public'], rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary:
          'Accept an invitation to a service: someone new gives a name and password to create their account; someone with an account accepts while signed in as it',
        security: [],
        body: {
          type: 'object',
          required: ['token'],
          additionalProperties: false,
          properties: {
            token: { type: 'string', minLength: 1, maxLength: 200 },
            name: { type: 'string', minLength: 1, maxLength: 200 },
            password: { type: 'string', maxLength: 1024 },
          },
        },
        response: {
          201: {
            type: 'object',
            properties: {
              serviceId: uuid,
              userId: uuid,
              email: { type: 'string' },
              role: { type: 'string' },
              practitionerRole: { type: ['string', 'null'] },
            },
          },
          409: errorResponses[400],
          422: errorResponses[400],
          ...errorResponses,
        },
      },
    },
    async (request, reply) => reply.status(201).send(await acceptInvitation(app, request, request.body)),
  );
}
