/**
 * Follow-up after closure through HTTP, with a fake clock: the client's choice at exit, the
 * messages at 3 and 6 months received by a real SMTP server in this process (smtp-server), their
 * neutral words, the answers through the link, cancelling, and the stop after two unanswered.
 */
import { examples as core } from '@harbour/module-core';
import type { ParsedMail } from 'mailparser';
import { buildTestApp, login, seedService, seedUser, type TestApp } from '../../../test/helpers/app';
import { startSmtp, type TestSmtp } from '../../../test/helpers/smtp';
import { addMonths, ukDate } from '../src/cases/dates';
import type { RecordingSms } from '../src/follow-up/messenger';
import { JOBS } from '../src/scheduler';

const SERVICE_NAME = 'Riverside Domestic Abuse Service';
let t: TestApp;
let smtp: TestSmtp;
let inbox: ParsedMail[];
let serviceId: string;
let cookie: string;

beforeAll(async () => {
  smtp = await startSmtp();
  inbox = smtp.inbox;
  t = await buildTestApp({
    env: {
      HARBOUR_SMTP_URL: smtp.url,
      HARBOUR_MAIL_FROM: 'Feedback <feedback@example.net>',
      HARBOUR_PUBLIC_URL: 'https://answers.example.net',
    },
  });
  serviceId = await seedService(t.owner, SERVICE_NAME);
  await seedUser(t.owner, { email: 'pat@example.org', serviceId, role: 'practitioner' });
  cookie = await login(t.app, 'pat@example.org');
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const sms = () => (t.app.messenger.sms as RecordingSms).sent;
const DAY = 24 * 3_600_000;

/** Runs the scheduler's follow-up job as the server would, at the app's (fake) time. */
async function runJob() {
  const job = JOBS.find((j) => j.name === 'follow-ups');
  if (!job) throw new Error('no follow-up job');
  await job.run({ app: t.app, ownerDb: t.owner });
}

/** Moves the app's clock to `date` at `utcTime` (UK time is the same or an hour later). */
async function moveTo(date: string, utcTime: string) {
  t.advance(new Date(`${date}T${utcTime}Z`).getTime() - t.app.clock().getTime());
  cookie = await login(t.app, 'pat@example.org');
}

/** The first Monday–Friday on or after `date`. */
function weekdayFrom(date: string): string {
  let d = new Date(`${date}T12:00:00Z`);
  while ([0, 6].includes(d.getUTCDay())) d = new Date(d.getTime() + DAY);
  return d.toISOString().slice(0, 10);
}

const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });

/** A case opened a month ago, with intake and exit, its follow-up choice recorded, then closed today. */
async function closedCase(reference: string, choice: object): Promise<string> {
  const today = ukDate(t.app.clock());
  const opened = await api('POST', '/cases', { openedAt: addMonths(today, -1), reference });
  const id = opened.json().id;
  const intake = { ...core['core.intake'], referral_date: addMonths(today, -1) };
  expect(
    (await api('PUT', `/cases/${id}/responses/core.intake`, { answers: intake, status: 'submitted' })).statusCode,
  ).toBe(200);
  const exit = { ...core['core.exit'], exit_date: today };
  expect(
    (await api('PUT', `/cases/${id}/responses/core.exit`, { answers: exit, status: 'submitted' })).statusCode,
  ).toBe(200);
  const recorded = await api('PUT', `/cases/${id}/follow-up`, choice);
  expect(recorded.statusCode).toBe(200);
  expect((await api('POST', `/cases/${id}/close`)).statusCode).toBe(200);
  return id;
}

const tokenIn = (text: string) => /https:\/\/answers\.example\.net\/q\/([A-Za-z0-9_-]+)/.exec(text)?.[1];

test('bad choices are refused with the field named, and nothing is kept', async () => {
  const opened = await api('POST', '/cases', { openedAt: ukDate(t.app.clock()) });
  const id = opened.json().id;
  const noChannel = await api('PUT', `/cases/${id}/follow-up`, { consent: true });
  expect(noChannel.statusCode).toBe(422);
  expect(noChannel.json().details).toEqual([{ pointer: '/channel', message: 'is required with consent' }]);
  const badMobile = await api('PUT', `/cases/${id}/follow-up`, {
    consent: true,
    channel: 'sms',
    mobile: '01234 567890',
  });
  expect(badMobile.statusCode).toBe(422);
  expect(badMobile.json().details[0].pointer).toBe('/mobile');
  const badTime = await api('PUT', `/cases/${id}/follow-up`, {
    consent: true,
    channel: 'email',
    email: 'a@example.com',
    safeTimes: ['midnight'],
  });
  expect(badTime.statusCode).toBe(400);
  const state = await api('GET', `/cases/${id}/follow-up`);
  expect(state.json()).toMatchObject({ recorded: false, consent: null, followUps: [] });
});

