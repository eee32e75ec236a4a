import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  apiRoleUrl,
  ensureDatabase,
  freePort,
  migrate,
  startEmbeddedPostgres,
  withDatabaseName,
} from '../packages/db/src';

// Keep in step with test/helpers/database.ts (which runs inside jest's module map, this does not).
const TEMPLATE_DATABASE = 'harbour_template';

/**
 * One PostgreSQL for the whole run (embedded in a temp folder, or TEST_DATABASE_URL), and one
 * migrated template database that every test file clones. DATABASE_URL is the server's setting,
 * not the tests': a caller's DATABASE_URL is never touched.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-test-'));
    fs.chmodSync(dataDir, 0o755); // the postgres user must pass through it
    const server = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, 'pg'),
      port: await freePort(),
      ephemeral: true,
    });
    (globalThis as { harbourTestServer?: unknown }).harbourTestServer = { server, dataDir };
    serverUrl = server.url;
  }
  const client = new (await import('pg')).default.Client({ connectionString: withDatabaseName(serverUrl, 'postgres') });
  await client.connect();
  await client.query(`drop database if exists ${TEMPLATE_DATABASE}`);
  await client.end();
  await ensureDatabase(serverUrl, TEMPLATE_DATABASE);
  const templateUrl = withDatabaseName(serverUrl, TEMPLATE_DATABASE);
  await migrate(templateUrl);
  await apiRoleUrl(templateUrl);
  process.env.HARBOUR_TEST_SERVER_URL = serverUrl;
}
