/**
 * Interim outcomes count a case as long once it has been open for its own service's review
 * interval: through HTTP, two services that review every 2 and every 6 months, their service
 * reports (JSON and PDF), the national benchmark beside them and the national report, each
 * figure counted by hand below.
 */
import { examples as core } from '@harbour/module-core';
import { pdfText } from '../../../packages/reports/test/pdf-text';
import { buildTestApp, login, seedService, seedUser, type TestApp } from '../../../test/helpers/app';
import { addMonths, ukDate } from '../src/cases/dates';

let t: TestApp;
const services: Record<'A' | 'B', string> = { A: '', B: '' };

/** A group of cases opened on one day, with how many got a review and how many of those feel safer. */
type Group = { opened: (today: string) => string; cases: number; reviewed: number; safer: number };

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

// Service A reviews every 2 months, service B every 6. The period ends today.
const GROUPS: Record<'A' | 'B', Group[]> = {
  A: [
    // over 2 months (but under 3): long for A
    { opened: (today) => addDays(addMonths(today, -2), -10), cases: 10, reviewed: 10, safer: 6 },
    // exactly 2 months: long
    { opened: (today) => addMonths(today, -2), cases: 1, reviewed: 0, safer: 0 },
    // a day short of 2 months: not long
    { opened: (today) => addDays(addMonths(today, -2), 1), cases: 1, reviewed: 0, safer: 0 },
    // 5 months: long
    { opened: (today) => addMonths(today, -5), cases: 2, reviewed: 0, safer: 0 },
  ],
  B: [
    // 4 months: long under a fixed 3 months, not for B's 6
    { opened: (today) => addMonths(today, -4), cases: 4, reviewed: 0, safer: 0 },
    // exactly 6 months: long
    { opened: (today) => addMonths(today, -6), cases: 1, reviewed: 1, safer: 1 },
    // 8 months: long
    { opened: (today) => addMonths(today, -8), cases: 10, reviewed: 9, safer: 6 },
  ],
};

// Counted by hand from GROUPS.
// A's long cases: 10 + 1 + 2 = 13, of which 10 reviewed: 76.9%; feels safer 6 of the 10 reviewed: 60.0%.
// B's long cases: 1 + 10 = 11, of which 1 + 9 = 10 reviewed: 90.9%; safer 1 + 6 = 7 of 10: 70.0%.
// National (both share, every client consented): reviewed 20 of 24: 83.3%; safer 13 of 20: 65.0%.
// (A fixed 3 months would have given A 0 of 2, B 10 of 15, national 10 of 17.)
const EXPECTED = {
  A: { reviewed: [10, 13, 76.9], safer: [6, 10, 60] },
  B: { reviewed: [10, 11, 90.9], safer: [7, 10, 70] },
  national: { reviewed: [20, 24, 83.3], safer: [13, 20, 65] },
};
// B then reviews every 4 months: its four 4-month cases become long, unreviewed: 10 of 15 (66.7%),
// national 20 of 28 (71.4%).
const AFTER_CHANGE = { B: [10, 15, 66.7], national: [20, 28, 71.4] };

