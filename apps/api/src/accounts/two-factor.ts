/**
 * The second factor: time-based one-time passwords (RFC 6238) and one-time recovery codes.
 * Wrong codes are counted across sign-ins (a new password sign-in does not reset them): after
 * LOCK_AFTER_WRONG_CODES within the window, authenticator codes stop working until a recovery
 * code is used or the platform admin opens them again, and the owner hears of the wrong codes
 * when they next complete a sign-in.
 */
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
import { AppError, conflict, notFound, unprocessable } from '../lib/errors';
import { withSecurityTables } from '../security/tables';
import { withAccountTables } from './tables';

export const LOCK_AFTER_WRONG_CODES = 10;
export const WRONG_CODE_WINDOW_MS = 24 * 3_600_000;

const cleanCode = (code: string) => code.replace(/\s/g, '');

export type SecondFactorNotice = { locked: boolean; wrongCodes: number };

/** Whether the authenticator codes are locked, and how many wrong codes the owner has not been told of. */
export async function secondFactorNotice(app: FastifyInstance, userId: string): Promise<SecondFactorNotice> {
  const row = await withAccountTables(app.db)
    .selectFrom('second_factor_failures')
    .select(['locked_at', 'unseen'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return { locked: Boolean(row?.locked_at), wrongCodes: row?.unseen ?? 0 };
}

function userRow(app: FastifyInstance, userId: string) {
  return app.db
    .selectFrom('users')
    .select(['id', 'email', 'password_hash', 'totp_secret', 'totp_enabled_at', 'totp_last_step'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

async function markSession(app: FastifyInstance, request: FastifyRequest) {
  const hash = request.auth?.sessionHash;
  if (hash)
    await app.db.updateTable('sessions').set({ second_factor_at: app.clock() }).where('id_hash', '=', hash).execute();
}

/** Counts a wrong code in the window; the count that reaches the limit locks the codes and ends every session. */
async function wrongCode(app: FastifyInstance, request: FastifyRequest, userId: string): Promise<never> {
  const now = app.clock();
  const windowStart = new Date(now.getTime() - WRONG_CODE_WINDOW_MS);
  const row = await withAccountTables(app.db)
    .insertInto('second_factor_failures')
    .values({ user_id: userId, failures: 1, window_started_at: now, unseen: 1 })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet((eb) => ({
        failures: eb
          .case()
          .when('second_factor_failures.window_started_at', '<', windowStart)
          .then(1)
          .else(eb('second_factor_failures.failures', '+', 1))
          .end(),
        window_started_at: eb
          .case()
          .when('second_factor_failures.window_started_at', '<', windowStart)
          .then(now)
          .else(eb.ref('second_factor_failures.window_started_at'))
          .end(),
        unseen: eb('second_factor_failures.unseen', '+', 1),
      })),
    )
    .returning(['failures', 'locked_at'])
    .executeTakeFirstOrThrow();
  await auditAlone(app.db, request, { action: 'auth.second_factor_failed', status: 401 });
  if (row.failures >= LOCK_AFTER_WRONG_CODES && !row.locked_at) {
    await withAccountTables(app.db)
      .updateTable('second_factor_failures')
      .set({ locked_at: now })
      .where('user_id', '=', userId)
      .execute();
    await endSessions(app.db, userId);
    await auditAlone(app.db, request, { action: 'auth.second_factor_locked', status: 423 });
    throw lockedError();
  }
  throw unprocessable('That code is not right, or was already used', [{ pointer: '/code', message: 'is not right' }]);
}

const lockedError = () =>
  new AppError(
    423,
    'Too many wrong codes: codes from your authenticator app are locked. Use a recovery code, or ask the platform admin',
  );

export function secondFactorStatus(request: FastifyRequest) {
  const auth = request.auth!;
  return {
    enabled: auth.hasSecondFactor,
    required: secondFactorRequired(
      auth.platformRole,
      auth.memberships.map((m) => m.role),
    ),
    verified: auth.hasSecondFactor && auth.secondFactorDone,
  };
}

export async function startSetup(app: FastifyInstance, request: FastifyRequest) {
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
}

export async function enableSecondFactor(app: FastifyInstance, request: FastifyRequest, code: string) {
  const user = await userRow(app, request.auth!.userId);
  if (user.totp_enabled_at) throw conflict('Two-step verification is already on');
  if (!user.totp_secret) throw conflict('Start the set-up first');
  const secret = app.keyring.openUserSecret(user.id, 'totp_secret', user.totp_secret);
  const now = app.clock();
  const step = acceptedStep(secret, cleanCode(code), now, null);
  if (step === null) return wrongCode(app, request, user.id);
  const codes = newRecoveryCodes();
  await app.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({ totp_enabled_at: now, totp_last_step: step })
      .where('id', '=', user.id)
      .execute();
    await withAccountTables(tx).deleteFrom('second_factor_failures').where('user_id', '=', user.id).execute();
    await withSecurityTables(tx).deleteFrom('recovery_codes').where('user_id', '=', user.id).execute();
    await withSecurityTables(tx)
      .insertInto('recovery_codes')
      .values(codes.map((c) => ({ user_id: user.id, code_hash: recoveryCodeHash(c) })))
      .execute();
  });
  await markSession(app, request);
  await auditAlone(app.db, request, { action: 'auth.second_factor_enabled', status: 200 });
  return { recoveryCodes: codes };
}

export type Verification = { code?: string; recoveryCode?: string };

/**
 * Finishes a sign-in. A right recovery code opens locked codes again; while they are locked, an
 * authenticator code is refused whatever it is, so guessing on gains nothing.
 */
export async function verifySecondFactor(app: FastifyInstance, request: FastifyRequest, b: Verification) {
  const user = await userRow(app, request.auth!.userId);
  if (!user.totp_enabled_at || !user.totp_secret) throw conflict('Two-step verification is not on for you');
  const now = app.clock();
  const before = await secondFactorNotice(app, user.id);
  if (b.recoveryCode !== undefined) {
    const used = await withSecurityTables(app.db)
      .updateTable('recovery_codes')
      .set({ used_at: now })
      .where('user_id', '=', user.id)
      .where('code_hash', '=', recoveryCodeHash(b.recoveryCode))
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (used.numUpdatedRows === 0n) return wrongCode(app, request, user.id);
  } else {
    if (before.locked) {
      await auditAlone(app.db, request, { action: 'auth.second_factor_failed', status: 423 });
      throw lockedError();
    }
    const secret = app.keyring.openUserSecret(user.id, 'totp_secret', user.totp_secret);
    const step = acceptedStep(secret, cleanCode(b.code ?? ''), now, Number(user.totp_last_step ?? -1));
    if (step === null) return wrongCode(app, request, user.id);
    // the guard in the WHERE makes two concurrent uses of one code succeed at most once
    const claimed = await app.db
      .updateTable('users')
      .set({ totp_last_step: step })
      .where('id', '=', user.id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    if (claimed.numUpdatedRows === 0n) return wrongCode(app, request, user.id);
  }
  await withAccountTables(app.db).deleteFrom('second_factor_failures').where('user_id', '=', user.id).execute();
  await markSession(app, request);
  await auditAlone(app.db, request, {
    action: 'auth.second_factor_verified',
    status: 200,
    details: { with: b.recoveryCode !== undefined ? 'recovery_code' : 'totp', wrongCodesBefore: before.wrongCodes },
  });
  const left = await withSecurityTables(app.db)
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', user.id)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { recoveryCodesLeft: Number(left.n), wrongCodesSinceLastSignIn: before.wrongCodes, wasLocked: before.locked };
}

export async function disableSecondFactor(app: FastifyInstance, request: FastifyRequest, password: string) {
  const user = await userRow(app, request.auth!.userId);
  if (!user.password_hash || !(await verifyPassword(user.password_hash, password))) {
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
    await withAccountTables(tx).deleteFrom('second_factor_failures').where('user_id', '=', user.id).execute();
  });
  await auditAlone(app.db, request, { action: 'auth.second_factor_disabled', status: 204 });
}

/** The platform admin opens a user's locked authenticator codes again (after checking who asks). */
export async function unlockSecondFactor(app: FastifyInstance, request: FastifyRequest, userId: string) {
  const opened = await withAccountTables(app.db)
    .updateTable('second_factor_failures')
    .set({ locked_at: null, failures: 0, window_started_at: app.clock() })
    .where('user_id', '=', userId)
    .where('locked_at', 'is not', null)
    .executeTakeFirst();
  if (opened.numUpdatedRows === 0n) throw notFound();
  await auditAlone(
    app.db,
    request,
    { action: 'auth.second_factor_unlocked', objectType: 'user', objectId: userId, status: 204 },
    { serviceId: null },
  );
}
