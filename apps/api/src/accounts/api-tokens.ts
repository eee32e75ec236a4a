/** Personal API tokens: shown once, stored as a digest, made only from a signed-in session. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { newSecret, secretHash } from '../auth/tokens';
import { auditAlone } from '../lib/audit';
import { notFound } from '../lib/errors';

export const DEFAULT_TOKEN_DAYS = 30;

export async function createToken(
  app: FastifyInstance,
  request: FastifyRequest,
  b: { name: string; expiresInDays?: number },
) {
  const token = newSecret('hbt_');
  const expiresAt = new Date(app.clock().getTime() + (b.expiresInDays ?? DEFAULT_TOKEN_DAYS) * 86_400_000);
  const row = await app.db
    .insertInto('api_tokens')
    .values({ user_id: request.auth!.userId, name: b.name, token_hash: secretHash(token), expires_at: expiresAt })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  await auditAlone(app.db, request, {
    action: 'auth.token_created',
    objectType: 'api_token',
    objectId: row.id,
    status: 201,
  });
  return { id: row.id, token, expiresAt: expiresAt.toISOString() };
}

export async function tokensOf(app: FastifyInstance, userId: string) {
  const rows = await app.db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'expires_at', 'last_used_at'])
    .where('user_id', '=', userId)
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
}

export async function revokeToken(app: FastifyInstance, request: FastifyRequest, tokenId: string): Promise<void> {
  const result = await app.db
    .updateTable('api_tokens')
    .set({ revoked_at: app.clock() })
    .where('id', '=', tokenId)
    .where('user_id', '=', request.auth!.userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw notFound();
  await auditAlone(app.db, request, {
    action: 'auth.token_revoked',
    objectType: 'api_token',
    objectId: tokenId,
    status: 204,
  });
}
