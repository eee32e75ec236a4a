import { sql } from 'kysely';
import type { Db } from './connect';
import { scopeTransaction, type TransactionScope, type Tx } from './tenant';

/** Runs one read on whichever transaction of the shared snapshot is free first. */
export type SnapshotRun = <R>(read: (tx: Tx) => Promise<R>) => Promise<R>;

type Queued = { read: (tx: Tx) => Promise<unknown>; resolve: (value: unknown) => void; reject: (e: unknown) => void };

const SNAPSHOT_ID = /^[0-9A-F]+-[0-9A-F]+-[0-9]+$/i;

/**
 * Runs `fn` over up to `width` read-only transactions in one scope that all see one snapshot:
 * the first exports it, the others import it (`SET TRANSACTION SNAPSHOT`). A report's
 * independent queries then run side by side on several connections, and so on several cores,
 * and still count exactly the same rows.
 *
 * Only the first transaction is waited for. The others join when the pool hands out a connection
 * and take reads that are still queued; when the pool is busy the reads run one after another on
 * the first, so report requests never wait on each other's connections.
 */
export async function withSharedSnapshot<T>(
  db: Db,
  scope: TransactionScope,
  width: number,
  fn: (run: SnapshotRun) => Promise<T>,
): Promise<T> {
  const begin = () => db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only');
  return begin().execute(async (first) => {
    await scopeTransaction(first, scope);
    const queue: Queued[] = [];
    const idle: Tx[] = [];
    let finished = false;
    const drain = () => {
      while (idle.length > 0 && queue.length > 0) {
        const tx = idle.pop() as Tx;
        const job = queue.shift() as Queued;
        job
          .read(tx)
          .then(job.resolve, job.reject)
          .finally(() => {
            idle.push(tx);
            drain();
          });
      }
    };
    const run: SnapshotRun = (read) =>
      new Promise((resolve, reject) => {
        queue.push({ read, resolve: resolve as (value: unknown) => void, reject });
        drain();
      });
    idle.push(first);

    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    // helpers that got a connection: waited for at the end (one still waiting for the pool
    // finds `finished` set when it gets one, and lets it go at once)
    const joined: Promise<void>[] = [];
    if (width > 1) {
      const { rows } = await sql<{ id: string }>`select pg_export_snapshot() as id`.execute(first);
      const snapshot = rows[0]?.id ?? '';
      if (!SNAPSHOT_ID.test(snapshot)) throw new Error(`unexpected snapshot id ${JSON.stringify(snapshot)}`);
      for (let i = 1; i < width; i++) {
        begin()
          .execute(async (tx) => {
            if (finished) return;
            let done!: () => void;
            joined.push(
              new Promise<void>((resolve) => {
                done = resolve;
              }),
            );
            try {
              await sql.raw(`set transaction snapshot '${snapshot}'`).execute(tx);
              await scopeTransaction(tx, scope);
              idle.push(tx);
              drain();
              await released;
            } finally {
              done();
            }
          })
          // a helper that could not start only means fewer hands; the reads still run
          .catch(() => undefined);
      }
    }
    try {
      return await fn(run);
    } finally {
      finished = true;
      release();
      await Promise.all(joined);
    }
  });
}
