/**
 * The benchmark's own database: an embedded PostgreSQL in a temporary folder, removed at the
 * end, or a fresh `harbour_bench` database on the server of DATABASE_URL.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { apiRoleUrl, ensureDatabase, migrate, startEmbeddedPostgres, withDatabaseName } from '@harbour/db';
import pg from 'pg';

export type BenchDatabase = {
  ownerUrl: string;
  apiUrl: string;
  /** Where the benchmark may write files (Parquet exports). */
  workDir: string;
  close(): Promise<void>;
};

const BENCH_DATABASE = 'harbour_bench';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
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

export async function openBenchDatabase(log: (line: string) => void): Promise<BenchDatabase> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-bench-'));
  fs.chmodSync(workDir, 0o755); // the embedded server runs as the postgres user, which must pass through
  const external = process.env.DATABASE_URL;
  let stop: () => Promise<void> = async () => undefined;
  let serverUrl: string;
  if (external) {
    serverUrl = external;
    log(`database: ${BENCH_DATABASE} on the server of DATABASE_URL (created afresh, dropped at the end)`);
  } else {
    const server = await startEmbeddedPostgres({ dataDir: path.join(workDir, 'pg'), port: await freePort() });
    serverUrl = server.url;
    stop = () => server.stop();
    log(`database: embedded PostgreSQL in ${workDir} (default settings, fsync on)`);
  }
  await dropBenchDatabase(serverUrl);
  await ensureDatabase(serverUrl, BENCH_DATABASE);
  const ownerUrl = withDatabaseName(serverUrl, BENCH_DATABASE);
  await migrate(ownerUrl);
  const apiUrl = await apiRoleUrl(ownerUrl);
  return {
    ownerUrl,
    apiUrl,
    workDir,
    close: async () => {
      if (external) await dropBenchDatabase(serverUrl).catch(() => undefined);
      await stop();
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}
