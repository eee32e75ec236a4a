import { sql, type Transaction } from 'kysely';
import type { Db } from './connect';
import type { Database } from './schema';

export type Tx = Transaction<Database>;

export type TenantContext = {
  serviceId: string | null;
  userId: string | null;
  /** The caller's role inside the service, or their platform role. */
  role: string | null;
};

/** Whose rows a transaction sees: one service's (as a tenant), or the national dataset. */
export type TransactionScope =
  | { kind: 'tenant'; ctx: TenantContext }
  | { kind: 'national'; ctx: Omit<TenantContext, 'serviceId'> };

/**
 * Sets the row-level security settings of the transaction `tx`. They are transaction-local, so a
 * pooled connection never carries one request's tenant into the next.
 */
export async function scopeTransaction(tx: Tx, scope: TransactionScope): Promise<void> {
  const { ctx } = scope;
  if (scope.kind === 'tenant') {
    await sql`select set_config('app.service_id', ${scope.ctx.serviceId ?? ''}, true),
                     set_config('app.user_id', ${ctx.userId ?? ''}, true),
                     set_config('app.role', ${ctx.role ?? ''}, true)`.execute(tx);
  } else {
    await sql`select set_config('app.scope', 'national', true),
                     set_config('app.user_id', ${ctx.userId ?? ''}, true),
                     set_config('app.role', ${ctx.role ?? ''}, true)`.execute(tx);
  }
}

/**
 * Runs `fn` in one transaction in which row-level security sees only `serviceId`'s rows (and,
 * for a practitioner, only their caseload).
 */
export async function withTenant<T>(db: Db, ctx: TenantContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await scopeTransaction(tx, { kind: 'tenant', ctx });
    return fn(tx);
  });
}

/**
 * Runs `fn` in one read-only transaction over the national dataset: the cases and responses
 * of services that share with it. Only report and research code calls this.
 */
export async function withNationalScope<T>(
  db: Db,
  ctx: Omit<TenantContext, 'serviceId'>,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  return db
    .transaction()
    .setAccessMode('read only')
    .execute(async (tx) => {
      await scopeTransaction(tx, { kind: 'national', ctx });
      return fn(tx);
    });
}
