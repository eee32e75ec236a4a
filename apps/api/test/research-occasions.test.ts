/**
 * Reviews and follow-ups in research exports: their own tables, one row per occasion, joined to
 * the cases table by the export's case pseudonym, with no reference, id or free text.
 */
import { examples as core } from '@harbour/module-core';
import { parse } from 'csv-parse/sync';
import { buildTestApp, login, seedUser, type TestApp } from '../../../test/helpers/app';
import { insertCase, insertService } from './research/fixtures';

let t: TestApp;
let researcher: string;
let caseId: string;

beforeAll(async () => {
  t = await buildTestApp();
  const serviceId = await insertService(t.owner, 'Sharing Service', { shares: true });
  const workerId = await seedUser(t.owner, { email: 'pat@example.org', serviceId, role: 'practitioner' });
  caseId = await insertCase(t.owner, t.registry, {
    serviceId,
    workerId,
    openedAt: '2025-03-10',
    closedAt: '2025-09-22',
    reference: 'SECRET-REF-1',
    forms: { 'core.intake': core['core.intake'], 'core.exit': core['core.exit'] },
  });
  const add = async (formKey: string, occasion: number, answers: Record<string, unknown>) =>
    t.owner
      .insertInto('responses')
      .values({
        service_id: serviceId,
        case_id: caseId,
        form_key: formKey,
        occasion,
        module_key: 'core',
        form_version: 1,
        status: 'submitted',
        source: 'practitioner',
        answers: JSON.stringify(answers),
        scores: JSON.stringify(t.registry.score(formKey, answers)),
        submitted_at: new Date(),
      })
      .execute();
  await add('core.review', 1, { ...core['core.review'], review_date: '2025-06-10', risk_level: 'high' });
  await add('core.review', 2, { ...core['core.review'], review_date: '2025-08-15', risk_level: 'standard' });
  await add('core.client_review', 2, core['core.client_review']);
  await add('core.client_follow_up', 1, { harmed_since: 'no', safety_now: 8 });
  await seedUser(t.owner, { email: 'researcher@x.org', platformRole: 'researcher' });
  researcher = await login(t.app, 'researcher@x.org');
});
afterAll(async () => t.close());

const exportOf = (query: string) =>
  t.app.inject({
    method: 'GET',
    url: `/api/v1/research/export?from=2025-01-01&to=2025-12-31${query}`,
    headers: { cookie: researcher },
  });

test('reviews and follow-ups are tables of their own, pseudonymised like the cases', async () => {
  const cases = await exportOf('');
  expect(cases.statusCode).toBe(200);
  const exportId = cases.headers['x-harbour-export'];
  const caseRows = parse(cases.body, { columns: true }) as Record<string, string>[];
  expect(caseRows).toHaveLength(1);
  // the cases table has no review columns: a case has many reviews
  expect(Object.keys(caseRows[0] as object).some((k) => k.startsWith('core.review.'))).toBe(false);
  const pseudonym = caseRows[0]?.['case.pseudonym'];

  const reviews = await exportOf(`&table=reviews&export=${exportId}`);
  expect(reviews.statusCode).toBe(200);
  const reviewRows = parse(reviews.body, { columns: true }) as Record<string, string>[];
  expect(
    reviewRows.map((r) => [
      r['case.pseudonym'],
      r['review.number'],
      r['core.review.review_month'],
      r['core.review.risk_level'],
    ]),
  ).toEqual([
    // a case alone in its group is below k: its dates are blanked here as in the cases table
    [pseudonym, '1', '', 'high'],
    [pseudonym, '2', '', 'standard'],
  ]);
  expect(caseRows[0]?.['case.opened_month']).toBe('');
  expect(reviewRows[1]?.['core.client_review.safety_now']).toBe('6');
  expect(reviewRows[1]?.['core.client_review.who5_percent']).toBe('40');

  const followUps = await exportOf(`&table=follow_ups&export=${exportId}&format=jsonl`);
  expect(followUps.statusCode).toBe(200);
  const followUpRows = followUps.body
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  expect(followUpRows).toEqual([
    expect.objectContaining({
      'case.pseudonym': pseudonym,
      'follow_up.number': 1,
      'core.client_follow_up.harmed_since': 'no',
      'core.client_follow_up.safety_now': 8,
    }),
  ]);

  const everything = cases.body + reviews.body + followUps.body;
  expect(everything).not.toContain(caseId);
  expect(everything).not.toContain('SECRET-REF-1');

  const dictionary = await t.app.inject({
    method: 'GET',
    url: '/api/v1/research/dictionary?format=json',
    headers: { cookie: researcher },
  });
  const tables = new Set((dictionary.json().columns as { table: string }[]).map((c) => c.table));
  expect([...tables].sort()).toEqual(['cases', 'children', 'follow_ups', 'reviews']);
});
