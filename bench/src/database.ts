/**
 * The benchmark's own database: an embedded PostgreSQL in a temporary folder, removed at the
 * end, or a fresh `harbour_bench` database on the server of DATABASE_URL. With `keep`, the
 * database outlives the run (embedded: in a fixed folder) so that the next run can reuse its data.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { apiRoleUrl, ensureDatabase, freePort, migrate, startEmbeddedPostgres, withDatabaseName } from '@harbour/db';
import pg from 'pg';

export type BenchDatabase = {
  ownerUrl: string;
  apiUrl: string;
  /** Where the benchmark may write files (Parquet exports). */
  workDir: string;
  /** True when the database was kept from an earlier run (its data may be reused). */
  kept: boolean;
  /** Drops the kept database and makes it again, empty and migrated: its data was of another dataset. */
  reset(): Promise<void>;
  close(): Promise<void>;
};

const BENCH_DATABASE = 'harbour_bench';

/**
 * PostgreSQL's defaults suit a tiny machine: 128 MB of buffers, a checkpoint every 1 GB of WAL.
 * Loading a million cases with random UUID keys then rewrites whole index pages after every
 * checkpoint. These are the settings a production server of this size would have.
 */
const SETTINGS = {
  shared_buffers: '2GB',
  max_wal_size: '8GB',
  checkpoint_timeout: '30min',
  // where each statement's time goes (bench/src/statements.ts), nested ones (triggers) too
  shared_preload_libraries: 'pg_stat_statements',
  'pg_stat_statements.track': 'all',
  'pg_stat_statements.track_planning': 'on',
};

async function tune(serverUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabaseName(serverUrl, 'postgres') });
  await client.connect();
  try {
    for (const [name, value] of Object.entries(SETTINGS)) {
      await client.query(`alter system set ${client.escapeIdentifier(name)} = '${value}'`);
    }
  } finally {
    await client.end();
  }
}

async function dropBenchDatabase(serverUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabaseName(serverUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(`drop database if exists ${BENCH_DATABASE} with (force)`);
  } finally {
    await client.end();
  }
}

export const KEPT_DATA_DIR = path.join(os.tmpdir(), 'harbour-bench-data');

async function benchDatabaseExists(serverUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: withDatabaseName(serverUrl, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [BENCH_DATABASE]);
    return rowCount === 1;
  } finally {
    await client.end();
  }
}

export async function openBenchDatabase(log: (line: string) => void, { keep = false } = {}): Promise<BenchDatabase> {
  const workDir = keep ? KEPT_DATA_DIR : fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-bench-'));
  fs.mkdirSync(workDir, { recursive: true });
  fs.chmodSync(workDir, 0o755); // the embedded server runs as the postgres user, which must pass through
  const external = process.env.DATABASE_URL;
  let stop: () => Promise<void> = async () => undefined;
  let serverUrl: string;
  if (external) {
    serverUrl = external;
    log(`database: ${BENCH_DATABASE} on the server of DATABASE_URL (created afresh, dropped at the end)`);
  } else {
    const dataDir = path.join(workDir, 'pg');
    const port = await freePort();
    const fresh = !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
    let server = await startEmbeddedPostgres({ dataDir, port });
    if (fresh) {
      await tune(server.url);
      await server.stop(); // shared_buffers takes effect at the next start
      server = await startEmbeddedPostgres({ dataDir, port });
    }
    serverUrl = server.url;
    stop = () => server.stop();
    log(
      `database: embedded PostgreSQL in ${workDir} (${Object.entries(SETTINGS)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}; fsync on)`,
    );
  }
  const kept = keep && (await benchDatabaseExists(serverUrl));
  if (kept) log(`database: ${BENCH_DATABASE} kept from an earlier run (--keep)`);
  else await dropBenchDatabase(serverUrl);
  await ensureDatabase(serverUrl, BENCH_DATABASE);
  const ownerUrl = withDatabaseName(serverUrl, BENCH_DATABASE);
  await migrate(ownerUrl);
  const apiUrl = await apiRoleUrl(ownerUrl);
  return {
    ownerUrl,
    apiUrl,
    workDir,
    kept,
    reset: async () => {
      await dropBenchDatabase(serverUrl);
      await ensureDatabase(serverUrl, BENCH_DATABASE);
      await migrate(ownerUrl);
    },
    close: async () => {
      if (external && !keep) await dropBenchDatabase(serverUrl).catch(() => undefined);
      await stop();
      if (!keep) fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}
