/**
 * Faults: the real server process (`node apps/api/dist/main.js`, built by `npm test`'s pretest)
 * is killed with SIGKILL while clients write over HTTP, then started again. Nothing may be torn:
 * every acknowledged write is there, every row satisfies the schema's checks, every audit row
 * belongs to a committed write, and the restarted server serves (retries with the same
 * Idempotency-Key open each case exactly once).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@harbour/db';
import { examples as core } from '@harbour/module-core';
import { sql } from 'kysely';
import { newSecret, secretHash } from '../../apps/api/src/auth/tokens';
import { REPO_ROOT } from '../../apps/api/src/config';
import { seedService, seedUser, TEST_MASTER_KEY } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

const MAIN = path.join(REPO_ROOT, 'apps', 'api', 'dist', 'main.js');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-kill-'));
let database: TestDatabase;
let serviceId: string;
let token: string;
let port: number;
let server: ChildProcess | undefined;

/** Starts the built server against the test database and waits until it is ready. */
async function startServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: database.ownerUrl,
      HARBOUR_API_DATABASE_URL: database.apiUrl,
      HARBOUR_MASTER_KEY: TEST_MASTER_KEY,
      HARBOUR_DATA_DIR: dataDir,
      HARBOUR_ADMIN_EMAIL: 'admin@example.org',
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited while starting: ${stderr}`);
    const ready = await fetch(`http://127.0.0.1:${port}/api/v1/readyz`).catch(() => null);
    if (ready?.status === 200) return child;
    if (Date.now() > deadline) throw new Error(`the server was not ready within 30 s: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

beforeAll(async () => {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` (npm test does it first)`);
  database = await createTestDatabase();
  serviceId = await seedService(database.owner);
  const userId = await seedUser(database.owner, { email: 'pat@example.org', serviceId, role: 'practitioner' });
  await database.owner
    .insertInto('service_modules')
    .values({ service_id: serviceId, module_key: 'core', active_from: '2020-01-01' })
    .onConflict((oc) => oc.doNothing())
    .execute();
  token = newSecret();
  await database.owner
    .insertInto('api_tokens')
    .values({
      user_id: userId,
      name: 'faults',
      token_hash: secretHash(token),
      expires_at: new Date(Date.now() + 86_400_000),
    })
    .execute();
  port = await freePort();
}, 30_000);

afterAll(async () => {
  if (server) await kill(server);
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function call(method: string, url: string, body: unknown, key?: string) {
  const response = await fetch(`http://127.0.0.1:${port}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { id?: string } };
}
const openCase = (n: number) =>
  call('POST', '/api/v1/cases', { openedAt: '2025-03-10', reference: `K-${n}` }, `kill-${n}`);
const submitIntake = (caseId: string) =>
  call('PUT', `/api/v1/cases/${caseId}/responses/core.intake`, { answers: core['core.intake'], status: 'submitted' });

test('SIGKILL during writes, restart: acknowledged writes kept, no torn rows, audit only for commits, retries open each case once', async () => {
  server = await startServer();

  // six clients each open a case and submit its intake, over and over, until the server dies
  const acknowledgedCases = new Map<number, string>();
  const acknowledgedResponses = new Set<string>();
  const unanswered: number[] = [];
  let next = 0;
  let dead = false;
  const client = async () => {
    while (!dead) {
      const n = next++;
      const opened = await openCase(n).catch(() => null);
      if (!opened) {
        unanswered.push(n);
        return;
      }
      expect(opened.status).toBe(201);
      acknowledgedCases.set(n, opened.body.id!);
      const saved = await submitIntake(opened.body.id!).catch(() => null);
      if (!saved) return;
      expect(saved.status).toBe(200);
      acknowledgedResponses.add(opened.body.id!);
    }
  };
  const clients = Array.from({ length: 6 }, client);
  while (acknowledgedResponses.size < 30) await new Promise((resolve) => setTimeout(resolve, 5));
  dead = true;
  await kill(server);
  await Promise.all(clients);
  expect(unanswered.length + acknowledgedCases.size).toBe(next);

  const owner = database.owner;
  const cases = await owner
    .selectFrom('cases')
    .select(['id', 'reference', 'version', 'status', 'closed_at'])
    .where('service_id', '=', serviceId)
    .execute();
  const responses = await owner
    .selectFrom('responses')
    .select(['case_id', 'status', 'submitted_at'])
    .where('service_id', '=', serviceId)
    .execute();
  const audit = await owner
    .selectFrom('audit_log')
    .select(['action', 'object_id'])
    .where('action', 'in', ['case.opened', 'case.response_saved'])
    .where('status', '<', 400)
    .execute();
  const keys = await owner.selectFrom('idempotency_keys').select(['key', 'response_status', 'response_body']).execute();

  // every write the server acknowledged survived the kill
  const caseIds = new Set(cases.map((c) => c.id));
  for (const id of acknowledgedCases.values()) expect(caseIds.has(id)).toBe(true);
  const answered = new Set(responses.map((r) => r.case_id));
  for (const id of acknowledgedResponses) expect(answered.has(id)).toBe(true);

  // no torn rows: the schema's checks hold, every response has its case, and each case's
  // version says whether its intake was saved (the save bumps it in the same transaction)
  expect(cases.filter((c) => (c.status === 'closed') !== (c.closed_at !== null))).toEqual([]);
  expect(responses.filter((r) => (r.status === 'submitted') !== (r.submitted_at !== null))).toEqual([]);
  expect(responses.filter((r) => !caseIds.has(r.case_id))).toEqual([]);
  for (const kase of cases)
    expect({ id: kase.id, version: kase.version }).toEqual({ id: kase.id, version: answered.has(kase.id) ? 2 : 1 });

  // audit rows for committed writes only, one each
  const openedAudit = audit.filter((a) => a.action === 'case.opened').map((a) => a.object_id!);
  const savedAudit = audit.filter((a) => a.action === 'case.response_saved').map((a) => a.object_id!);
  expect(openedAudit.sort()).toEqual([...caseIds].sort());
  expect(savedAudit.sort()).toEqual([...answered].sort());
  // every key holds the result of its committed case; none is left "in progress"
  expect(keys.length).toBe(cases.length);
  for (const key of keys) {
    expect(key.response_status).toBe(201);
    expect(caseIds.has((key.response_body as { id: string }).id)).toBe(true);
  }

  // the restarted server serves, and the requests the kill left unanswered can be sent again
  server = await startServer();
  for (const n of unanswered) {
    const retried = await openCase(n);
    expect(retried.status).toBe(201);
    if (!answered.has(retried.body.id!)) expect((await submitIntake(retried.body.id!)).status).toBe(200);
  }
  const perReference = await sql<{ reference: string; n: number }>`
    select reference, count(*)::int as n from cases where service_id = ${serviceId} group by reference having count(*) > 1`.execute(
    owner,
  );
  expect(perReference.rows).toEqual([]);
  const total = await owner
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('service_id', '=', serviceId)
    .executeTakeFirstOrThrow();
  expect(total.n).toBe(next);
}, 60_000);
