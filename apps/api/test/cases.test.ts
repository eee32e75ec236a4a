import { examples as core } from '@harbour/module-core';
import { sql } from 'kysely';
import { buildTestApp, login, seedService, seedUser, type TestApp } from '../../../test/helpers/app';
import { addMonths, ukDate } from '../src/cases/dates';

let t: TestApp;
let serviceA: string;
let serviceB: string;
let pat: string;
let sam: string;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await buildTestApp();
  serviceA = await seedService(t.owner, 'Riverside Idva Service');
  serviceB = await seedService(t.owner, 'Hillside Outreach');
  pat = await seedUser(t.owner, { email: 'pat@example.org', serviceId: serviceA, role: 'practitioner' });
  sam = await seedUser(t.owner, {
    email: 'sam@example.org',
    serviceId: serviceA,
    role: 'practitioner',
    practitionerRole: 'outreach',
  });
  await seedUser(t.owner, { email: 'mo@example.org', serviceId: serviceA, role: 'manager' });
  await seedUser(t.owner, { email: 'bea@example.org', serviceId: serviceB, role: 'manager' });
  await seedUser(t.owner, { email: 'root@example.org', platformRole: 'admin' });
  for (const who of ['pat', 'sam', 'mo', 'bea', 'root']) cookies[who] = await login(t.app, `${who}@example.org`);
});
afterAll(async () => t.close());

type Request = { method?: 'GET' | 'POST' | 'PUT'; payload?: object; headers?: Record<string, string> };
const call = (who: string, url: string, { method = 'GET', payload, headers }: Request = {}) =>
  t.app.inject({ method, url, headers: { cookie: cookies[who]!, ...headers }, ...(payload ? { payload } : {}) });
const countCases = async () =>
  (await sql<{ n: number }>`select count(*)::int n from cases`.execute(t.owner)).rows[0]!.n;

