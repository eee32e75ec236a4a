/**
 * Faults: the database backends of the API role are terminated (as an operator or a failover
 * would) in the middle of a burst of case writes and of an import. Every request must either
 * have fully succeeded or have failed with a generic 503 leaving nothing behind, and the app
 * must recover by itself.
 */
import { examples as core } from '@harbour/module-core';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { IN_PROGRESS } from '../../apps/api/src/cases/idempotency';
import { buildTestApp, login, seedService, seedUser, type TestApp } from '../helpers/app';

let t: TestApp;
let serviceId: string;
let workerId: string;
let cookie: string;

const GENERIC_503 = {
  statusCode: 503,
  error: 'Service Unavailable',
  message: 'The service is temporarily unavailable. Please try again shortly.',
};

beforeAll(async () => {
  t = await buildTestApp();
  serviceId = await seedService(t.owner);
  workerId = await seedUser(t.owner, { email: 'pat@example.org', serviceId, role: 'practitioner' });
  await t.owner
    .insertInto('service_modules')
    .values({ service_id: serviceId, module_key: 'core', active_from: '2020-01-01' })
    .onConflict((oc) => oc.doNothing())
    .execute();
  cookie = await login(t.app, 'pat@example.org');
});
afterAll(async () => t.close());

/** Ends every connection the app holds, as `pg_terminate_backend` from an operator does. */
async function terminateApiBackends(): Promise<number> {
  const { rows } = await sql<{ killed: boolean }>`
    select pg_terminate_backend(pid) as killed from pg_stat_activity
    where usename = 'harbour_api' and datname = current_database()`.execute(t.owner);
  return rows.filter((r) => r.killed).length;
}

function expectGeneric503(response: LightMyRequestResponse) {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toEqual(GENERIC_503);
}

const openCase = (i: number, key = `fault-${i}`) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: { cookie, 'idempotency-key': key },
    payload: { openedAt: '2025-03-10', reference: `F-${i}` },
  });

