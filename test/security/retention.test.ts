import { sql } from 'kysely';
import { newSecret, secretHash } from '../../apps/api/src/auth/tokens';
import { retentionCutoff, runRetention } from '../../apps/api/src/retention/run-retention';
import { JOBS } from '../../apps/api/src/scheduler';
import { buildTestApp, seedService, seedUser, type TestApp } from '../helpers/app';

let t: TestApp;
let sixYears: string;
let twoYears: string;
let worker: string;
beforeAll(async () => {
  t = await buildTestApp();
  sixYears = await seedService(t.owner, 'Default retention');
  twoYears = await seedService(t.owner, 'Short retention');
  await t.owner
    .updateTable('services')
    .set({ settings: JSON.stringify({ retentionYears: 2 }) })
    .where('id', '=', twoYears)
    .execute();
  worker = await seedUser(t.owner, { email: 'w@example.org', serviceId: sixYears, role: 'practitioner' });
});
afterAll(async () => t.close());

async function closedCase(serviceId: string, closedAt: string | null) {
  const row = await t.owner
    .insertInto('cases')
    .values({
      service_id: serviceId,
      worker_id: worker,
      opened_at: '2015-01-05',
      ...(closedAt ? { closed_at: closedAt, status: 'closed' as const } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.owner
    .insertInto('responses')
    .values({
      service_id: serviceId,
      case_id: row.id,
      form_key: 'core.intake',
      module_key: 'core',
      form_version: 1,
      status: 'draft',
      source: 'practitioner',
      answers: '{}',
    })
    .execute();
  await t.owner
    .insertInto('questionnaire_links')
    .values({
      service_id: serviceId,
      case_id: row.id,
      form_key: 'core.client_intake',
      token_hash: secretHash(newSecret()),
      created_by: worker,
      expires_at: new Date(Date.now() + 3_600_000),
    })
    .execute();
  await t.owner
    .insertInto('idempotency_keys')
    .values({
      service_id: serviceId,
      user_id: worker,
      key: newSecret(),
      route: 'POST /api/v1/cases',
      request_hash: Buffer.alloc(32),
      response_status: 201,
      response_body: JSON.stringify({ id: row.id }),
    })
    .execute();
  return row.id;
}

const exists = async (id: string) =>
  (await t.owner.selectFrom('cases').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

test('the cut-off is the same day N years back (29 February falls back to the 28th)', () => {
  expect(retentionCutoff(new Date('2026-11-25T10:00:00Z'), 6)).toBe('2020-11-25');
  expect(retentionCutoff(new Date('2028-02-29T10:00:00Z'), 1)).toBe('2027-02-28');
});

test('expired cases go with their responses, links and idempotency keys; the rest stay; the run is audited', async () => {
  const now = new Date('2026-11-25T03:00:00Z');
  const expiredDefault = await closedCase(sixYears, '2020-11-24'); // 6 years and a day ago
  const keptDefault = await closedCase(sixYears, '2020-11-25'); // exactly 6 years: kept
  const open = await closedCase(sixYears, null);
  const expiredShort = await closedCase(twoYears, '2024-11-01');
  const keptShort = await closedCase(twoYears, '2025-01-01');

  const dry = await runRetention(t.owner, { now, dryRun: true });
  expect(dry.services.map((s) => s.cases)).toEqual(expect.arrayContaining([1, 1]));
  expect(await exists(expiredDefault)).toBe(true);

  const report = await runRetention(t.owner, { now });
  const bySevice = Object.fromEntries(report.services.map((s) => [s.serviceId, s]));
  expect(bySevice[sixYears]).toMatchObject({
    retentionYears: 6,
    closedBefore: '2020-11-25',
    cases: 1,
    responses: 1,
    links: 1,
    idempotencyKeys: 1,
  });
  expect(bySevice[twoYears]).toMatchObject({ retentionYears: 2, closedBefore: '2024-11-25', cases: 1 });
  expect(await exists(expiredDefault)).toBe(false);
  expect(await exists(expiredShort)).toBe(false);
  for (const kept of [keptDefault, open, keptShort]) expect(await exists(kept)).toBe(true);
  const leftovers = await sql<{ n: number }>`
    select (select count(*) from responses where case_id in (${expiredDefault}, ${expiredShort}))
         + (select count(*) from questionnaire_links where case_id in (${expiredDefault}, ${expiredShort}))
         + (select count(*) from idempotency_keys where response_body->>'id' in (${expiredDefault}, ${expiredShort})) as n`.execute(
    t.owner,
  );
  expect(Number(leftovers.rows[0]?.n)).toBe(0);
  const audit = await t.owner
    .selectFrom('audit_log')
    .select(['service_id', 'details'])
    .where('action', '=', 'retention.deleted')
    .execute();
  expect(audit).toHaveLength(2);
  expect(audit.find((a) => a.service_id === sixYears)?.details).toMatchObject({ cases: 1, caseIds: [expiredDefault] });
  // a second run finds nothing more to do
  expect((await runRetention(t.owner, { now })).services).toEqual([]);
});

test('the server schedules the retention job daily', async () => {
  const job = JOBS.find((j) => j.name === 'retention');
  expect(job?.everyMs).toBe(24 * 60 * 60_000);
  const expired = await closedCase(sixYears, '2016-01-01');
  await job?.run({ app: t.app, ownerDb: t.owner });
  expect(await exists(expired)).toBe(false);
});