describe('opening a case', () => {
  test('a practitioner opens a case for themselves, with their practitioner role', async () => {
    const opened = await call('sam', '/api/v1/cases', {
      method: 'POST',
      payload: { openedAt: '2025-05-01', reference: 'SAM-1' },
    });
    expect(opened.statusCode).toBe(201);
    expect(opened.json()).toMatchObject({
      serviceId: serviceA,
      workerId: sam,
      workerName: 'sam',
      practitionerRole: 'outreach',
      openedAt: '2025-05-01',
      status: 'open',
      flags: [],
      reference: 'SAM-1',
    });
  });

  test('privileged or unknown properties, or another worker, are refused and nothing is written', async () => {
    const before = await countCases();
    for (const extra of [
      { serviceId: serviceB },
      { status: 'closed' },
      { createdAt: '2025-01-01T00:00:00Z' },
      { colour: 'red' },
    ]) {
      const refused = await call('pat', '/api/v1/cases', {
        method: 'POST',
        payload: { openedAt: '2025-05-01', ...extra },
      });
      expect([Object.keys(extra)[0], refused.statusCode]).toEqual([Object.keys(extra)[0], 400]);
    }
    const forSam = await call('pat', '/api/v1/cases', {
      method: 'POST',
      payload: { openedAt: '2025-05-01', workerId: sam },
    });
    expect(forSam.statusCode).toBe(422);
    expect(forSam.json().details).toEqual([{ pointer: '/workerId', message: expect.any(String) }]);
    const future = await call('pat', '/api/v1/cases', { method: 'POST', payload: { openedAt: '2999-01-01' } });
    expect(future.statusCode).toBe(422);
    expect(await countCases()).toBe(before);
  });

  test('a manager assigns a case to a worker of the service, never to an outsider', async () => {
    const assigned = await call('mo', '/api/v1/cases', {
      method: 'POST',
      payload: { openedAt: '2025-06-01', workerId: pat },
    });
    expect(assigned.statusCode).toBe(201);
    expect(assigned.json()).toMatchObject({ workerId: pat, practitionerRole: 'idva' });
    const outsider = await seedUser(t.owner, { email: 'out@example.org' });
    const refused = await call('mo', '/api/v1/cases', {
      method: 'POST',
      payload: { openedAt: '2025-06-01', workerId: outsider },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().details[0].message).toBe('is not a member of this service');
  });

  test('the same Idempotency-Key replays the first case; with another body it is refused', async () => {
    const before = await countCases();
    const headers = { 'idempotency-key': 'open-case-7f3a' };
    const payload = { openedAt: '2025-07-01', reference: 'IDEM-1' };
    const first = await call('pat', '/api/v1/cases', { method: 'POST', payload, headers });
    const second = await call('pat', '/api/v1/cases', {
      method: 'POST',
      payload: { reference: 'IDEM-1', openedAt: '2025-07-01' },
      headers,
    });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect(await countCases()).toBe(before + 1);
    const different = await call('pat', '/api/v1/cases', {
      method: 'POST',
      payload: { ...payload, reference: 'IDEM-2' },
      headers,
    });
    expect(different.statusCode).toBe(422);
    expect(different.json().message).toMatch(/Idempotency-Key/);
    expect(await countCases()).toBe(before + 1);
    // keys belong to their user: another practitioner's identical key is a new request
    const samsOwn = await call('sam', '/api/v1/cases', { method: 'POST', payload, headers });
    expect(samsOwn.json().id).not.toBe(first.json().id);
  });

  test('concurrent requests with one key open one case', async () => {
    const before = await countCases();
    const headers = { 'idempotency-key': 'open-case-race' };
    const payload = { openedAt: '2025-07-02' };
    const results = await Promise.all(
      [1, 2, 3].map(() => call('pat', '/api/v1/cases', { method: 'POST', payload, headers })),
    );
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    expect(await countCases()).toBe(before + 1);
  });
});

describe('the caseload', () => {
  let caseload: string[];
  beforeAll(async () => {
    caseload = [];
    for (const openedAt of ['2024-01-10', '2024-02-10', '2024-03-10', '2024-04-10', '2024-05-10']) {
      const opened = await call('mo', '/api/v1/cases', {
        method: 'POST',
        payload: { openedAt, workerId: sam, reference: `LOAD-${openedAt}` },
      });
      caseload.push(opened.json().id);
    }
  });

  test('pages newest first with an opaque cursor, without overlap', async () => {
    const seen: { id: string; openedAt: string }[] = [];
    let cursor: string | null = null;
    do {
      const page = await call('sam', `/api/v1/cases?openedTo=2024-12-31&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.statusCode).toBe(200);
      seen.push(...page.json().items);
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(seen.map((c) => c.id)).toEqual([...caseload].reverse());
    expect((await call('sam', '/api/v1/cases?cursor=garbage')).statusCode).toBe(400);
  });

  test('filters by status, worker, dates and reference', async () => {
    const ids = async (query: string, who = 'mo') =>
      (await call(who, `/api/v1/cases?${query}`)).json().items.map((c: { id: string }) => c.id);
    expect(await ids('openedFrom=2024-02-01&openedTo=2024-03-31')).toEqual([caseload[2], caseload[1]]);
    expect(await ids('reference=LOAD-2024-04-10')).toEqual([caseload[3]]);
    expect(await ids(`workerId=${pat}&openedTo=2024-12-31`)).toEqual([]);
    expect(await ids('status=closed')).toEqual([]);
    expect((await ids('status=open')).length).toBeGreaterThanOrEqual(5);
    expect((await call('mo', '/api/v1/cases?status=pending')).statusCode).toBe(400);
    expect((await call('mo', '/api/v1/cases?limit=1000')).statusCode).toBe(400);
  });

  test("a practitioner sees their own caseload and cases shared with the service; a manager sees the service's", async () => {
    const patsView = (await call('pat', '/api/v1/cases?limit=200')).json().items;
    expect(patsView.every((c: { workerId: string }) => c.workerId === pat)).toBe(true);
    const managersView = (await call('mo', '/api/v1/cases?limit=200')).json().items;
    expect(new Set(managersView.map((c: { workerId: string }) => c.workerId))).toEqual(new Set([pat, sam]));
    expect((await call('bea', '/api/v1/cases')).json().items).toEqual([]);

    await t.owner.updateTable('cases').set({ shared_with_service: true }).where('id', '=', caseload[0]!).execute();
    const shared = (await call('pat', '/api/v1/cases?limit=200')).json().items.map((c: { id: string }) => c.id);
    expect(shared).toContain(caseload[0]);
    expect((await call('pat', `/api/v1/cases/${caseload[0]}`)).statusCode).toBe(200);
  });

  test('an open case is due a review three months after opening', async () => {
    const openedAt = addMonths(ukDate(new Date()), -4);
    const opened = await call('pat', '/api/v1/cases', { method: 'POST', payload: { openedAt } });
    const line = (await call('pat', `/api/v1/cases?openedFrom=${openedAt}&openedTo=${openedAt}`)).json().items[0];
    expect(line.id).toBe(opened.json().id);
    expect(line.due).toEqual(['intake', 'client_questionnaire', 'review']);
  });
});

describe('tenancy', () => {
  let patsCase: string;
  beforeAll(async () => {
    patsCase = (await call('pat', '/api/v1/cases', { method: 'POST', payload: { openedAt: '2025-08-01' } })).json().id;
    await call('pat', `/api/v1/cases/${patsCase}/responses/core.intake`, {
      method: 'PUT',
      payload: { answers: core['core.intake'], status: 'submitted' },
    });
  });

  test("another service's case, and another worker's case for a practitioner, answer exactly like a random id", async () => {
    const random = await call('bea', `/api/v1/cases/${crypto.randomUUID()}`);
    expect(random.statusCode).toBe(404);
    for (const who of ['bea', 'sam']) {
      const read = await call(who, `/api/v1/cases/${patsCase}`);
      expect([who, read.statusCode, read.body]).toEqual([who, 404, random.body]);
      const write = await call(who, `/api/v1/cases/${patsCase}/responses/core.exit`, {
        method: 'PUT',
        payload: { answers: core['core.exit'], status: 'submitted' },
      });
      expect([who, write.statusCode, write.body]).toEqual([who, 404, random.body]);
      const close = await call(who, `/api/v1/cases/${patsCase}/close`, { method: 'POST' });
      expect([who, close.statusCode, close.body]).toEqual([who, 404, random.body]);
      const forms = await call(who, `/api/v1/forms?caseId=${patsCase}`);
      expect([who, forms.statusCode, forms.body]).toEqual([who, 404, random.body]);
    }
    expect((await call('mo', `/api/v1/cases/${patsCase}`)).statusCode).toBe(200);
    // nothing was written by the refused requests
    const responses = await t.owner
      .selectFrom('responses')
      .select('form_key')
      .where('case_id', '=', patsCase)
      .execute();
    expect(responses.map((r) => r.form_key)).toEqual(['core.intake']);
  });

  test('admins and researchers reach no case (404), and refused reads are audited', async () => {
    const asAdmin = await call('root', `/api/v1/cases/${patsCase}`);
    expect(asAdmin.statusCode).toBe(404);
    const denied = await sql<{ action: string; status: number }>`
      select action, status from audit_log where object_id = ${patsCase} and status = 404`.execute(t.owner);
    expect(denied.rows.length).toBeGreaterThanOrEqual(2);
    expect((await call('root', '/api/v1/cases')).statusCode).toBe(404);
  });

  test('the case record carries its responses with revisions, and its read is audited', async () => {
    const detail = await call('pat', `/api/v1/cases/${patsCase}`);
    expect(detail.json().responses).toEqual([
      expect.objectContaining({
        formKey: 'core.intake',
        status: 'submitted',
        revision: 1,
        source: 'practitioner',
        version: 1,
      }),
    ]);
    expect(detail.json().consentResearch).toBe(true);
    const reads = await sql<{ n: number }>`
      select count(*)::int n from audit_log where object_id = ${patsCase} and action = 'case.read' and status = 200`.execute(
      t.owner,
    );
    expect(reads.rows[0]!.n).toBeGreaterThanOrEqual(1);
  });
});
