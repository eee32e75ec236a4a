/**
 * A read replica kept in step by PostgreSQL's own logical replication (docs/scaling.md): the
 * primary publishes every table of the schema, a second server with the same schema (migrated
 * the same way) subscribes. Report and research reads then go to the replica
 * (HARBOUR_READ_DATABASE_URL); writes stay on the primary. Row-level security holds on the replica
 * as on the primary: the policies are part of the schema each server is migrated to, and the API
 * connects to both as harbour_api.
 */
import pg from 'pg';

export const REPLICA_PUBLICATION = 'harbour_replica';

/**
 * Every table of the public schema but the migrations ledger: each server records the migrations
 * it applied itself (DDL is not replicated), so that ledger must not be copied over the other's.
 * A migration that adds a table is followed by `publishForReplicas` again on the primary and
 * `alter subscription … refresh publication` on each replica.
 */
async function replicatedTables(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select format('%I.%I', n.nspname, c.relname) as name
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> 'harbour_migrations'
        and not c.relispartition
      order by c.relname`,
  );
  return rows.map((r) => r.name);
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates (or widens) the primary's publication. The primary needs `wal_level = logical`. */
export async function publishForReplicas(primaryOwnerUrl: string): Promise<void> {
  await withClient(primaryOwnerUrl, async (client) => {
    const tables = (await replicatedTables(client)).join(', ');
    const { rowCount } = await client.query('select 1 from pg_publication where pubname = $1', [REPLICA_PUBLICATION]);
    await client.query(
      rowCount
        ? `alter publication ${REPLICA_PUBLICATION} set table ${tables}`
        : `create publication ${REPLICA_PUBLICATION} for table ${tables}`,
    );
  });
}

/**
 * Subscribes a freshly migrated replica to the primary's publication and returns once the rows
 * already there are copied (the replica's own rows are replaced by the primary's): every table
 * of the subscription ready, or throws after `timeoutMs`. `primaryUrl` is how the replica's
 * server reaches the primary (a role with the REPLICATION attribute or a superuser).
 */
export async function subscribeReplica(
  replicaOwnerUrl: string,
  primaryUrl: string,
  name = 'harbour_replica',
  timeoutMs = 120_000,
) {
  await withClient(replicaOwnerUrl, async (client) => {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`${name} is not a subscription name`);
    // rows the replica's own migrations seeded (settings such as research_settings) are the
    // primary's too: left in place, their copy would fail on the key and the table never sync
    await client.query(`truncate ${(await replicatedTables(client)).join(', ')}`);
    await client.query(
      `create subscription ${name} connection ${client.escapeLiteral(primaryUrl)} publication ${REPLICA_PUBLICATION}`,
    );
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<{ name: string }>(
        `select r.srrelid::regclass::text as name
           from pg_subscription_rel r join pg_subscription s on s.oid = r.srsubid
          where s.subname = $1 and r.srsubstate <> 'r'`,
        [name],
      );
      if (rows.length === 0) return;
      if (Date.now() > deadline) {
        const waiting = rows.map((r) => r.name).join(', ');
        throw new Error(`the replica ${name} did not copy ${waiting} within ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
}

/**
 * Waits until the replica has applied everything the primary had committed when this was called,
 * or throws after `timeoutMs`: bumps the heartbeat row on the primary (migration 0122) and waits
 * for the replica to show it, as transactions are applied in commit order. (The positions the
 * primary's pg_stat_replication shows were seen to pass the primary's WAL position while a
 * replica under load still lacked earlier commits.)
 */
export async function waitForReplica(primaryOwnerUrl: string, replicaOwnerUrl: string, timeoutMs = 30_000) {
  const beat = await withClient(primaryOwnerUrl, async (client) => {
    const { rows } = await client.query<{ beat: number }>(
      'update replica_heartbeat set beat = beat + 1 where id = 1 returning beat',
    );
    return rows[0]?.beat ?? 0;
  });
  await withClient(replicaOwnerUrl, async (client) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<{ beat: number }>('select beat from replica_heartbeat where id = 1');
      if ((rows[0]?.beat ?? -1) >= beat) return;
      if (Date.now() > deadline) throw new Error(`the replica did not catch up within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
}
