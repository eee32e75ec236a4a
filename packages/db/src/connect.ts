import { Kysely } from 'kysely';
import pg from 'pg';
import { HarbourDialect } from './dialect';
import { prepareRepeatedStatements } from './prepared-statements';
import type { Database } from './schema';

// DATE stays an ISO string (no time-zone shifts); bigint and numeric become numbers, which
// is safe for every count and rate Harbour stores.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number.parseFloat(v));

export type Db = Kysely<Database>;

export type ConnectOptions = {
  url: string;
  /** Largest number of pooled connections. */
  max?: number;
  /**
   * Connections kept open however long they sit idle (the others close after `idleMs`). A
   * backend fills its catalog caches on its first statements: a report's largest query on a new
   * connection took 35–105 ms to plan and 94–161 ms to run, against 9 ms and 37–46 ms on a used
   * one (docs/benchmarks.md, "The first report of a period"). A pool that a quiet half-minute had
   * emptied made the next report pay that on every connection it used.
   */
  keep?: number;
  /** How long a connection beyond `keep` may sit idle before it closes. */
  idleMs?: number;
  applicationName?: string;
  /**
   * Clients send a statement without waiting for the one before it to be answered (pg's
   * pipeline mode): a transaction's BEGIN travels with its first statement, and a COMMIT with
   * its last (dialect.ts). No COPY or cursor on such a client; createDb's pools only.
   */
  pipeline?: boolean;
};

export function createPool({
  url,
  max = 10,
  keep = 0,
  idleMs = 30_000,
  applicationName = 'harbour',
  pipeline = false,
}: ConnectOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    pipeline,
    max,
    min: Math.min(keep, max),
    application_name: applicationName,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: idleMs,
  });
  // A backend killed under us (restart, failover) must not crash the process: the pool drops
  // the client and the next request gets a fresh one.
  pool.on('error', () => undefined);
  // The pool listens for errors only on idle clients. A client checked out by a transaction
  // that is between statements (the app is validating, sealing, scoring) would otherwise emit
  // 'error' with no listener, which throws and ends the process. The error still reaches the
  // transaction: its next statement fails, the request gets a 503, and the pool discards the
  // client when it is released.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    prepareRepeatedStatements(client);
    if (pipeline) sendEachTurnAtOnce(client);
  });
  return pool;
}

/**
 * The statements a pipelining client is given in one turn of the event loop leave in one write:
 * a BEGIN message and the statement sent behind it, a statement and its COMMIT. Each would
 * otherwise be a system call of its own, and a wake-up of PostgreSQL's backend; writing to the
 * database's socket was a third of the API's CPU in the recording benchmark's profile.
 */
function sendEachTurnAtOnce(client: pg.PoolClient): void {
  const stream = (client as unknown as { connection: { stream: import('node:stream').Duplex } }).connection.stream;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  let corked = false;
  const uncork = () => {
    corked = false;
    stream.uncork();
  };
  client.query = ((...args: unknown[]) => {
    if (!corked) {
      corked = true;
      stream.cork();
      // after this turn's promise callbacks, which send the statements that follow
      setImmediate(uncork);
    }
    return query(...args);
  }) as typeof client.query;
}

export function createDb(options: ConnectOptions): Db {
  return new Kysely<Database>({ dialect: new HarbourDialect({ pool: createPool({ pipeline: true, ...options }) }) });
}
