import type { FastifyInstance } from 'fastify';
import {
  disableSecondFactor,
  enableSecondFactor,
  secondFactorStatus,
  startSetup,
  verifySecondFactor,
} from '../accounts/two-factor';
import { errorResponses } from '../lib/schemas';

const codeBody = {
  type: 'object',
  required: ['code'],
  additionalProperties: false,
  properties: { code: { type: 'string', pattern: '^[0-9 ]{6,7}$' } },
} as const;

const statusSchema = {
  type: 'object',
  properties: {
    enabled: { type: 'boolean' },
    required: { type: 'boolean' },
    verified: { type: 'boolean' },
  },
} as const;

/** Time-based one-time passwords (RFC 6238) as the second factor for staff. */
export default async function twoFactorRoutes(app: FastifyInstance) {
  app.get(
    '/api/v1/auth/2fa',
    {
      config: { access: ['authenticated'], duringSignIn: true, beforeSecondFactor: true },
      schema: {
        tags: ['auth'],
        summary: 'Whether two-step verification is on, required for you, and done in this session',
        response: { 200: statusSchema, ...errorResponses },
      },
    },
    async (request) => secondFactorStatus(request),
  );

  app.post(
    '/api/v1/auth/2fa/setup',
    {
      config: {
        access: ['authenticated'],
        duringSignIn: true,
        sessionOnly: true,
        rateLimit: { max: 10, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary: 'Start setting up an authenticator app: a new secret as an otpauth URI and a QR code',
        response: {
          200: {
            type: 'object',
            properties: {
              otpauthUri: { type: 'string' },
              secret: { type: 'string' },
              qrCode: { type: 'string', description: 'PNG data URL' },
              qrCodeSvg: { type: 'string' },
            },
          },
          409: errorResponses[400],
          ...errorResponses,
        },
      },
    },
    async (request) => startSetup(app, request),
  );

  app.post<{ Body: { code: string } }>(
    '/api/v1/auth/2fa/enable',
    {
      config: {
        access: ['authenticated'],
        duringSignIn: true,
        sessionOnly: true,
        rateLimit: { max: 10, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary: 'Confirm the authenticator app with a code; returns recovery codes, shown once',
        body: codeBody,
        response: {
          200: { type: 'object', properties: { recoveryCodes: { type: 'array', items: { type: 'string' } } } },
          409: errorResponses[400],
          422: errorResponses[400],
          423: errorResponses[400],
          ...errorResponses,
        },
      },
    },
    async (request) => enableSecondFactor(app, request, request.body.code),
  );

  app.post<{ Body: { code?: string; recoveryCode?: string } }>(
    '/api/v1/auth/2fa/verify',
    {
      config: {
        access: ['authenticated'],
        duringSignIn: true,
        beforeSecondFactor: true,
        rateLimit: { max: 10, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary:
          'Finish signing in with a code from the authenticator app or a recovery code; says how many wrong codes were tried since your last sign-in',
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          maxProperties: 1,
          properties: {
            code: codeBody.properties.code,
            recoveryCode: { type: 'string', minLength: 16, maxLength: 40 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              recoveryCodesLeft: { type: 'integer' },
              wrongCodesSinceLastSignIn: { type: 'integer' },
              wasLocked: { type: 'boolean' },
            },
          },
          409: errorResponses[400],
          422: errorResponses[400],
          423: errorResponses[400],
          ...errorResponses,
        },
      },
    },
    async (request) => verifySecondFactor(app, request, request.body),
  );

  app.post<{ Body: { password: string } }>(
    '/api/v1/auth/2fa/disable',
    {
      config: { access: ['authenticated'], sessionOnly: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Turn two-step verification off (roles that require it must set it up again)',
        body: {
          type: 'object',
          required: ['password'],
          additionalProperties: false,
          properties: { password: { type: 'string', minLength: 1, maxLength: 1024 } },
        },
        response: { 204: { type: 'null' }, 409: errorResponses[400], 422: errorResponses[400], ...errorResponses },
      },
    },
    async (request, reply) => {
      await disableSecondFactor(app, request, request.body.password);
      return reply.status(204).send();
    },
  );
}
