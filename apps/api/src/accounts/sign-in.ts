/**
 * Signing in with a password, and changing it. Failed sign-ins are counted per email (kept as a
 * digest, so an unknown email is counted exactly like a known one) and address: a run of
 * failures from one address slows that address down for that email, and nobody else. Failures
 * from every address together add a short, growing delay to the email's answers, which slows a
 * spread-out guesser without ever refusing the owner's right password.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { dummyPasswordHash, hashPassword, passwordProblems, verifyPassword } from '../auth/passwords';
import { endSessions, openSession } from '../auth/sessions';
import { secretHash } from '../auth/tokens';
import { auditAlone } from '../lib/audit';
import { AppError, unauthorized, unprocessable } from '../lib/errors';
import { normalEmail } from './members';
import { withAccountTables } from './tables';
import { secondFactorNotice } from './two-factor';

// Failures from one address for one email before that pair waits, and the longest wait.
export const FREE_FAILURES_PER_ADDRESS = 5;
const MAX_WAIT_SECONDS = 15 * 60;
// Failures from all addresses for one email before its answers slow down, and the most they slow.
export const FREE_FAILURES_PER_EMAIL = 20;
const MAX_EMAIL_DELAY_MS = 3_000;
const FORGET_AFTER_MS = 24 * 3_600_000;

export type Credentials = { email: string; password: string };

export function waitSeconds(failures: number): number {
  return failures < FREE_FAILURES_PER_ADDRESS
    ? 0
    : Math.min(MAX_WAIT_SECONDS, 2 ** (failures - FREE_FAILURES_PER_ADDRESS) * 5);
}

export function emailDelayMs(failures: number): number {
  return failures < FREE_FAILURES_PER_EMAIL
    ? 0
    : Math.min(MAX_EMAIL_DELAY_MS, 100 * 2 ** (failures - FREE_FAILURES_PER_EMAIL));
}

const emailDigest = (email: string) => secretHash(`sign-in:${email}`);

async function failuresOf(app: FastifyInstance, emailHash: Buffer, ip: string, now: Date) {
  const since = new Date(now.getTime() - FORGET_AFTER_MS);
  const { rows } = await sql<{ here: number; last_here: Date | null; everywhere: number }>`
    select coalesce(max(failures) filter (where ip = ${ip}::inet), 0)::int as here,
           max(last_failed_at) filter (where ip = ${ip}::inet) as last_here,
           coalesce(sum(failures), 0)::int as everywhere
    from sign_in_failures where email_hash = ${emailHash} and last_failed_at > ${since}`.execute(app.db);
  return rows[0] ?? { here: 0, last_here: null, everywhere: 0 };
}

async function recordFailure(app: FastifyInstance, emailHash: Buffer, ip: string, now: Date) {
  const table = withAccountTables(app.db);
  await table
    .insertInto('sign_in_failures')
    .values({ email_hash: emailHash, ip, failures: 1, last_failed_at: now })
    .onConflict((oc) =>
      oc.columns(['email_hash', 'ip']).doUpdateSet((eb) => ({
        failures: eb('sign_in_failures.failures', '+', 1),
        last_failed_at: now,
      })),
    )
    .execute();
  await table
    .deleteFrom('sign_in_failures')
    .where('last_failed_at', '<', new Date(now.getTime() - FORGET_AFTER_MS))
    .execute();
}

export async function signIn(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, b: Credentials) {
  const now = app.clock();
  const email = normalEmail(b.email);
  const emailHash = emailDigest(email);
  const failures = await failuresOf(app, emailHash, request.ip, now);
  if (failures.last_here) {
    const wait = waitSeconds(failures.here) * 1000 - (now.getTime() - failures.last_here.getTime());
    if (wait > 0) {
      throw new AppError(429, 'Too many failed attempts: wait a little and try again', undefined, {
        'Retry-After': String(Math.ceil(wait / 1000)),
      });
    }
  }
  const delay = emailDelayMs(failures.everywhere);
  if (delay > 0) await sleep(delay);
  const user = await app.db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'password_hash', 'disabled_at', 'must_change_password', 'totp_enabled_at'])
    .where('email', '=', email)
    .executeTakeFirst();
  const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), b.password);
  if (!user || !ok || user.disabled_at || !user.password_hash) {
    await recordFailure(app, emailHash, request.ip, now);
    await auditAlone(
      app.db,
      request,
      { action: 'auth.login_failed', status: 401 },
      { serviceId: null, userId: user?.id ?? null },
    );
    throw unauthorized('The email or password is not right');
  }
  await withAccountTables(app.db)
    .deleteFrom('sign_in_failures')
    .where('email_hash', '=', emailHash)
    .where('ip', '=', request.ip)
    .execute();
  await openSession(app.db, reply, app.config, user, { ip: request.ip, userAgent: request.headers['user-agent'], now });
  await auditAlone(app.db, request, { action: 'auth.login', status: 200 }, { serviceId: null, userId: user.id });
  const hasSecondFactor = user.totp_enabled_at !== null;
  return {
    user: { id: user.id, email: user.email, name: user.name },
    secondFactorRequired: hasSecondFactor,
    mustChangePassword: user.must_change_password,
    secondFactorLocked: hasSecondFactor && (await secondFactorNotice(app, user.id)).locked,
  };
}

export type PasswordChange = { currentPassword: string; newPassword: string; revokeTokens?: boolean };

/**
 * A new password ends the user's other sessions and, unless they keep them, their API tokens:
 * a password changed because it leaked must not leave a door open behind it.
 */
export async function changePassword(app: FastifyInstance, request: FastifyRequest, b: PasswordChange) {
  const auth = request.auth!;
  const user = await app.db
    .selectFrom('users')
    .select(['password_hash'])
    .where('id', '=', auth.userId)
    .executeTakeFirstOrThrow();
  if (!user.password_hash || !(await verifyPassword(user.password_hash, b.currentPassword))) {
    throw unprocessable('The current password is not right', [
      { pointer: '/currentPassword', message: 'is not right' },
    ]);
  }
  const problems = passwordProblems(b.newPassword, '/newPassword');
  if (problems.length) throw unprocessable('Choose another password', problems);
  const hash = await hashPassword(b.newPassword);
  const revokeTokens = b.revokeTokens ?? true;
  await app.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({ password_hash: hash, must_change_password: false })
      .where('id', '=', auth.userId)
      .execute();
    if (revokeTokens) {
      await tx
        .updateTable('api_tokens')
        .set({ revoked_at: app.clock() })
        .where('user_id', '=', auth.userId)
        .where('revoked_at', 'is', null)
        .execute();
    }
  });
  await endSessions(app.db, auth.userId, auth.sessionHash);
  await auditAlone(app.db, request, { action: 'auth.password_changed', status: 204, details: { revokeTokens } });
}

/** Ends this session on the server. */
export async function signOut(app: FastifyInstance, request: FastifyRequest): Promise<void> {
  const hash = request.auth?.sessionHash;
  if (hash) await app.db.deleteFrom('sessions').where('id_hash', '=', hash).execute();
  await auditAlone(app.db, request, { action: 'auth.logout', status: 204 });
}
