import { examples as core } from '@harbour/module-core';
import { examples as mentalHealth } from '@harbour/module-mental-health';
import { activateModules, buildTestApp, login, seedService, seedUser, type TestApp } from '../../../test/helpers/app';
import { addMonths, ukDate } from '../src/cases/dates';

let t: TestApp;
let serviceId: string;
let cookie: string;
const DAY = 24 * 3_600_000;

beforeAll(async () => {
  t = await buildTestApp();
  serviceId = await seedService(t.owner);
  await seedUser(t.owner, { email: 'pat@example.org', serviceId, role: 'practitioner' });
  await activateModules(t.owner, serviceId, ['mental-health']);
  cookie = await login(t.app, 'pat@example.org');
});
afterAll(async () => t.close());

const today = () => ukDate(t.app.clock());

/** Moves the clock on; sessions end while nobody is there, so staff sign in again. */
async function advanceDays(days: number) {
  t.advance(days * DAY);
  cookie = await login(t.app, 'pat@example.org');
  manager = undefined;
}

async function newCase(openedAt: string): Promise<string> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: { cookie },
    payload: { openedAt },
  });
  expect(response.statusCode).toBe(201);
  return response.json().id;
}

const saveReview = (caseId: string, occasion: number, formKey: string, payload: object) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/v1/cases/${caseId}/reviews/${occasion}/responses/${formKey}`,
    headers: { cookie },
    payload,
  });

const getCase = async (caseId: string) =>
  (await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers: { cookie } })).json();

const caseloadLine = async (caseId: string) => {
  const list = await t.app.inject({ method: 'GET', url: '/api/v1/cases?status=open&limit=200', headers: { cookie } });
  if (list.statusCode !== 200) throw new Error(list.body);
  return list.json().items.find((c: { id: string }) => c.id === caseId);
};

test('three reviews on one case are each kept, with their own date, revision and answers', async () => {
  const caseId = await newCase(addMonths(today(), -10));
  const dates = [addMonths(today(), -7), addMonths(today(), -4), addMonths(today(), -1)];
  const risks = ['high', 'medium', 'standard'];
  for (const [i, reviewDate] of dates.entries()) {
    const saved = await saveReview(caseId, i + 1, 'core.review', {
      answers: { ...core['core.review'], review_date: reviewDate, risk_level: risks[i] },
      status: 'submitted',
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ formKey: 'core.review', occasion: i + 1, revision: 1, status: 'submitted' });
  }
  // the client's PHQ-9/GAD-7 on the second review
  const mh = await saveReview(caseId, 2, 'mental-health.client_review', {
    answers: mentalHealth['mental-health.client_review'],
    status: 'submitted',
  });
  expect(mh.statusCode).toBe(200);
  expect(mh.json().scores).toMatchObject({ phq9_total: 10, gad7_total: 8 });

  const rows = await t.owner
    .selectFrom('responses')
    .select(['occasion', 'form_key', 'answers'])
    .where('case_id', '=', caseId)
    .orderBy('form_key')
    .orderBy('occasion')
    .execute();
  expect(
    rows.map((r) => [r.form_key, r.occasion, r.answers.review_date ?? null, r.answers.risk_level ?? null]),
  ).toEqual([
    ['core.review', 1, dates[0], 'high'],
    ['core.review', 2, dates[1], 'medium'],
    ['core.review', 3, dates[2], 'standard'],
    ['mental-health.client_review', 2, null, null],
  ]);

  const detail = await getCase(caseId);
  expect(detail.reviews).toEqual([
    { occasion: 1, reviewDate: dates[0], submittedForms: ['core.review'], draftForms: [] },
    {
      occasion: 2,
      reviewDate: dates[1],
      submittedForms: expect.arrayContaining(['core.review', 'mental-health.client_review']),
      draftForms: [],
    },
    { occasion: 3, reviewDate: dates[2], submittedForms: ['core.review'], draftForms: [] },
  ]);
  expect(detail.lastReviewedOn).toBe(dates[2]);
  expect(detail.submittedForms).toEqual(['core.review', 'mental-health.client_review']);

  // changing review 2 needs review 2's revision; the others are untouched
  const stale = await saveReview(caseId, 2, 'core.review', {
    answers: { ...core['core.review'], review_date: dates[1], risk_level: 'high' },
    status: 'submitted',
  });
  expect(stale.statusCode).toBe(428);
  const changed = await saveReview(caseId, 2, 'core.review', {
    answers: { ...core['core.review'], review_date: dates[1], risk_level: 'high' },
    status: 'submitted',
    revision: 1,
  });
  expect(changed.json()).toMatchObject({ occasion: 2, revision: 2 });
  const after = await getCase(caseId);
  const reviews = after.responses.filter((r: { formKey: string }) => r.formKey === 'core.review');
  expect(
    reviews.map((r: { occasion: number; revision: number; answers: { risk_level: string } }) => [
      r.occasion,
      r.revision,
      r.answers.risk_level,
    ]),
  ).toEqual([
    [1, 1, 'high'],
    [2, 2, 'high'],
    [3, 1, 'standard'],
  ]);
});

test('reviews are numbered without gaps, and a review form is saved only on a review', async () => {
  const caseId = await newCase(addMonths(today(), -2));
  const skipped = await saveReview(caseId, 2, 'core.review', { answers: core['core.review'], status: 'draft' });
  expect(skipped.statusCode).toBe(422);
  expect(skipped.json().details).toEqual([{ pointer: '/occasion', message: 'must be at most 1' }]);
  const once = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/cases/${caseId}/responses/core.review`,
    headers: { cookie },
    payload: { answers: {}, status: 'draft' },
  });
  expect(once.statusCode).toBe(422);
  expect(once.json().details[0].pointer).toBe('/occasion');
  const intakeOnReview = await saveReview(caseId, 1, 'core.intake', { answers: {}, status: 'draft' });
  expect(intakeOnReview.statusCode).toBe(422);
  const future = await saveReview(caseId, 1, 'core.review', {
    answers: { review_date: addMonths(today(), 1), risk_level: 'high' },
    status: 'submitted',
  });
  expect(future.statusCode).toBe(422);
  expect(future.json().details).toEqual([{ pointer: '/answers/review_date', message: 'must not be in the future' }]);
  const noOccasion = await saveReview(caseId, 0, 'core.review', { answers: {}, status: 'draft' });
  expect(noOccasion.statusCode).toBe(400);
  expect(await t.owner.selectFrom('responses').select('form_key').where('case_id', '=', caseId).execute()).toEqual([]);
});