const submitIntake = (caseId: string) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/v1/cases/${caseId}/responses/core.intake`,
    headers: { cookie },
    payload: { answers: core['core.intake'], status: 'submitted' },
  });

type Outcome =
  | { kind: 'open'; i: number; response: LightMyRequestResponse }
  | { kind: 'save'; caseId: string; response: LightMyRequestResponse };

async function seedCases(n: number, prefix: string): Promise<string[]> {
  const rows = await t.owner
    .insertInto('cases')
    .values(
      Array.from({ length: n }, (_, i) => ({
        service_id: serviceId,
        worker_id: workerId,
        opened_at: '2025-03-10',
        reference: `${prefix}-${i}`,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Runs the requests all at once and terminates the backends when `killAfter` of them have
 * answered (several times), so that requests are in flight on every connection of the pool.
 */
async function burstWithKills<T>(requests: (() => Promise<T>)[], killAfter: number[]): Promise<T[]> {
  let answered = 0;
  const kills: Promise<number>[] = [];
  const results = await Promise.all(
    requests.map((send) =>
      send().then((result) => {
        answered += 1;
        if (killAfter.includes(answered)) kills.push(terminateApiBackends());
        return result;
      }),
    ),
  );
  const killed = await Promise.all(kills);
  expect(killed.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  return results;
}

test('backends terminated during a burst of case openings and intake submissions: all or nothing, then recovery', async () => {
  const preexisting = await seedCases(20, 'PRE');
  // opens and saves interleaved, so both are in flight when the backends go
  const requests = Array.from({ length: 40 }, (_, i): (() => Promise<Outcome>)[] => [
    async () => ({ kind: 'open' as const, i, response: await openCase(i) }),
    ...(i % 2 === 0
      ? [
          async () => ({
            kind: 'save' as const,
            caseId: preexisting[i / 2]!,
            response: await submitIntake(preexisting[i / 2]!),
          }),
        ]
      : []),
  ]).flat();
  const results = await burstWithKills(requests, [6, 25, 45]);

  const failed = results.filter((r) => r.response.statusCode === 503);
  const succeeded = results.filter((r) => r.response.statusCode !== 503);
  for (const r of failed) expectGeneric503(r.response);
  for (const r of succeeded) expect(r.response.statusCode).toBe(r.kind === 'open' ? 201 : 200);
  // the fault really hit requests in flight, and not all of them
  expect(failed.length).toBeGreaterThan(0);
  expect(succeeded.length).toBeGreaterThan(0);

  const cases = await t.owner.selectFrom('cases').select(['id', 'reference', 'version', 'flags']).execute();
  const byReference = new Map(cases.map((c) => [c.reference, c]));
  const responses = await t.owner.selectFrom('responses').select(['case_id', 'status', 'submitted_at']).execute();
  const audit = await t.owner
    .selectFrom('audit_log')
    .select(['action', 'object_id', 'status'])
    .where('action', 'in', ['case.opened', 'case.response_saved'])
    .execute();
  const keys = await t.owner.selectFrom('idempotency_keys').select(['key', 'response_status']).execute();
  const auditOf = (action: string, id: string) => audit.filter((a) => a.action === action && a.object_id === id);

  for (const r of results) {
    if (r.kind === 'open') {
      const kase = byReference.get(`F-${r.i}`);
      const key = keys.find((k) => k.key === `fault-${r.i}`);
      if (r.response.statusCode === 201) {
        expect(kase?.id).toBe(r.response.json().id);
        expect(auditOf('case.opened', kase!.id)).toEqual([{ action: 'case.opened', object_id: kase!.id, status: 201 }]);
        expect(key?.response_status).toBe(201);
      } else {
        expect(kase).toBeUndefined();
        expect(key).toBeUndefined();
      }
    } else {
      const saved = responses.filter((x) => x.case_id === r.caseId);
      const kase = cases.find((c) => c.id === r.caseId)!;
      if (r.response.statusCode === 200) {
        expect(saved).toEqual([{ case_id: r.caseId, status: 'submitted', submitted_at: expect.any(Date) }]);
        expect(kase.version).toBe(2);
        expect(auditOf('case.response_saved', r.caseId)).toEqual([
          { action: 'case.response_saved', object_id: r.caseId, status: 200 },
        ]);
      } else {
        expect(saved).toEqual([]);
        expect({ version: kase.version, flags: kase.flags }).toEqual({ version: 1, flags: [] });
        // not even a "denied" row: the request failed, nobody was refused
        expect(auditOf('case.response_saved', r.caseId)).toEqual([]);
      }
    }
  }
  // nothing else was written: no audit row for a case that is not there, no claimed key left over
  const opened = audit.filter((a) => a.action === 'case.opened').map((a) => a.object_id);
  expect(opened.sort()).toEqual(
    cases
      .filter((c) => c.reference?.startsWith('F-'))
      .map((c) => c.id)
      .sort(),
  );
  expect(keys.every((k) => k.response_status === 201)).toBe(true);

  // recovery by itself: the failed requests, sent again with the same keys, now succeed
  for (const r of failed) {
    const again = r.kind === 'open' ? await openCase(r.i) : await submitIntake(r.caseId);
    expect(again.statusCode).toBe(r.kind === 'open' ? 201 : 200);
  }
  const count = await t.owner
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('reference', 'like', 'F-%')
    .executeTakeFirstOrThrow();
  expect(count.n).toBe(40);
  const ready = await t.app.inject({ method: 'GET', url: '/api/v1/readyz' });
  expect(ready.statusCode).toBe(200);
}, 60_000);

const IMPORT_ROWS = 700;

/** A row of the import: an intake for every case, an exit (closing it) for every third. */
function importRow(i: number): Record<string, unknown> {
  const columns = (formKey: string, answers: Record<string, unknown>) =>
    Object.entries(answers).map(([field, value]) => [`${formKey}.${field}`, value]);
  return Object.fromEntries([
    ['case.reference', `IMP-${i}`],
    ['case.opened_at', '2025-03-12'],
    ...columns('core.intake', { ...core['core.intake'], age: 18 + (i % 60) }),
    ...(i % 3 === 0 ? columns('core.exit', core['core.exit']) : []),
  ]);
}

const postImport = (rows: number[], key: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/cases/import',
    headers: { cookie, 'content-type': 'application/x-ndjson', 'idempotency-key': key },
    payload: rows.map((i) => JSON.stringify(importRow(i))).join('\n'),
  });

/** Waits until the import is writing (an API backend inside a transaction that inserted cases), then terminates. */
async function killWhileImporting(): Promise<number> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
      where usename = 'harbour_api' and datname = current_database()
        and state in ('active', 'idle in transaction') and query ilike '%insert into%cases%'`.execute(t.owner);
    if (rows[0]!.n > 0) return terminateApiBackends();
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error('the import never started writing');
}

