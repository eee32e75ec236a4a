import { sql, type Transaction } from 'kysely';
import type { Db } from './connect';
import { beginWithSettings } from './dialect';
import type { Database } from './schema';

export type Tx = Transaction<Database>;

export type TenantContext = {
  serviceId: string | null;
  userId: string | null;
  /** The caller's role inside the service, or their platform role. */
  role: string | null;
  /**
   * A caller the API took from its cache: the transaction's first statement checks that the
   * session is still as the API read it (migration 0120), or fails with SQLSTATE HB401
   * (`CALLER_CHANGED`) before anything else runs.
   */
  callerCheck?: CallerCheck | undefined;
};

export type CallerCheck = { sessionHash: Buffer; fingerprint: string };

/** The SQLSTATE of a transaction refused because its caller changed since the API read it. */
export const CALLER_CHANGED = 'HB401';

const MD5_HEX = /^[0-9a-f]{32}$/;

/** Inlined into the BEGIN message like the settings: a hex digest and a hex hash, nothing else. */
function checksOf(check: CallerCheck | undefined): string[] {
  if (!check) return [];
  if (!MD5_HEX.test(check.fingerprint)) throw new Error('a caller fingerprint is an md5 digest in hex');
  return [`caller_session_unchanged('\\x${check.sessionHash.toString('hex')}'::bytea, '${check.fingerprint}')`];
}

/** Whose rows a transaction sees: one service's (as a tenant), or the national dataset. */
export type TransactionScope =
  | { kind: 'tenant'; ctx: TenantContext }
  | { kind: 'national'; ctx: Omit<TenantContext, 'serviceId'> };

/**
 * Sets the row-level security settings of the transaction `tx`. They are transaction-local, so a
 * pooled connection never carries one request's tenant into the next.
 */
export async function scopeTransaction(tx: Tx, scope: TransactionScope): Promise<void> {
  const settings = settingsOf(scope);
  await sql`select ${sql.join(
    Object.entries(settings).map(([name, value]) => sql`set_config(${name}, ${value}, true)`),
  )}`.execute(tx);
}

function settingsOf({ kind, ctx }: TransactionScope): Record<string, string> {
  return {
    ...(kind === 'tenant' ? { 'app.service_id': (ctx as TenantContext).serviceId ?? '' } : { 'app.scope': 'national' }),
    'app.user_id': ctx.userId ?? '',
    'app.role': ctx.role ?? '',
  };
}

/** A transaction in `scope`: its settings go with its BEGIN when the driver can (dialect.ts). */
function scoped<T>(
  scope: TransactionScope,
  start: (fn: (tx: Tx) => Promise<T>) => Promise<T>,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  const checks = checksOf(scope.ctx.callerCheck);
  return beginWithSettings(settingsOf(scope), checks, (applied) =>
    start(async (tx) => {
      if (!applied()) {
        await scopeTransaction(tx, scope);
        for (const check of checks) await sql.raw(`select ${check}`).execute(tx);
      }
      return fn(tx);
    }),
  );
}

/**
 * Runs `fn` in one transaction in which row-level security sees only `serviceId`'s rows (and,
 * for a practitioner, only their caseload).
 */
export async function withTenant<T>(db: Db, ctx: TenantContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return scoped({ kind: 'tenant', ctx }, (run) => db.transaction().execute(run), fn);
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
  return scoped({ kind: 'national', ctx }, (run) => db.transaction().setAccessMode('read only').execute(run), fn);
}

/**
 * Runs `fn` in one read-write transaction over the national dataset, for the national rollups
 * only (packages/reports/src/sql/rollup.ts): it reads what `withNationalScope` reads and writes
 * nothing but tables whose policies admit the national scope alone.
 */
export async function withNationalMaintenance<T>(
  db: Db,
  ctx: Omit<TenantContext, 'serviceId'>,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  return scoped({ kind: 'national', ctx }, (run) => db.transaction().execute(run), fn);
}
