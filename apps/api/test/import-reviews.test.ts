/** Importing reviews: a row carries its case's reviews as numbered columns, each stored as its own response. */
import { buildTestApp, login, seedService, seedUser, type TestApp } from '../../../test/helpers/app';

let t: TestApp;
let cookie: string;

beforeAll(async () => {
  t = await buildTestApp();
  const serviceId = await seedService(t.owner);
  await seedUser(t.owner, { email: 'pat@example.org', serviceId, role: 'practitioner' });
  cookie = await login(t.app, 'pat@example.org');
});
afterAll(async () => t.close());

const importCsv = (body: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/cases/import',
    headers: { cookie, 'content-type': 'text/csv' },
    payload: body,
  });

test('each numbered review of a row is stored as its own response; a gap or an unnumbered review column is refused', async () => {
  const header =
    'case.opened_at,case.reference,core.review.1.review_date,core.review.1.risk_level,core.review.2.review_date,core.review.2.dash_score,core.review.3.review_date,core.review.3.risk_level';
  const response = await importCsv(
    [
      header,
      '2025-01-06,IMP-1,2025-04-07,high,2025-07-07,8,,',
      '2025-01-06,IMP-2,2025-04-07,medium,,,2025-10-06,standard',
      '2025-01-06,IMP-3,2099-01-01,high,,,,',
    ].join('\n'),
  );
  expect(response.statusCode).toBe(200);
  expect(response.json()).toEqual({
    imported: 1,
    rejected: [
      { row: 2, errors: [{ pointer: '/core.review.3', message: 'is review 3, but the row has no review 2' }] },
      {
        row: 3,
        errors: [{ pointer: '/core.review.1.review_date', message: 'must not be in the future' }],
      },
    ],
  });
  const reviews = await t.owner
    .selectFrom('responses')
    .innerJoin('cases', 'cases.id', 'responses.case_id')
    .select(['responses.occasion', 'responses.answers', 'responses.source'])
    .where('cases.reference', '=', 'IMP-1')
    .where('responses.form_key', '=', 'core.review')
    .orderBy('responses.occasion')
    .execute();
  expect(reviews).toEqual([
    { occasion: 1, source: 'import', answers: { review_date: '2025-04-07', risk_level: 'high' } },
    // the risk level follows from the Dash score, as when a practitioner saves it
    { occasion: 2, source: 'import', answers: { review_date: '2025-07-07', dash_score: 8, risk_level: 'standard' } },
  ]);

  const unnumbered = await importCsv('case.opened_at,core.review.risk_level\n2025-01-06,high');
  expect(unnumbered.statusCode).toBe(422);
  expect(unnumbered.json().details).toEqual([
    { pointer: '/core.review.risk_level', message: 'is not a column of the data dictionary' },
  ]);
});
