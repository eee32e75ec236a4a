import { AsyncLocalStorage } from 'node:async_hooks';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  PostgresDialect,
  type PostgresDialectConfig,
  PostgresDriver,
  type QueryResult,
  type Transaction,
  type TransactionSettings,
} from 'kysely';

/**
 * The row-level security settings a transaction about to begin should start with, and checks
 * (SQL expressions the db package builds from checked values only) its first statement makes.
 */
type PendingSettings = { settings: Record<string, string>; checks: string[]; applied: boolean };

const pending = new AsyncLocalStorage<PendingSettings>();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WORD = /^[a-z_]{1,40}$/;

/**
 * Runs `begin` in the async context of `settings`: the transaction that `begin` starts sets them
 * in the same round trip as its BEGIN (when the Db was made by createDb). Returns whether it did,
 * so the caller sets them itself otherwise.
 */
export async function beginWithSettings<T>(
  settings: Record<string, string>,
  checks: string[],
  begin: (applied: () => boolean) => Promise<T>,
): Promise<T> {
  const store: PendingSettings = { settings, checks, applied: false };
  return pending.run(store, () => begin(() => store.applied));
}

/** `select set_config(...)` with the values inlined: only ids and role words, checked, never free text. */
function setConfigSql(settings: Record<string, string>, checks: string[]): string | null {
  const calls: string[] = [];
  for (const [name, value] of Object.entries(settings)) {
    if (!/^app\.[a-z_]+$/.test(name) || !(value === '' || UUID.test(value) || WORD.test(value))) return null;
    calls.push(`set_config('${name}', '${value}', true)`);
  }
  return `select ${[...calls, ...checks].join(', ')}`;
}

/**
 * What a transaction's connection has sent without waiting for its answer (pipeline mode,
 * connect.ts): the BEGIN message, answered together with the statement that follows it, or the
 * COMMIT sent right behind the transaction's last statement (`executeAndCommit`).
 */
type SentAhead = { begun?: Promise<unknown>; committed?: Promise<QueryResult<unknown>> };

/** Kysely's connection of a pg client (its class is not exported). */
type PostgresConnection = Parameters<PostgresDriver['releaseConnection']>[0];

const sentAhead = new WeakMap<DatabaseConnection, SentAhead>();

const observed = (promise: Promise<unknown>) => {
  // its failure reaches the caller through the statement that waits for it; until then it is
  // not an unhandled rejection
  promise.catch(() => undefined);
};

/**
 * Makes the statement that follows a pipelined BEGIN answer for both: when the BEGIN message
 * failed (a caller changed since the API cached it, SQLSTATE HB401), its error is the one
 * thrown, not the "transaction is aborted" of the statement sent behind it.
 */
function answeringForBegin(connection: DatabaseConnection): void {
  if (sentAhead.has(connection)) return;
  sentAhead.set(connection, {});
  const execute = connection.executeQuery.bind(connection);
  connection.executeQuery = async <R>(query: CompiledQuery) => {
    const ahead = sentAhead.get(connection) as SentAhead;
    if (ahead.committed)
      throw new Error('the transaction was committed with its last statement: nothing may follow it');
    const begun = ahead.begun;
    if (!begun) return execute<R>(query);
    ahead.begun = undefined;
    const [begin, answer] = await Promise.allSettled([begun, execute<R>(query)]);
    if (begin.status === 'rejected') throw begin.reason;
    if (answer.status === 'rejected') throw answer.reason;
    return answer.value;
  };
}

/**
 * Runs `query` as the last statement of the transaction `tx` and sends its COMMIT right behind
 * it, without waiting for its answer: one round trip instead of two. Nothing may run in `tx`
 * after it (a statement would fail); Kysely's own commit then waits for this one, and a failed
 * `query` leaves PostgreSQL to end the transaction with a rollback, as the COMMIT of an aborted
 * transaction does. On a connection that cannot pipeline, `query` runs alone and the
 * transaction commits as usual.
 */
export function executeAndCommit<DB, R>(tx: Transaction<DB>, query: CompiledQuery<R>): Promise<QueryResult<R>> {
  return tx.getExecutor().provideConnection(async (connection) => {
    const ahead = sentAhead.get(connection);
    if (!ahead) return connection.executeQuery<R>(query);
    const answer = connection.executeQuery<R>(query);
    const committed = connection.executeQuery(CompiledQuery.raw('commit'));
    observed(committed);
    ahead.committed = committed;
    return answer;
  });
}

/**
 * Every statement is a round trip, and on these machines a round trip costs more CPU (system
 * calls on both sides) than most of the statements themselves: the tenant settings of a request's
 * transaction travel with its BEGIN, as one simple-protocol message, and on a pipelining
 * connection that message does not wait for its answer before the transaction's first statement
 * is sent behind it.
 */
class SettingsAwareDriver extends PostgresDriver {
  readonly #pipelines: boolean;
  constructor(config: PostgresDialectConfig, pipelines: boolean) {
    super(config);
    this.#pipelines = pipelines;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    if (this.#pipelines) answeringForBegin(connection);
    return connection;
  }

  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const store = pending.getStore();
    const setConfig = store && !store.applied ? setConfigSql(store.settings, store.checks) : null;
    if (!store || !setConfig) return super.beginTransaction(connection, settings);
    store.applied = true; // transactions nested inside this one begin plainly
    const begin = [
      'start transaction',
      settings.isolationLevel ? `isolation level ${settings.isolationLevel}` : '',
      settings.accessMode ?? '',
    ]
      .filter(Boolean)
      .join(' ');
    const message = CompiledQuery.raw(`${begin}; ${setConfig}`);
    const ahead = sentAhead.get(connection);
    if (ahead) {
      // sent now, answered with the next statement: Kysely rolls the transaction back if that fails
      const begun = connection.executeQuery(message);
      observed(begun);
      ahead.begun = begun;
      return;
    }
    try {
      await connection.executeQuery(message);
    } catch (error) {
      // Kysely rolls back only a transaction whose begin succeeded: never hand back an open one
      await connection.executeQuery(CompiledQuery.raw('rollback')).catch(() => undefined);
      throw error;
    }
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const ahead = sentAhead.get(connection);
    const committed = ahead?.committed;
    if (!committed) return super.commitTransaction(connection);
    const { rows } = await committed;
    // PostgreSQL answers the COMMIT of an aborted transaction with ROLLBACK
    if ((rows[0] as { command?: string } | undefined)?.command === 'ROLLBACK') {
      throw new Error('the transaction was rolled back: a statement in it failed');
    }
  }

  override async rollbackTransaction(connection: PostgresConnection): Promise<void> {
    const committed = sentAhead.get(connection)?.committed;
    // the COMMIT sent with the last statement ended the transaction, committed or rolled back
    if (committed) return void (await committed.catch(() => undefined));
    return super.rollbackTransaction(connection);
  }

  override async releaseConnection(connection: PostgresConnection): Promise<void> {
    const ahead = sentAhead.get(connection);
    if (ahead) {
      ahead.begun = undefined;
      ahead.committed = undefined;
    }
    return super.releaseConnection(connection);
  }
}

/**
 * PostgreSQL as Kysely's dialect, with the tenant settings sent with each transaction's BEGIN;
 * on a pool of pipelining clients (`pipeline: true`, connect.ts) without waiting for its answer.
 */
export class HarbourDialect extends PostgresDialect {
  readonly #config: PostgresDialectConfig;
  constructor(config: PostgresDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    const pool = this.#config.pool as { options?: { pipeline?: boolean } };
    return new SettingsAwareDriver(this.#config, pool.options?.pipeline === true);
  }
}
