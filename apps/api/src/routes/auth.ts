import type { FastifyInstance } from 'fastify';
import { dummyPasswordHash, hashPassword, passwordProblems, verifyPassword } from '../auth/passwords';
import { clearSessionCookie, endSessions, openSession } from '../auth/sessions';
import { newSecret, secretHash } from '../auth/tokens';
import { auditAlone } from '../lib/audit';
import { AppError, unauthorized, unprocessable } from '../lib/errors';
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

// After this many failures in a row, each further attempt on the account waits longer.
const FREE_FAILURES = 5;
const MAX_DELAY_SECONDS = 15 * 60;

function retryAfterSeconds(failures: number): number {
  return failures < FREE_FAILURES ? 0 : Math.min(MAX_DELAY_SECONDS, 2 ** (failures - FREE_FAILURES) * 5);
}

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
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const now = app.clock();
      const email = request.body.email.trim().toLowerCase();
      const user = await app.db
        .selectFrom('users')
        .select([
          'id',
          'email',
          'name',
          'password_hash',
          'disabled_at',
          'failed_logins',
          'last_failed_login_at',
          'must_change_password',
          'totp_enabled_at',
        ])
        .where('email', '=', email)
        .executeTakeFirst();

      if (user?.last_failed_login_at) {
        const wait =
          retryAfterSeconds(user.failed_logins) * 1000 - (now.getTime() - user.last_failed_login_at.getTime());
        if (wait > 0) {
          throw new AppError(429, 'Too many failed attempts: wait a little and try again', undefined, {
            'Retry-After': String(Math.ceil(wait / 1000)),
          });
        }
      }
      const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), request.body.password);
      if (!user || !ok || user.disabled_at || !user.password_hash) {
        if (user) {
          await app.db
            .updateTable('users')
            .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1), last_failed_login_at: now }))
            .where('id', '=', user.id)
            .execute();
        }
        await auditAlone(
          app.db,
          request,
          { action: 'auth.login_failed', status: 401 },
          { serviceId: null, userId: user?.id ?? null },
        );
        throw unauthorized('The email or password is not right');
      }
      await app.db
        .updateTable('users')
        .set({ failed_logins: 0, last_failed_login_at: null })
        .where('id', '=', user.id)
        .execute();
      await openSession(app.db, reply, app.config, user, {
        ip: request.ip,
        userAgent: request.headers['user-agent'],
        now,
      });
      await auditAlone(app.db, request, { action: 'auth.login', status: 200 }, { serviceId: null, userId: user.id });
      return {
        user: { id: user.id, email: user.email, name: user.name },
        secondFactorRequired: user.totp_enabled_at !== null,
        mustChangePassword: user.must_change_password,
      };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { access: ['authenticated'], duringSignIn: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign out: ends the session on the server',
        response: { 204: { type: 'null' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const auth = request.auth;
      if (auth?.sessionHash) await app.db.deleteFrom('sessions').where('id_hash', '=', auth.sessionHash).execute();
      clearSessionCookie(reply, app.config);
      await auditAlone(app.db, request, { action: 'auth.logout', status: 204 });
      reply.header('Clear-Site-Data', '"cache", "cookies", "storage"');
      return reply.status(204).send();
    },
  );

  app.post<{ Body: { currentPassword: string; newPassword: string } }>(
    '/api/v1/auth/password',
    {
      config: { access: ['authenticated'], duringSignIn: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: "Change your password; ends the user's other sessions",
        body: {
          type: 'object',
          required: ['currentPassword', 'newPassword'],
          additionalProperties: false,
          properties: {
            currentPassword: { type: 'string', maxLength: 1024 },
            newPassword: { type: 'string', maxLength: 1024 },
          },
        },
        response: { 204: { type: 'null' }, 422: errorResponses[400], ...errorResponses },
      },
    },
    async (request, reply) => {
      const auth = request.auth!;
      const user = await app.db
        .selectFrom('users')
        .select(['password_hash'])
        .where('id', '=', auth.userId)
        .executeTakeFirstOrThrow();
      if (!user.password_hash || !(await verifyPassword(user.password_hash, request.body.currentPassword))) {
        throw unprocessable('The current password is not right', [
          { pointer: '/currentPassword', message: 'is not right' },
        ]);
      }
      const problems = passwordProblems(request.body.newPassword, '/newPassword');
      if (problems.length) throw unprocessable('Choose another password', problems);
      await app.db
        .updateTable('users')
        .set({ password_hash: await hashPassword(request.body.newPassword), must_change_password: false })
        .where('id', '=', auth.userId)
        .execute();
      await endSessions(app.db, auth.userId, auth.sessionHash);
      await auditAlone(app.db, request, { action: 'auth.password_changed', status: 204 });
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      config: { access: ['authenticated'], duringSignIn: true },
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

  app.post<{ Body: { name: string; expiresInDays?: number } }>(
    '/api/v1/auth/tokens',
    {
      config: { access: ['authenticated'] },
      schema: {
        tags: ['auth'],
        summary: 'Create a personal API token (shown once)',
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
    async (request, reply) => {
      const auth = request.auth!;
      const token = newSecret('hbt_');
      const expiresAt = new Date(app.clock().getTime() + (request.body.expiresInDays ?? 30) * 86_400_000);
      const row = await app.db
        .insertInto('api_tokens')
        .values({ user_id: auth.userId, name: request.body.name, token_hash: secretHash(token), expires_at: expiresAt })
        .returning(['id'])
        .executeTakeFirstOrThrow();
      await auditAlone(app.db, request, {
        action: 'auth.token_created',
        objectType: 'api_token',
        objectId: row.id,
        status: 201,
      });
      return reply.status(201).send({ id: row.id, token, expiresAt: expiresAt.toISOString() });
    },
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
    async (request) => {
      const rows = await app.db
        .selectFrom('api_tokens')
        .select(['id', 'name', 'created_at', 'expires_at', 'last_used_at'])
        .where('user_id', '=', request.auth!.userId)
        .where('revoked_at', 'is', null)
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        createdAt: r.created_at.toISOString(),
        expiresAt: r.expires_at.toISOString(),
        lastUsedAt: r.last_used_at?.toISOString() ?? null,
      }));
    },
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
      const result = await app.db
        .updateTable('api_tokens')
        .set({ revoked_at: app.clock() })
        .where('id', '=', request.params.id)
        .where('user_id', '=', request.auth!.userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw new AppError(404, 'Not found');
      await auditAlone(app.db, request, {
        action: 'auth.token_revoked',
        objectType: 'api_token',
        objectId: request.params.id,
        status: 204,
      });
      return reply.status(204).send();
    },
  );
}
