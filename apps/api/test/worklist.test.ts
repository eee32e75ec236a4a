/**
 * The worklist through HTTP, and the opt-in daily digest received by a real SMTP server in this
 * process: counts and a link, never a name, reference or answer.
 */
import { examples as core } from '@harbour/module-core';
import { examples as mentalHealth } from '@harbour/module-mental-health';
import { buildTestApp, login, seedService, seedUser, type TestApp } from '../../../test/helpers/app';
import { startSmtp, type TestSmtp } from '../../../test/helpers/smtp';
import { addMonths, ukDate } from '../src/cases/dates';
import { JOBS } from '../src/scheduler';

let t: TestApp;
let smtp: TestSmtp;
let serviceId: string;
let pat: string;
let sam: string;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await buildTestApp({ env: { HARBOUR_SMTP_URL: smtp.url, HARBOUR_PUBLIC_URL: 'https://harbour.example.net' } });
  serviceId = await seedService(t.owner, 'Riverside Domestic Abuse Service');
  await seedUser(t.owner, { email: 'pat@example.org', serviceId, role: 'practitioner' });
  await seedUser(t.owner, { email: 'sam@example.org', serviceId, role: 'practitioner' });
  await t.owner
    .insertInto('service_modules')
    .values({ service_id: serviceId, module_key: 'mental-health', active_from: '2020-01-01', active_to: null })
    .execute();
  pat = await login(t.app, 'pat@example.org');
  sam = await login(t.app, 'sam@example.org');
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const api = (cookie: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });

test("a practitioner's worklist and daily digest: counts and a link only", async () => {
  const today = ukDate(t.app.clock());
  const openCase = async (cookie: string, reference: string, months: number) =>
    (await api(cookie, 'POST', '/cases', { openedAt: addMonths(today, -months), reference })).json().id as string;
  // review due (opened four months ago), with the client intake questionnaire outstanding
  const overdue = await openCase(pat, 'PAT-OVERDUE', 4);
  await api(pat, 'PUT', `/cases/${overdue}/responses/core.intake`, {
    answers: core['core.intake'],
    status: 'submitted',
  });
  // thoughts of self-harm reported at a review (PHQ-9 item 9)
  const flagged = await openCase(pat, 'PAT-FLAGGED', 1);
  const phq = { ...mentalHealth['mental-health.client_review'], phq9_9: 2 };
  const review = await api(pat, 'PUT', `/cases/${flagged}/reviews/1/responses/mental-health.client_review`, {
    answers: phq,
    status: 'submitted',
  });
  expect(review.json().caseFlags).toEqual(['phq9_item9']);
  // another practitioner's case stays off Pat's worklist
  await openCase(sam, 'SAM-OVERDUE', 5);

  const worklist = await api(pat, 'GET', '/worklist');
  expect(worklist.statusCode).toBe(200);
  const body = worklist.json();
  expect(body.counts).toEqual({ reviewsDue: 1, clientQuestionnaires: 2, followUpsUnanswered: 0, flagged: 1 });
  expect(body.reviewsDue).toEqual([
    expect.objectContaining({
      caseId: overdue,
      reference: 'PAT-OVERDUE',
      reviewDueOn: addMonths(addMonths(today, -4), 3),
    }),
  ]);
  expect(body.flagged).toEqual([expect.objectContaining({ caseId: flagged, flags: ['phq9_item9'] })]);

  // opt in; the digest goes out once a day from 07:00 UK time
  expect((await api(pat, 'GET', '/me/digest')).json()).toEqual({ enabled: false });
  expect((await api(pat, 'PUT', '/me/digest', { enabled: true })).json()).toEqual({ enabled: true });
  const job = JOBS.find((j) => j.name === 'digest');
  if (!job) throw new Error('no digest job');
  const tomorrow = new Date(`${today}T00:00:00Z`).getTime() + 24 * 3_600_000;
  t.advance(tomorrow + 5 * 3_600_000 - t.app.clock().getTime()); // 05:00 or 06:00 UK: too early
  await job.run({ app: t.app, ownerDb: t.owner });
  expect(smtp.inbox).toHaveLength(0);
  t.advance(3 * 3_600_000); // 08:00 or 09:00 UK
  await job.run({ app: t.app, ownerDb: t.owner });
  await job.run({ app: t.app, ownerDb: t.owner });
  expect(smtp.inbox).toHaveLength(1);
  const mail = smtp.inbox[0];
  expect(mail?.subject).toBe('Your daily summary');
  expect(mail?.to && 'text' in mail.to ? mail.to.text : '').toBe('pat@example.org');
  const text = mail?.text ?? '';
  expect(text).toContain('1 review due');
  expect(text).toContain('2 client questionnaires outstanding');
  expect(text).toContain('1 case flagged for attention');
  expect(text).toContain('https://harbour.example.net/cases');
  expect(text).not.toMatch(/PAT-|SAM-|riverside|abuse|self-harm|phq/i);

  // opting out stops it
  pat = await login(t.app, 'pat@example.org');
  expect((await api(pat, 'PUT', '/me/digest', { enabled: false })).json()).toEqual({ enabled: false });
  t.advance(24 * 3_600_000);
  await job.run({ app: t.app, ownerDb: t.owner });
  expect(smtp.inbox).toHaveLength(1);
});
