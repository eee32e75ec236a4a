/**
 * `Idempotency-Key`: the same key and body replay the first result; the same key with another
 * body is refused. Keys are per service, user and route, and live in idempotency_keys.
 */
import { createHash } from 'node:crypto';
import type { Tx } from '@harbour/db';
import { sql } from 'kysely';
import { AppError, unprocessable } from '../lib/errors';

export type IdempotencyScope = { serviceId: string; userId: string; route: string; key: string };
export type StoredResult = { status: number; body: unknown };

/** Written while an import runs, so a retry in the meantime is told to wait rather than import twice. */
export const IN_PROGRESS = 102;
/** An import of the largest file the API accepts takes well under a minute. */
const STALE_AFTER_MINUTES = 10;

export const IDEMPOTENCY_KEY_SCHEMA = { type: 'string', minLength: 1, maxLength: 200 } as const;

export function requestHash(...parts: (string | Buffer)[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest();
}

/** A stable hash of a JSON body: the same object with its keys in another order is the same request. */
export function jsonHash(value: unknown): Buffer {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v;
  return requestHash(JSON.stringify(canonical(value)));
}

/**
 * Claims the key in the caller's transaction. Returns the stored result to replay, or null when
 * the key is new (the caller then does the work and calls `recordResult` in the same transaction).
 * A concurrent request with the same key waits on the row and then replays.
 */
export async function claimKey(tx: Tx, scope: IdempotencyScope, hash: Buffer): Promise<StoredResult | null> {
  const inserted = await tx
    .insertInto('idempotency_keys')
    .values({
      service_id: scope.serviceId,
      user_id: scope.userId,
      route: scope.route,
      key: scope.key,
      request_hash: hash,
      response_status: IN_PROGRESS,
      response_body: JSON.stringify(null),
    })
    .onConflict((oc) => oc.doNothing())
    .returning('key')
    .executeTakeFirst();
  if (inserted) return null;
  const existing = await tx
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'response_status', 'response_body', 'created_at'])
    .select(sql<boolean>`now() - created_at > ${`${STALE_AFTER_MINUTES} minutes`}::interval`.as('stale'))
    .where('service_id', '=', scope.serviceId)
    .where('user_id', '=', scope.userId)
    .where('route', '=', scope.route)
    .where('key', '=', scope.key)
    .executeTakeFirstOrThrow();
  if (!existing.request_hash.equals(hash)) {
    throw unprocessable('This Idempotency-Key was already used with a different request body', [
      { pointer: '/headers/idempotency-key', message: 'was used before with another body: use a new key' },
    ]);
  }
  if (existing.response_status === IN_PROGRESS && existing.stale) {
    // An import commits batch by batch and releases its key if it fails; a key still in progress
    // this long belongs to a request whose connection or server was lost midway. Doing it again
    // under the same key could write its first rows twice, so the key stays taken.
    throw new AppError(
      409,
      `The request sent with this Idempotency-Key at ${existing.created_at.toISOString()} was interrupted ` +
        'before it finished, and part of it may have been saved: check what was saved, then send the rest with a new key',
    );
  }
  if (existing.response_status === IN_PROGRESS) {
    throw new AppError(409, 'A request with this Idempotency-Key is still being processed: try again shortly');
  }
  return { status: existing.response_status, body: existing.response_body };
}

export async function recordResult(tx: Tx, scope: IdempotencyScope, result: StoredResult): Promise<void> {
  await tx
    .updateTable('idempotency_keys')
    .set({ response_status: result.status, response_body: sql`${JSON.stringify(result.body)}::jsonb` })
    .where('service_id', '=', scope.serviceId)
    .where('user_id', '=', scope.userId)
    .where('route', '=', scope.route)
    .where('key', '=', scope.key)
    .execute();
}
