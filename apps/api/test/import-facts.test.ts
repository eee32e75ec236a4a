/**
 * An import keeps case_facts once a statement (FACTS_PER_STATEMENT: a rebuild of each batch's
 * cases) where every other write keeps them once a row. Both must give the same facts: here the
 * imported cases are written again through the row triggers and every fact column compared.
 */
import { examples as children } from '@harbour/module-children';
import { examples as core } from '@harbour/module-core';
import { examples as mentalHealth } from '@harbour/module-mental-health';
import { examples as migration } from '@harbour/module-migration';
import { sql } from 'kysely';
import { buildTestApp, login, seedService, seedUser, type TestApp } from '../../../test/helpers/app';

let t: TestApp;
let serviceId: string;
let cookie: string;

beforeAll(async () => {
  t = await buildTestApp();
  serviceId = await seedService(t.owner);
  await seedUser(t.owner, { email: 'pat@example.org', serviceId, role: 'practitioner' });
  await seedUser(t.owner, { email: 'mo@example.org', serviceId, role: 'manager' });
  await t.owner
    .insertInto('service_modules')
    .values(
      ['mental-health', 'migration', 'children'].map((module_key) => ({
        service_id: serviceId,
        module_key,
        active_from: '2024-01-01',
        active_to: null,
      })),
    )
    .execute();
  cookie = await login(t.app, 'mo@example.org');
});
afterAll(async () => t.close());

const columnsOf = (formKey: string, answers: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(answers).map(([field, value]) => [`${formKey}.${field}`, value]));

/** Some key fields "not known", so that answered counts vary from case to case. */
const unknowns = (i: number) =>
  i % 7 === 0 ? { gender: 'not_known', ethnicity: 'not_known', sexual_orientation: 'not_known' } : {};

/** Six hundred varied synthetic cases: with the bare ones below, more than one batch of the import's 500. */
function row(i: number): Record<string, unknown> {
  const risk = ['standard', 'medium', 'high'][i % 3];
  return {
    'case.reference': `FACTS-${i}`,
    'case.opened_at': '2025-03-12',
    'case.worker_email': i % 2 ? 'pat@example.org' : 'mo@example.org',
    ...columnsOf('core.intake', {
      ...core['core.intake'],
      ...unknowns(i),
      age: 18 + (i % 60),
      risk_level: risk,
      consent_research: i % 4 !== 0,
    }),
    ...(i % 2 ? columnsOf('core.exit', { ...core['core.exit'], risk_level: risk }) : {}),
    ...(i % 3 === 0 ? columnsOf('core.client_intake', core['core.client_intake']) : {}),
    ...(i % 3 === 0 && i % 2 ? columnsOf('core.client_exit', core['core.client_exit']) : {}),
    ...(i % 4 === 1 ? columnsOf('mental-health.client_intake', mentalHealth['mental-health.client_intake']) : {}),
    ...(i % 5 === 2 ? columnsOf('migration.intake', migration['migration.intake']) : {}),
    ...(i % 6 === 3 ? columnsOf('children.intake', children['children.intake']) : {}),
  };
}

test("an import's facts equal those the row triggers give the same cases, column for column", async () => {
  // and ten cases with no form answered: their facts row comes from the case alone
  const bare = Array.from({ length: 10 }, (_, i) => ({
    'case.reference': `FACTS-BARE-${i}`,
    'case.opened_at': '2025-04-01',
  }));
  const lines = [...Array.from({ length: 600 }, (_, i) => row(i)), ...bare].map((r) => JSON.stringify(r)).join('\n');
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases/import',
    headers: { cookie, 'content-type': 'application/x-ndjson' },
    payload: lines,
  });
  expect(response.json()).toEqual({ imported: 610, rejected: [] });

  const pairs = await t.owner.transaction().execute(async (tx) => {
    // The same cases and responses again under new ids, written one row at a time by the row
    // triggers (the setting is off in this transaction, as in every write but the import's).
    await sql`create temporary table copies on commit drop as
      select id as imported, gen_random_uuid() as copy from cases where reference like 'FACTS-%'`.execute(tx);
    await sql`insert into cases
      select (jsonb_populate_record(null::cases, to_jsonb(c) || jsonb_build_object('id', k.copy,
        'reference', 'COPY-' || c.reference))).*
      from cases c join copies k on k.imported = c.id`.execute(tx);
    await sql`insert into responses
      select (jsonb_populate_record(null::responses, to_jsonb(r) || jsonb_build_object('case_id', k.copy))).*
      from responses r join copies k on k.imported = r.case_id`.execute(tx);
    const { rows } = await sql<{ imported: Record<string, unknown>; copy: Record<string, unknown> }>`
      select to_jsonb(i) - 'case_id' as imported, to_jsonb(c) - 'case_id' as copy
      from copies k
      join case_facts i on i.case_id = k.imported
      join case_facts c on c.case_id = k.copy`.execute(tx);
    return rows;
  });
  expect(pairs).toHaveLength(610);
  const differing = new Set(
    pairs.flatMap((p) =>
      Object.keys(p.copy).filter((column) => JSON.stringify(p.imported[column]) !== JSON.stringify(p.copy[column])),
    ),
  );
  expect([...differing]).toEqual([]);
  expect(Object.keys(pairs[0]!.imported).sort()).toEqual(Object.keys(pairs[0]!.copy).sort());
  // the comparison compared something: the facts carry the forms' answers and counts
  const facts = pairs.map((p) => p.imported);
  expect(facts.filter((f) => !f['d|core.intake'])).toHaveLength(10);
  expect(facts.filter((f) => f['d|core.exit'])).toHaveLength(300);
  expect(facts.filter((f) => f['d|migration.intake'])).toHaveLength(120);
  expect(facts.filter((f) => f['d|children.intake'])).toHaveLength(100);
  expect(new Set(facts.map((f) => f['c|core.intake'])).size).toBeGreaterThan(1);
  expect(new Set(facts.map((f) => f['a|core.intake|risk_level|t']))).toEqual(
    new Set(['standard', 'medium', 'high', null]),
  );
  expect(facts.filter((f) => f['s|mental-health.client_intake|phq9_total|n'] !== null)).toHaveLength(150);
});
