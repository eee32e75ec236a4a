/**
 * Follow-up answers reach the funding report: cases closed with consent, followed up at three
 * months by email (a real SMTP server in this process), answered through their links, and the
 * report's sustained-safety figure beside the exit figure for the same clients, as counted by hand.
 */
import { examples as core } from '@harbour/module-core';
import { buildTestApp, login, seedService, seedUser, type TestApp } from '../../../test/helpers/app';
import { startSmtp, type TestSmtp } from '../../../test/helpers/smtp';
import { addMonths, ukDate } from '../src/cases/dates';
import { JOBS } from '../src/scheduler';

let t: TestApp;
let smtp: TestSmtp;
let serviceId: string;
const DAY = 24 * 3_600_000;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await buildTestApp({ env: { HARBOUR_SMTP_URL: smtp.url, HARBOUR_PUBLIC_URL: 'https://answers.example.net' } });
  serviceId = await seedService(t.owner, 'Riverside Idva Service');
  await t.owner
    .updateTable('services')
    .set({ settings: JSON.stringify({ disclosureThreshold: 2 }) })
    .execute();
  await seedUser(t.owner, { email: 'pat@example.org', serviceId, role: 'practitioner' });
  await seedUser(t.owner, { email: 'mo@example.org', serviceId, role: 'manager' });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

type Client = { allStoppedAtExit: boolean; answer: string | null };

// Six clients agree to follow-up. At exit the practitioner records all abuse stopped and the
// client feeling safer for three of them. At three months four answer the follow-up.
const CLIENTS: Client[] = [
  { allStoppedAtExit: true, answer: 'harmed_since=no&safety_now=9' }, // safe, safe at exit
  { allStoppedAtExit: true, answer: 'harmed_since=no&safety_now=7' }, // safe, safe at exit
  { allStoppedAtExit: false, answer: 'harmed_since=no&safety_now=8' }, // safe, not safe at exit
  { allStoppedAtExit: false, answer: 'harmed_since=yes&safety_now=8' }, // harmed since: not safe; not safe at exit
  { allStoppedAtExit: true, answer: null }, // did not answer
  { allStoppedAtExit: false, answer: 'harmed_since=no' }, // safety not answered: not counted
];
// Counted by hand: the clients who answered both questions are the first four.
// Safe at the follow-up: the first three (not harmed, safety 7 or more): 3 of 4 = 75.0%.
// The same four safe at exit (all abuse "none", feeling safer): the first two: 2 of 4 = 50.0%.
// Sent 6, answered 5 (the sixth answered one question): 83.3%.
const EXPECTED = {
  followUp: { numerator: 3, denominator: 4, value: 75 },
  atExit: { numerator: 2, denominator: 4, value: 50 },
  responseRate: { numerator: 5, denominator: 6, value: 83.3 },
};

test('follow-up answers reach the sustained-safety figure, beside exit for the same clients', async () => {
  const cookie = await login(t.app, 'pat@example.org');
  const api = (method: 'PUT' | 'POST', url: string, payload: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, payload });
  const closedOn = ukDate(t.app.clock());
  for (const [i, client] of CLIENTS.entries()) {
    const id = (await api('POST', '/cases', { openedAt: addMonths(closedOn, -2), reference: `C-${i}` })).json().id;
    await api('PUT', `/cases/${id}/responses/core.intake`, {
      answers: { ...core['core.intake'], referral_date: addMonths(closedOn, -2) },
      status: 'submitted',
    });
    const stopped = {
      abuse_physical: 'none',
      abuse_sexual: 'none',
      abuse_harassment_stalking: 'none',
      abuse_jealous_controlling: 'none',
      abuse_economic: 'none',
    };
    const exit = {
      ...core['core.exit'],
      exit_date: closedOn,
      ...(client.allStoppedAtExit ? { ...stopped, feels_safer: 'much_safer' } : { feels_safer: 'same' }),
    };
    expect(
      (await api('PUT', `/cases/${id}/responses/core.exit`, { answers: exit, status: 'submitted' })).statusCode,
    ).toBe(200);
    await api('PUT', `/cases/${id}/follow-up`, { consent: true, channel: 'email', email: `client${i}@example.com` });
    expect((await api('POST', `/cases/${id}/close`, {})).statusCode).toBe(200);
  }

  let due = new Date(`${addMonths(closedOn, 3)}T10:30:00Z`);
  while ([0, 6].includes(due.getUTCDay())) due = new Date(due.getTime() + DAY);
  t.advance(due.getTime() - t.app.clock().getTime());
  await JOBS.find((j) => j.name === 'follow-ups')?.run({ app: t.app, ownerDb: t.owner });
  expect(smtp.inbox).toHaveLength(CLIENTS.length);

  for (const [i, client] of CLIENTS.entries()) {
    if (!client.answer) continue;
    const mail = smtp.inbox.find((m) => m.to && 'text' in m.to && m.to.text === `client${i}@example.com`);
    const token = /\/q\/([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
    const posted = await t.app.inject({
      method: 'POST',
      url: `/q/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: client.answer,
    });
    expect(posted.statusCode).toBe(200);
  }

  const manager = await login(t.app, 'mo@example.org');
  const report = await t.app.inject({
    method: 'GET',
    url: `/api/v1/reports/service?from=${addMonths(closedOn, -1)}&to=${ukDate(t.app.clock())}&format=json`,
    headers: { cookie: manager },
  });
  expect(report.statusCode).toBe(200);
  const sections = report.json().sections as { key: string; figures: { key: string }[] }[];
  const figure = (section: string, key: string) =>
    sections.find((s) => s.key === section)?.figures.find((f) => f.key === key);
  expect(figure('sustained_safety', 'sustained_safety_1')).toMatchObject(EXPECTED.followUp);
  expect(figure('sustained_safety', 'sustained_safety_1_at_exit')).toMatchObject(EXPECTED.atExit);
  expect(figure('response_rates', 'response_rate_core_client_follow_up')).toMatchObject(EXPECTED.responseRate);
  // nobody has reached six months yet: nothing to show, and nothing made up
  expect(figure('sustained_safety', 'sustained_safety_2')).toMatchObject({ denominator: 0, value: null });

  const pdf = await t.app.inject({
    method: 'GET',
    url: `/api/v1/reports/service?from=${addMonths(closedOn, -1)}&to=${ukDate(t.app.clock())}&format=pdf`,
    headers: { cookie: manager },
  });
  expect(pdf.statusCode).toBe(200);
  expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
});