beforeAll(async () => {
  t = await buildTestApp();
  for (const [name, months] of [
    ['A', 2],
    ['B', 6],
  ] as const) {
    services[name] = await seedService(t.owner, `Service ${name}`, { sharesNationalDataset: true });
    await seedUser(t.owner, { email: `pat.${name}@example.org`, serviceId: services[name], role: 'practitioner' });
    await seedUser(t.owner, { email: `mo.${name}@example.org`, serviceId: services[name], role: 'manager' });
    const manager = await signedIn(`mo.${name}@example.org`);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/services/${services[name]}`,
      headers: { cookie: manager },
      payload: { settings: { reviewIntervalMonths: months } },
    });
    expect(patched.statusCode).toBe(200);
  }
  await seedUser(t.owner, { email: 'rae@example.org', platformRole: 'researcher' });
});
afterAll(async () => t.close());

const today = () => ukDate(t.app.clock());

// one sign-in each: sign-ins are rate-limited by address
const cookies = new Map<string, Promise<string>>();
const signedIn = (email: string) => {
  if (!cookies.has(email)) cookies.set(email, login(t.app, email));
  return cookies.get(email) as Promise<string>;
};
const period = () => `from=${addMonths(today(), -12)}&to=${today()}`;

async function recordCases(name: 'A' | 'B') {
  const cookie = await signedIn(`pat.${name}@example.org`);
  const api = async (method: 'POST' | 'PUT', url: string, payload: object) => {
    const response = await t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, payload });
    if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.json();
  };
  for (const group of GROUPS[name]) {
    const openedAt = group.opened(today());
    for (let i = 0; i < group.cases; i += 1) {
      const { id } = await api('POST', '/cases', { openedAt });
      await api('PUT', `/cases/${id}/responses/core.intake`, {
        answers: { ...core['core.intake'], referral_date: openedAt },
        status: 'submitted',
      });
      if (i >= group.reviewed) continue;
      await api('PUT', `/cases/${id}/reviews/1/responses/core.review`, {
        answers: { ...core['core.review'], review_date: today(), feels_safer: i < group.safer ? 'safer' : 'same' },
        status: 'submitted',
      });
    }
  }
}

type Figure = { key: string; numerator?: number; denominator?: number; value: number | null; benchmark?: Figure };
type Report = { reviewIntervalMonths?: number; sections: { key: string; population: string; figures: Figure[] }[] };

const interim = (report: Report) => report.sections.find((s) => s.key === 'interim_outcomes');
const figure = (report: Report, key: string) => interim(report)?.figures.find((f) => f.key === key);
const numbers = (f: Figure | undefined) => [f?.numerator, f?.denominator, f?.value];

async function serviceReport(name: 'A' | 'B', format: 'json' | 'pdf' = 'json') {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/v1/reports/service?${period()}&format=${format}`,
    headers: { cookie: await signedIn(`mo.${name}@example.org`) },
  });
  expect(response.statusCode).toBe(200);
  return response;
}

async function nationalReport(): Promise<Report> {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/v1/reports/national?${period()}&format=json`,
    headers: { cookie: await signedIn('rae@example.org') },
  });
  expect(response.statusCode).toBe(200);
  return response.json();
}

test("each service's report counts its long cases by its own review interval, beside the national benchmark", async () => {
  await recordCases('A');
  await recordCases('B');

  for (const name of ['A', 'B'] as const) {
    const report: Report = (await serviceReport(name)).json();
    expect(report.reviewIntervalMonths).toBe(name === 'A' ? 2 : 6);
    expect(interim(report)?.population).toContain(`the service's review interval (${name === 'A' ? 2 : 6} months)`);
    expect(numbers(figure(report, 'interim_reviewed'))).toEqual(EXPECTED[name].reviewed);
    expect(numbers(figure(report, 'interim_feels_safer'))).toEqual(EXPECTED[name].safer);
    // the benchmark counts every sharing service's cases by their own service's interval
    expect(numbers(figure(report, 'interim_reviewed')?.benchmark)).toEqual(EXPECTED.national.reviewed);
    expect(numbers(figure(report, 'interim_feels_safer')?.benchmark)).toEqual(EXPECTED.national.safer);
  }

  const national = await nationalReport();
  expect(national.reviewIntervalMonths).toBeUndefined();
  expect(interim(national)?.population).toContain("their service's review interval");
  expect(numbers(figure(national, 'interim_reviewed'))).toEqual(EXPECTED.national.reviewed);
  expect(numbers(figure(national, 'interim_feels_safer'))).toEqual(EXPECTED.national.safer);

  // the PDF says which interval counted, on the section and on the methods page
  const text = (await pdfText((await serviceReport('A', 'pdf')).rawPayload)).pages.join(' ');
  expect(text).toContain("open for the service's review interval (2 months) or longer");
  expect(text).toContain('in this service’s report, 2 months');
  expect(text).toContain('76.9');
  // the first service report builds every national rollup of the new database (a dozen scans)
}, 120_000);

test("a change of a service's interval changes which of its cases are long", async () => {
  const patched = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/services/${services.B}`,
    headers: { cookie: await signedIn('mo.B@example.org') },
    payload: { settings: { reviewIntervalMonths: 4 } },
  });
  expect(patched.statusCode).toBe(200);
  const report: Report = (await serviceReport('B')).json();
  expect(report.reviewIntervalMonths).toBe(4);
  expect(numbers(figure(report, 'interim_reviewed'))).toEqual(AFTER_CHANGE.B);
  // the national benchmark of the same period, kept from the first test, is computed afresh
  expect(numbers(figure(report, 'interim_reviewed')?.benchmark)).toEqual(AFTER_CHANGE.national);
  expect(numbers(figure(await nationalReport(), 'interim_reviewed'))).toEqual(AFTER_CHANGE.national);
});
