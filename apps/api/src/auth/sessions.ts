import type { Db } from '@harbour/db';
import type { FastifyReply } from 'fastify';
import type { Config } from '../config';
import { sessionCookieName } from '../plugins/auth';
import { newSecret, secretHash } from './tokens';

/** Opens a server-side session and sets its cookie. A new id every sign-in (no fixation). */
export async function openSession(
  db: Db,
  reply: FastifyReply,
  config: Config,
  user: { id: string },
  meta: { ip: string; userAgent: string | undefined; now: Date },
): Promise<Buffer> {
  const secret = newSecret();
  const idHash = secretHash(secret);
  await db
    .insertInto('sessions')
    .values({
      id_hash: idHash,
      user_id: user.id,
      created_at: meta.now,
      last_seen_at: meta.now,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  reply.setCookie(sessionCookieName(config.secureCookies), secret, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: config.secureCookies,
    maxAge: Math.floor(config.session.absoluteMs / 1000),
  });
  return idHash;
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(sessionCookieName(config.secureCookies), {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: config.secureCookies,
  });
}

/** Ends every session of a user, except optionally one (after a password change). */
export async function endSessions(db: Db, userId: string, except?: Buffer | null): Promise<void> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (except) query = query.where('id_hash', '!=', except);
  await query.execute();
}
