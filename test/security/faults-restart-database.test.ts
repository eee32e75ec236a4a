/**
 * Faults: the whole database server stops under a running app and starts again on the same
 * data. While it is down requests get a generic 503 and readiness says 503; once it is back
 * the same app (not rebuilt, not restarted) serves requests again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp, createModuleRegistry, loadConfig } from '@harbour/api';
import {
  apiRoleUrl,
  createDb,
  type Db,
  type EmbeddedServer,
  ensureDatabase,
  freePort,
  migrate,
  startEmbeddedPostgres,
  withDatabaseName,
} from '@harbour/db';
import type { FastifyInstance } from 'fastify';
import { login, seedService, seedUser, TEST_MASTER_KEY } from '../helpers/app';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-restart-'));
fs.chmodSync(root, 0o755); // the postgres user must pass through it
const dataDir = path.join(root, 'pg');
let port: number;
let server: EmbeddedServer;
let owner: Db;
let db: Db;
let app: FastifyInstance;
let cookie: string;

beforeAll(async () => {
  port = await freePort();
  server = await startEmbeddedPostgres({ dataDir, port, ephemeral: true });
  await ensureDatabase(server.url, 'harbour');
  const ownerUrl = withDatabaseName(server.url, 'harbour');
  await migrate(ownerUrl);
  owner = createDb({ url: ownerUrl, max: 2 });
  db = createDb({ url: await apiRoleUrl(ownerUrl), max: 5 });
  app = await buildApp({
    config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', HARBOUR_MASTER_KEY: TEST_MASTER_KEY }),
    db,
    registry: createModuleRegistry(),
  });
  await app.ready();
  const serviceId = await seedService(owner);
  await seedUser(owner, { email: 'pat@example.org', serviceId, role: 'practitioner' });
  cookie = await login(app, 'pat@example.org');
}, 60_000);

afterAll(async () => {
  await app?.close();
  await db?.destroy();
  await owner?.destroy();
  await server?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

const openCase = (reference: string) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: { cookie, 'idempotency-key': reference },
    payload: { openedAt: '2025-03-10', reference },
  });
const readiness = () => app.inject({ method: 'GET', url: '/api/v1/readyz' });

test('the database stops: 503s with a generic body; it starts again on the same data: the same app serves again', async () => {
  const before = await openCase('BEFORE');
  expect(before.statusCode).toBe(201);
  expect((await readiness()).statusCode).toBe(200);

  await server.stop();
  const down = await Promise.all([
    openCase('DOWN-1'),
    openCase('DOWN-2'),
    app.inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie } }),
  ]);
  for (const response of down) {
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'The service is temporarily unavailable. Please try again shortly.',
    });
  }
  const notReady = await readiness();
  expect(notReady.statusCode).toBe(503);
  expect(notReady.json().message).toBe('The database is not reachable');
  // the process is alive and says so
  expect((await app.inject({ method: 'GET', url: '/api/v1/healthz' })).statusCode).toBe(200);

  server = await startEmbeddedPostgres({ dataDir, port, ephemeral: true });
  expect((await readiness()).statusCode).toBe(200);
  const after = await openCase('DOWN-1');
  expect(after.statusCode).toBe(201);
  const read = await app.inject({ method: 'GET', url: `/api/v1/cases/${before.json().id}`, headers: { cookie } });
  expect(read.statusCode).toBe(200);
  // what was written before the stop is there, and nothing of the requests made while it was down
  const references = await owner.selectFrom('cases').select('reference').orderBy('reference').execute();
  expect(references.map((r) => r.reference)).toEqual(['BEFORE', 'DOWN-1']);
}, 60_000);