test('backends terminated during an import: each row all or nothing, a 503, then recovery', async () => {
  const rows = Array.from({ length: IMPORT_ROWS }, (_, i) => i);
  const [response, killed] = await Promise.all([postImport(rows, 'import-fault'), killWhileImporting()]);
  expect(killed).toBeGreaterThan(0);
  expect(response.statusCode).toBe(503);
  expectGeneric503(response);

  const cases = await t.owner
    .selectFrom('cases')
    .select(['id', 'reference', 'status', 'closed_at'])
    .where('reference', 'like', 'IMP-%')
    .execute();
  const responses = await t.owner
    .selectFrom('responses')
    .select(['case_id', 'form_key', 'status', 'submitted_at'])
    .where('source', '=', 'import')
    .execute();
  // every case that came in has all of its row's responses, and only those
  for (const kase of cases) {
    const i = Number(kase.reference!.slice(4));
    const forms = responses
      .filter((r) => r.case_id === kase.id)
      .map((r) => r.form_key)
      .sort();
    expect({ i, forms }).toEqual({ i, forms: i % 3 === 0 ? ['core.exit', 'core.intake'] : ['core.intake'] });
    expect({ i, status: kase.status, closed: kase.closed_at !== null }).toEqual({
      i,
      status: i % 3 === 0 ? 'closed' : 'open',
      closed: i % 3 === 0,
    });
  }
  expect(new Set(responses.map((r) => r.case_id)).size).toBe(cases.length);
  const imported = await t.owner
    .selectFrom('audit_log')
    .select(['object_id'])
    .where('action', '=', 'case.imported')
    .execute();
  expect(imported.map((a) => a.object_id).sort()).toEqual(cases.map((c) => c.id).sort());
  // the failed import left no summary row, and stored no result under its key
  const summary = await t.owner.selectFrom('audit_log').select('id').where('action', '=', 'cases.import').execute();
  expect(summary).toEqual([]);
  const key = await t.owner
    .selectFrom('idempotency_keys')
    .select('response_status')
    .where('key', '=', 'import-fault')
    .executeTakeFirst();
  // Known gap (docs/security.md): the import releases its key on failure, but when that release
  // itself meets a pooled connection that died in the same fault, the key stays "in progress"
  // and a retry with it gets 409. So the retry below uses a key of its own.
  expect(key === undefined || key.response_status === IN_PROGRESS).toBe(true);

  // recovery: the rows that did not come in, sent again, are imported
  const present = new Set(cases.map((c) => Number(c.reference!.slice(4))));
  const missing = rows.filter((i) => !present.has(i));
  const again = await postImport(missing, 'import-fault-retry');
  expect(again.statusCode).toBe(200);
  expect(again.json()).toEqual({ imported: missing.length, rejected: [] });
  const total = await t.owner
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('reference', 'like', 'IMP-%')
    .executeTakeFirstOrThrow();
  expect(total.n).toBe(IMPORT_ROWS);
}, 60_000);