test('follow-ups at 3 and 6 months by email, neutral, at a safe time; cancelling and two unanswered stop contact', async () => {
  const closedOn = ukDate(t.app.clock());
  const emailCase = await closedCase('RDAS-2041', {
    consent: true,
    channel: 'email',
    email: 'client@example.com',
    safeTimes: ['weekday_morning'],
    codeWord: 'bluebell',
  });
  const cancelledCase = await closedCase('RDAS-2042', { consent: true, channel: 'sms', mobile: '07700 900123' });
  const silentCase = await closedCase('RDAS-2043', { consent: true, channel: 'sms', mobile: '+447700900456' });
  const refusedCase = await closedCase('RDAS-2044', { consent: false });

  // the address and code word are stored sealed, never in clear
  const stored = await t.owner
    .selectFrom('follow_up_contacts' as never)
    .selectAll()
    .execute();
  expect(JSON.stringify(stored)).not.toMatch(/client@example\.com|bluebell|900123/);
  const state = (await api('GET', `/cases/${emailCase}/follow-up`)).json();
  expect(state).toMatchObject({ consent: true, channel: 'email', hasCodeWord: true, nameService: false });
  expect(JSON.stringify(state)).not.toMatch(/client@example\.com|bluebell/);
  expect(state.nextDueOn).toBe(addMonths(closedOn, 3));
  expect((await api('GET', `/cases/${refusedCase}/follow-up`)).json()).toMatchObject({
    consent: false,
    nextDueOn: null,
  });

  // "no longer safe to contact", before anything was sent
  const cancelled = await api('POST', `/cases/${cancelledCase}/follow-up/cancel`);
  expect(cancelled.statusCode).toBe(200);
  expect(cancelled.json()).toMatchObject({ endedReason: 'not_safe', nextDueOn: null });

  // the day before three months: nothing
  const threeMonths = weekdayFrom(addMonths(closedOn, 3));
  await moveTo(addMonths(closedOn, 3), '00:00:00');
  t.advance(-DAY);
  await runJob();
  expect(inbox).toHaveLength(0);
  expect(sms()).toHaveLength(0);

  // due, but in the evening: the email waits for the client's weekday morning; the SMS (no safe time named) waits for 09:00
  await moveTo(threeMonths, '21:30:00');
  await runJob();
  expect(inbox).toHaveLength(0);
  expect(sms()).toHaveLength(0);

  await moveTo(threeMonths, '09:30:00');
  await runJob();
  await runJob(); // a second run sends nothing more
  expect(inbox).toHaveLength(1);
  const first = inbox[0] as ParsedMail;
  expect(first.from?.value).toEqual([{ name: 'Feedback', address: 'feedback@example.net' }]);
  expect(first.to && 'text' in first.to ? first.to.text : '').toBe('client@example.com');
  expect(first.subject).toBe('A quick question');
  const words = `${first.subject}\n${first.text}`;
  expect(words).toContain('bluebell');
  expect(words).not.toMatch(/riverside|abuse|domestic|idva|RDAS|harbour|violence/i);
  const firstToken = tokenIn(words);
  expect(firstToken).toBeDefined();
  // the SMS client: only the silent one (the other was cancelled)
  expect(sms()).toHaveLength(1);
  expect(sms()[0]?.to).toBe('+447700900456');
  expect(sms()[0]?.text).not.toMatch(/riverside|abuse|domestic|RDAS/i);

  // the client answers through the link: the follow-up page is neutral too
  const page = await t.app.inject({ method: 'GET', url: `/q/${firstToken}` });
  expect(page.statusCode).toBe(200);
  expect(page.body).not.toMatch(/riverside|abuse|domestic|RDAS/i);
  const answered = await t.app.inject({
    method: 'POST',
    url: `/q/${firstToken}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'harmed_since=no&safety_now=8',
  });
  expect(answered.statusCode).toBe(200);
  const response = await t.owner
    .selectFrom('responses')
    .select(['occasion', 'source', 'answers'])
    .where('case_id', '=', emailCase)
    .where('form_key', '=', 'core.client_follow_up')
    .executeTakeFirstOrThrow();
  expect(response).toEqual({ occasion: 1, source: 'client', answers: { harmed_since: 'no', safety_now: 8 } });
  expect((await api('GET', `/cases/${emailCase}/follow-up`)).json().followUps).toMatchObject([
    { occasion: 1, months: 3, status: 'answered' },
  ]);

  // six months: the second follow-up of each live contact
  await moveTo(weekdayFrom(addMonths(closedOn, 6)), '10:30:00');
  await runJob();
  expect(inbox).toHaveLength(2);
  expect(tokenIn(inbox[1]?.text ?? '')).not.toBe(firstToken);
  expect(sms()).toHaveLength(2);
  // the silent client's first link expired unanswered; the second goes unanswered too
  await moveTo(weekdayFrom(addMonths(closedOn, 7)), '10:30:00');
  await runJob();
  const silent = (await api('GET', `/cases/${silentCase}/follow-up`)).json();
  expect(silent).toMatchObject({ endedReason: 'unanswered', nextDueOn: null });
  expect(silent.followUps.map((f: { status: string }) => f.status)).toEqual(['unanswered', 'unanswered']);
  expect((await api('GET', `/cases/${cancelledCase}/follow-up`)).json().followUps).toEqual([]);
  expect(inbox).toHaveLength(2);
  expect(sms()).toHaveLength(2);

  // cancelling after a link was sent: the unanswered link stops working at once
  const second = tokenIn(inbox[1]?.text ?? '');
  expect((await api('POST', `/cases/${emailCase}/follow-up/cancel`)).statusCode).toBe(200);
  expect((await t.app.inject({ method: 'GET', url: `/q/${second}` })).statusCode).toBe(410);
  const audit = await t.owner
    .selectFrom('audit_log')
    .select(['action', 'details'])
    .where('action', 'like', 'follow_up.%')
    .orderBy('id')
    .execute();
  expect(audit.map((a) => a.action)).toEqual([
    'follow_up.sent',
    'follow_up.sent',
    'follow_up.sent',
    'follow_up.sent',
    'follow_up.ended',
  ]);
  expect(JSON.stringify(audit)).not.toMatch(/example\.com|bluebell|07700/);
});

test('a closed case takes no new follow-up choice, and a cancelled contact cannot be turned back on', async () => {
  const id = await closedCase('RDAS-2050', { consent: false });
  const again = await api('PUT', `/cases/${id}/follow-up`, { consent: true, channel: 'sms', mobile: '07700900789' });
  expect(again.statusCode).toBe(409);
  const opened = await api('POST', '/cases', { openedAt: ukDate(t.app.clock()) });
  const open = opened.json().id;
  expect((await api('POST', `/cases/${open}/follow-up/cancel`)).statusCode).toBe(200);
  const reopened = await api('PUT', `/cases/${open}/follow-up`, {
    consent: true,
    channel: 'sms',
    mobile: '07700900789',
  });
  expect(reopened.statusCode).toBe(409);
});

test("a manager's cancel between the points stops the 6-month message; a live contact gets it on its day, neutral", async () => {
  await seedUser(t.owner, { email: 'mo@example.org', serviceId, role: 'manager' });
  const closedOn = ukDate(t.app.clock());
  const kept = await closedCase('RDAS-2061', { consent: true, channel: 'email', email: 'kept@example.com' });
  const stopped = await closedCase('RDAS-2062', { consent: true, channel: 'email', email: 'stopped@example.com' });
  const to = (address: string) => inbox.filter((m) => m.to && 'text' in m.to && m.to.text === address);
  // the clock only: sign-ins from one address are rate-limited, so staff sign in where needed
  const clockTo = (date: string, utcTime: string) =>
    t.advance(new Date(`${date}T${utcTime}Z`).getTime() - t.app.clock().getTime());

  clockTo(weekdayFrom(addMonths(closedOn, 3)), '10:30:00');
  await runJob();
  expect(to('kept@example.com')).toHaveLength(1);
  expect(to('stopped@example.com')).toHaveLength(1);

  // "no longer safe to contact", said by a manager a month later
  clockTo(weekdayFrom(addMonths(closedOn, 4)), '10:30:00');
  const manager = await login(t.app, 'mo@example.org', undefined, { remoteAddress: '10.0.0.2' });
  const cancel = await t.app.inject({
    method: 'POST',
    url: `/api/v1/cases/${stopped}/follow-up/cancel`,
    headers: { cookie: manager },
  });
  expect(cancel.statusCode).toBe(200);
  expect(cancel.json()).toMatchObject({ endedReason: 'not_safe', nextDueOn: null });

  // the day before six months: nothing more for either
  clockTo(addMonths(closedOn, 6), '10:30:00');
  t.advance(-DAY);
  await runJob();
  expect(to('kept@example.com')).toHaveLength(1);
  expect(to('stopped@example.com')).toHaveLength(1);

  // six months: the live contact's second message, neutral too; none to the cancelled one, ever
  clockTo(weekdayFrom(addMonths(closedOn, 6)), '10:30:00');
  await runJob();
  clockTo(weekdayFrom(addMonths(closedOn, 9)), '10:30:00');
  await runJob();
  expect(to('stopped@example.com')).toHaveLength(1);
  const second = to('kept@example.com');
  expect(second).toHaveLength(2);
  const words = `${second[1]?.subject}\n${second[1]?.text}\n${second[1]?.html || ''}`;
  expect(words).not.toMatch(/riverside|abuse|domestic|idva|RDAS|2061|harbour|violence/i);
  cookie = await login(t.app, 'pat@example.org', undefined, { remoteAddress: '10.0.0.3' });
  expect((await api('GET', `/cases/${kept}/follow-up`)).json().followUps).toMatchObject([
    { occasion: 1, months: 3, dueOn: addMonths(closedOn, 3) },
    { occasion: 2, months: 6, dueOn: addMonths(closedOn, 6) },
  ]);
});
