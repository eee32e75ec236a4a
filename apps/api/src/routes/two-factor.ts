import type { FastifyInstance, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { verifyPassword } from '../auth/passwords';
import {
  acceptedStep,
  newRecoveryCodes,
  newTotpSecret,
  recoveryCodeHash,
  secondFactorRequired,
  totpUri,
} from '../auth/second-factor';
import { endSessions } from '../auth/sessions';
import { auditAlone } from '../lib/audit';
import { AppError, conflict, unauthorized, unprocessable } from '../lib/errors';
import { errorResponses } from '../lib/schemas';
import { withSecurityTables } from '../security/tables';

// After this many wrong codes the session ends: the password has its own slow-down.
const MAX_FAILED_CODES = 5;

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

function cleanCode(code: string): string {
  return code.replace(/\s/g, '');
}

/** Time-based one-time passwords (RFC 6238) as the second factor for staff. */
export default async function twoFactorRoutes(app: FastifyInstance) {
  async function userRow(userId: string) {
    return app.db
      .selectFrom('users')
      .select(['id', 'email', 'password_hash', 'totp_secret', 'totp_enabled_at', 'totp_last_step', 'failed_logins'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
  }

  async function markSession(request: FastifyRequest) {
    const hash = request.auth?.sessionHash;
    if (hash)
      await app.db.updateTable('sessions').set({ second_factor_at: app.clock() }).where('id_hash', '=', hash).execute();
  }

  async function failedCode(request: FastifyRequest, userId: string, failures: number): Promise<never> {
    await app.db
      .updateTable('users')
      .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1), last_failed_login_at: app.clock() }))
      .where('id', '=', userId)
      .execute();
    await auditAlone(app.db, request, { action: 'auth.second_factor_failed', status: 401 });
    if (failures + 1 >= MAX_FAILED_CODES) {
      await endSessions(app.db, userId);
      throw unauthorized('Too many wrong codes: sign in again');
    }
    throw unprocessable('That code is not right, or was already used', [{ pointer: '/code', message: 'is not right' }]);
  }

  app.get(
    '/api/v1/auth/2fa',
    {
      config: { access: ['authenticated'], duringSignIn: true },
      schema: {
        tags: ['auth'],
        summary: 'Whether two-step verification is on, required for you, and done in this session',
        response: { 200: statusSchema, ...errorResponses },
      },
    },
    async (request) => {
      const auth = request.auth!;
      return {
        enabled: auth.hasSecondFactor,
        required: secondFactorRequired(
          auth.platformRole,
          auth.memberships.map((m) => m.role),
        ),
        verified: auth.hasSecondFactor && auth.secondFactorDone,
      };
    },
  );

  app.post(
    '/api/v1/auth/2fa/setup',
    {
      config: { access: ['authenticated'], duringSignIn: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
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
    async (request) => {
      const auth = request.auth!;
      if (auth.hasSecondFactor) throw conflict('Two-step verification is already on: turn it off first to change it');
      const secret = newTotpSecret();
      await app.db
        .updateTable('users')
        .set({ totp_secret: app.keyring.sealUserSecret(auth.userId, 'totp_secret', secret), totp_last_step: null })
        .where('id', '=', auth.userId)
        .execute();
      const otpauthUri = totpUri(secret, auth.email);
      await auditAlone(app.db, request, { action: 'auth.second_factor_setup', status: 200 });
      return {
        otpauthUri,
        secret,
        qrCode: await QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 2 }),
        qrCodeSvg: await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
      };
    },
  );

  app.post<{ Body: { code: string } }>(
    '/api/v1/auth/2fa/enable',
    {
      config: { access: ['authenticated'], duringSignIn: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Confirm the authenticator app with a code; returns recovery codes, shown once',
        body: codeBody,
        response: {
          200: { type: 'object', properties: { recoveryCodes: { type: 'array', items: { type: 'string' } } } },
          409: errorResponses[400],
          422: errorResponses[400],
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const user = await userRow(auth.userId);
      if (user.totp_enabled_at) throw conflict('Two-step verification is already on');
      if (!user.totp_secret) throw conflict('Start the set-up first');
      const secret = app.keyring.openUserSecret(user.id, 'totp_secret', user.totp_secret);
      const now = app.clock();
      const step = acceptedStep(secret, cleanCode(request.body.code), now, null);
      if (step === null) return failedCode(request, user.id, user.failed_logins);
      const codes = newRecoveryCodes();
      await app.db.transaction().execute(async (tx) => {
        await tx
          .updateTable('users')
          .set({ totp_enabled_at: now, totp_last_step: step, failed_logins: 0, last_failed_login_at: null })
          .where('id', '=', user.id)
          .execute();
        await withSecurityTables(tx).deleteFrom('recovery_codes').where('user_id', '=', user.id).execute();
        await withSecurityTables(tx)
          .insertInto('recovery_codes')
          .values(codes.map((code) => ({ user_id: user.id, code_hash: recoveryCodeHash(code) })))
          .execute();
      });
      await markSession(request);
      await auditAlone(app.db, request, { action: 'auth.second_factor_enabled', status: 200 });
      return { recoveryCodes: codes };
    },
  );

  app.post<{ Body: { code?: string; recoveryCode?: string } }>(
    '/api/v1/auth/2fa/verify',
    {
      config: { access: ['authenticated'], duringSignIn: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Finish signing in with a code from the authenticator app or a recovery code',
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
          200: { type: 'object', properties: { recoveryCodesLeft: { type: 'integer' } } },
          409: errorResponses[400],
          422: errorResponses[400],
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const user = await userRow(auth.userId);
      if (!user.totp_enabled_at || !user.totp_secret) throw conflict('Two-step verification is not on for you');
      const now = app.clock();
      if (request.body.recoveryCode !== undefined) {
        const used = await withSecurityTables(app.db)
          .updateTable('recovery_codes')
          .set({ used_at: now })
          .where('user_id', '=', user.id)
          .where('code_hash', '=', recoveryCodeHash(request.body.recoveryCode))
          .where('used_at', 'is', null)
          .executeTakeFirst();
        if (used.numUpdatedRows === 0n) return failedCode(request, user.id, user.failed_logins);
      } else {
        const secret = app.keyring.openUserSecret(user.id, 'totp_secret', user.totp_secret);
        const step = acceptedStep(secret, cleanCode(request.body.code ?? ''), now, Number(user.totp_last_step ?? -1));
        if (step === null) return failedCode(request, user.id, user.failed_logins);
        // the guard in the WHERE makes two concurrent uses of one code succeed at most once
        const claimed = await app.db
          .updateTable('users')
          .set({ totp_last_step: step })
          .where('id', '=', user.id)
          .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
          .executeTakeFirst();
        if (claimed.numUpdatedRows === 0n) return failedCode(request, user.id, user.failed_logins);
      }
      await app.db
        .updateTable('users')
        .set({ failed_logins: 0, last_failed_login_at: null })
        .where('id', '=', user.id)
        .execute();
      await markSession(request);
      await auditAlone(app.db, request, {
        action: 'auth.second_factor_verified',
        status: 200,
        details: { with: request.body.recoveryCode !== undefined ? 'recovery_code' : 'totp' },
      });
      const left = await withSecurityTables(app.db)
        .selectFrom('recovery_codes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', user.id)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow();
      return { recoveryCodesLeft: Number(left.n) };
    },
  );

  app.post<{ Body: { password: string } }>(
    '/api/v1/auth/2fa/disable',
    {
      config: { access: ['authenticated'], rateLimit: { max: 10, timeWindow: '1 minute' } },
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
      const auth = request.auth!;
      const user = await userRow(auth.userId);
      if (!user.password_hash || !(await verifyPassword(user.password_hash, request.body.password))) {
        throw unprocessable('The password is not right', [{ pointer: '/password', message: 'is not right' }]);
      }
      if (!user.totp_enabled_at) throw new AppError(409, 'Two-step verification is not on for you');
      await app.db.transaction().execute(async (tx) => {
        await tx
          .updateTable('users')
          .set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null })
          .where('id', '=', user.id)
          .execute();
        await withSecurityTables(tx).deleteFrom('recovery_codes').where('user_id', '=', user.id).execute();
      });
      await auditAlone(app.db, request, { action: 'auth.second_factor_disabled', status: 204 });
      return reply.status(204).send();
    },
  );
}
