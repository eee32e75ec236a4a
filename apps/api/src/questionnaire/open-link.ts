/**
 * From a presented token to its link, inside the link's own service. The page arrives with
 * nothing but the token: the SECURITY DEFINER function `questionnaire_link_service` (migration
 * 0001) maps the token's digest to a service and reveals nothing else; everything after that
 * runs in a transaction scoped to that service, under row-level security.
 */
import { type Db, type QuestionnaireLink, type Tx, withTenant } from '@harbour/db';
import { sql } from 'kysely';
import { linkStatus } from './link-status';
import { presentedTokenHash } from './link-token';

async function serviceOfToken(db: Db, hash: Buffer): Promise<string | null> {
  const { rows } = await sql<{
    service_id: string | null;
  }>`select questionnaire_link_service(${hash}) as service_id`.execute(db);
  return rows[0]?.service_id ?? null;
}

/** What a token leads to: a usable link, or a link that has ended, or nothing of ours. */
export type Opened =
  | { state: 'active' | 'ended'; tx: Tx; serviceId: string; link: QuestionnaireLink }
  | { state: 'unknown' };

/**
 * Runs `fn` in one transaction of the token's service with its link locked (a second submission
 * of the same link waits, then finds it used). The tenant is the link's service; no user.
 */
export async function withOpenedLink<T>(
  db: Db,
  token: string,
  now: Date,
  fn: (opened: Opened) => Promise<T>,
): Promise<T> {
  const hash = presentedTokenHash(token);
  const serviceId = hash ? await serviceOfToken(db, hash) : null;
  if (!hash || !serviceId) return fn({ state: 'unknown' });
  return withTenant(db, { serviceId, userId: null, role: null }, async (tx) => {
    const link = await tx
      .selectFrom('questionnaire_links')
      .selectAll()
      .where('service_id', '=', serviceId)
      .where('token_hash', '=', hash)
      .forUpdate()
      .executeTakeFirst();
    if (!link) return fn({ state: 'unknown' });
    return fn({ state: linkStatus(link, now) === 'active' ? 'active' : 'ended', tx, serviceId, link });
  });
}

export async function markUsed(tx: Tx, link: QuestionnaireLink, now: Date): Promise<void> {
  await tx
    .updateTable('questionnaire_links')
    .set({ used_at: now })
    .where('service_id', '=', link.service_id)
    .where('id', '=', link.id)
    .where('used_at', 'is', null)
    .execute();
}