test("review due appears after the service's interval and clears on a submitted review", async () => {
  const caseId = await newCase(addMonths(today(), -2));
  expect((await caseloadLine(caseId)).due).not.toContain('review');
  expect((await caseloadLine(caseId)).reviewDueOn).toBe(addMonths(addMonths(today(), -2), 3));

  // a month and a bit later the three months have passed
  await advanceDays(35);
  expect((await caseloadLine(caseId)).due).toContain('review');
  expect((await getCase(caseId)).due).toContain('review');

  const draft = await saveReview(caseId, 1, 'core.review', {
    answers: { review_date: today(), risk_level: 'medium' },
    status: 'draft',
  });
  expect(draft.statusCode).toBe(200);
  expect((await caseloadLine(caseId)).due).toContain('review');

  const submitted = await saveReview(caseId, 1, 'core.review', {
    answers: { review_date: today(), dash_score: 15 },
    status: 'submitted',
    revision: 1,
  });
  expect(submitted.statusCode).toBe(200);
  // the risk level follows from the Dash score, as at intake
  expect(submitted.json().answers.risk_level).toBe('high');
  const line = await caseloadLine(caseId);
  expect(line.due).not.toContain('review');
  expect(line.lastReviewedOn).toBe(today());
  expect(line.reviewDueOn).toBe(addMonths(today(), 3));

  // a service that reviews monthly: due again a month after the review
  const patch = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/services/${serviceId}`,
    headers: { cookie: await managerCookie() },
    payload: { settings: { reviewIntervalMonths: 1 } },
  });
  expect(patch.statusCode).toBe(200);
  expect(patch.json().settings.reviewIntervalMonths).toBe(1);
  await advanceDays(32);
  expect((await caseloadLine(caseId)).due).toContain('review');
  const bad = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/services/${serviceId}`,
    headers: { cookie: await managerCookie() },
    payload: { settings: { reviewIntervalMonths: 0 } },
  });
  expect(bad.statusCode).toBe(400);
});

let manager: string | undefined;
let managerSeeded = false;
async function managerCookie(): Promise<string> {
  if (!managerSeeded) {
    await seedUser(t.owner, { email: 'mo@example.org', serviceId, role: 'manager' });
    managerSeeded = true;
  }
  manager ??= await login(t.app, 'mo@example.org');
  return manager;
}

test("a client review link answers the case's latest review", async () => {
  const caseId = await newCase(addMonths(today(), -4));
  await saveReview(caseId, 1, 'core.review', {
    answers: { review_date: today(), risk_level: 'high' },
    status: 'draft',
  });
  const link = await t.app.inject({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/questionnaire-links`,
    headers: { cookie },
    payload: { formKey: 'core.client_review' },
  });
  expect(link.statusCode).toBe(201);
  expect(link.json().occasion).toBe(1);
  const token = new URL(link.json().url).pathname.split('/').pop();
  const page = await t.app.inject({ method: 'GET', url: `/q/${token}` });
  expect(page.statusCode).toBe(200);
  const answered = await t.app.inject({
    method: 'POST',
    url: `/q/${token}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'safety_now=6&who5_1=2',
  });
  expect(answered.statusCode).toBe(200);
  const stored = await t.owner
    .selectFrom('responses')
    .select(['occasion', 'source', 'answers'])
    .where('case_id', '=', caseId)
    .where('form_key', '=', 'core.client_review')
    .executeTakeFirstOrThrow();
  expect(stored).toEqual({ occasion: 1, source: 'client', answers: { safety_now: 6, who5_1: 2 } });
  const followUp = await t.app.inject({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/questionnaire-links`,
    headers: { cookie },
    payload: { formKey: 'core.client_follow_up' },
  });
  expect(followUp.statusCode).toBe(422);
});
