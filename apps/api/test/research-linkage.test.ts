/**
 * Issue 13, findings 2 and 3: the probe linked a one-day export to the month's export row by row
 * and read back what k-anonymity had blanked, and differenced crosstabs of periods a day apart.
 * Replayed here against whole-quarter periods, the service rule and cell-key perturbation.
 */
import { examples as coreExamples } from '@harbour/module-core';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { buildTestApp, login, seedUser, type TestApp } from '../../../test/helpers/app';
import { MAX_NOISE, noiseOf, perturbedCount } from '../src/research/cell-key';
import { insertCase, insertService } from './research/fixtures';

let t: TestApp;
let researcher: string;

const AGES = [19, 30, 40, 50, 60];
const GENDERS = ['female', 'male'];
const RISKS = ['high', 'medium', 'standard'];
const LOCAL_AUTHORITIES = ['E06000001', 'E08000025', 'E09000033'];

// Quasi-identifiers and the columns that carry them (blanked or widened by k-anonymity).
const QUASI = /(_month|\.(age_band|gender|ethnicity|disability|disability_types|region))$/;
const PSEUDONYMS = new Set(['case.pseudonym', 'case.service']);

/** A deterministic spread of answers: rows differ on their coded answers, as real ones do. */
function intakeFor(i: number) {
  return {
    ...coreExamples['core.intake'],
    age: AGES[i % AGES.length],
    gender: GENDERS[Math.floor(i / 5) % 2],
    local_authority: LOCAL_AUTHORITIES[i % 3],
    risk_level: RISKS[i % 3],
    prior_police_reports_12m: i % 7,
    marac_referral: i % 2 === 0,
  };
}

async function exportOf(query: string) {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/v1/research/export?${query}`,
    headers: { cookie: researcher },
  });
  return {
    response,
    rows: response.statusCode === 200 ? (parse(response.body, { columns: true }) as Record<string, string>[]) : [],
  };
}

const crosstab = (from: string, to: string, extra: object = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/research/crosstab',
    headers: { cookie: researcher },
    payload: { from, to, rows: ['core.intake.risk_level'], columns: ['core.intake.gender'], ...extra },
  });

let small: string;
beforeAll(async () => {
  t = await buildTestApp();
  const serviceId = await insertService(t.owner, 'Riverside Idva Service', { shares: true });
  small = await insertService(t.owner, 'Tiny Outreach', { shares: true });
  const workerId = await seedUser(t.owner, { email: 'w@x.org', serviceId, role: 'practitioner' });
  const smallWorker = await seedUser(t.owner, { email: 's@x.org', serviceId: small, role: 'practitioner' });
  await seedUser(t.owner, { email: 'researcher@x.org', platformRole: 'researcher' });
  researcher = await login(t.app, 'researcher@x.org');
  await sql`update research_settings set minimum_export_cases = 40`.execute(t.owner);
  // 2025 Q1: 60 cases over its three months; Q2: 60 more; Q3: one case only
  const days = ['01-15', '02-10', '03-20', '04-15', '05-10', '06-20'];
  for (let i = 0; i < 120; i += 1) {
    const day = `2025-${days[Math.floor(i / 20)]}`;
    await insertCase(t.owner, t.registry, {
      serviceId,
      workerId,
      openedAt: day,
      forms: { 'core.intake': intakeFor(i) },
    });
  }
  await insertCase(t.owner, t.registry, {
    serviceId,
    workerId,
    openedAt: '2025-08-01',
    forms: { 'core.intake': intakeFor(0) },
  });
  // a service with a single case in Q1: its pseudonym would point at that case
  await insertCase(t.owner, t.registry, {
    serviceId: small,
    workerId: smallWorker,
    openedAt: '2025-01-15',
    forms: { 'core.intake': intakeFor(3) },
  });
}, 120_000);
afterAll(async () => t.close());

describe('finding 2: re-identification by linking exports', () => {
  test('the probe’s one-day and ragged periods are refused, naming the field', async () => {
    const day = await exportOf('from=2025-01-15&to=2025-01-15');
    expect(day.response.statusCode).toBe(400);
    expect(day.response.json().details).toEqual([
      { pointer: '/from', message: expect.stringMatching(/first day of a quarter/) },
      { pointer: '/to', message: expect.stringMatching(/last day of a quarter/) },
    ]);
    const month = await exportOf('from=2025-01-01&to=2025-01-31');
    expect(month.response.statusCode).toBe(400);
    expect((await crosstab('2025-01-01', '2025-03-30')).statusCode).toBe(400);
  });

  test('an export below the population floor is refused', async () => {
    // 2025 Q3 holds one case
    const q3 = await exportOf('from=2025-07-01&to=2025-09-30');
    expect(q3.response.statusCode).toBe(422);
    expect(q3.response.body).toMatch(/at least 40 cases/);
  });

  test('a service with fewer than k cases in the quarter is not named, not even by pseudonym', async () => {
    const { rows } = await exportOf('from=2025-01-01&to=2025-03-31');
    expect(rows).toHaveLength(61);
    const services = rows.map((r) => r['case.service']);
    expect(services.filter((s) => s === '')).toHaveLength(1);
    expect(new Set(services.filter((s) => s !== '')).size).toBe(1);
  });

  test('linking two overlapping exports row by row finds no unique match that tells more', async () => {
    const quarter = (await exportOf('from=2025-01-01&to=2025-03-31')).rows;
    const half = (await exportOf('from=2025-01-01&to=2025-06-30')).rows;
    expect(half).toHaveLength(121);
    const columns = Object.keys(quarter[0]!);
    const linking = columns.filter((c) => !QUASI.test(c) && !PSEUDONYMS.has(c));
    const quasi = columns.filter((c) => QUASI.test(c));
    expect(quasi.length).toBeGreaterThanOrEqual(5);
    const on = (row: Record<string, string>, keys: string[]) => JSON.stringify(keys.map((k) => row[k]));

    let hidden = 0;
    let revealing = 0;
    for (const row of quarter) {
      const candidates = half.filter((other) => on(other, linking) === on(row, linking));
      // every case of the quarter is in the longer export, shown exactly as before
      expect(candidates.some((other) => on(other, quasi) === on(row, quasi))).toBe(true);
      if (quasi.some((c) => row[c] === '' || /Q\d/.test(row[c]!))) hidden += 1;
      // the probe's attack: a unique match on the other answers that shows a quasi-identifier differently
      if (candidates.length === 1 && on(candidates[0]!, quasi) !== on(row, quasi)) revealing += 1;
    }
    expect(hidden).toBeGreaterThan(0);
    expect(revealing).toBe(0);
  });
});

describe('finding 3: differencing crosstabs', () => {
  async function truth(from: string, to: string) {
    const { rows } = await sql<{ risk: string; gender: string; n: number }>`
      select i.answers->>'risk_level' as risk, i.answers->>'gender' as gender, count(*)::int as n
      from cases c join responses i on i.case_id = c.id and i.form_key = 'core.intake'
      where c.opened_at between ${from}::date and ${to}::date and c.consent_research
      group by 1, 2`.execute(t.owner);
    return (risk: string, gender: string) => rows.find((r) => r.risk === risk && r.gender === gender)?.n ?? 0;
  }

  test('the same crosstab twice gives the same numbers', async () => {
    const first = await crosstab('2025-01-01', '2025-06-30');
    const second = await crosstab('2025-01-01', '2025-06-30');
    expect(first.statusCode).toBe(200);
    expect(second.body).toBe(first.body);
  });

  test('two crosstabs a period apart differ by the true difference plus noise of at most two a cell', async () => {
    const [a, b] = [await crosstab('2025-01-01', '2025-06-30'), await crosstab('2025-01-01', '2025-09-30')];
    const [trueA, trueB] = [await truth('2025-01-01', '2025-06-30'), await truth('2025-01-01', '2025-09-30')];
    const tableA = a.json();
    const tableB = b.json();
    const genders = tableA.columnCategories.map((c: { codes: string[] }) => c.codes[0]);
    let compared = 0;
    RISKS.forEach((risk, r) => {
      genders.forEach((gender: string, c: number) => {
        const [cellA, cellB] = [tableA.cells[r][c], tableB.cells[r][c]];
        if (trueA(risk, gender) === 0) expect(cellA.count).toBe(0);
        if (cellA.suppressed || cellB.suppressed) return;
        compared += 1;
        expect(Math.abs(cellA.count - trueA(risk, gender))).toBeLessThanOrEqual(MAX_NOISE);
        const difference = cellB.count - cellA.count;
        const trueDifference = trueB(risk, gender) - trueA(risk, gender);
        expect(Math.abs(difference - trueDifference)).toBeLessThanOrEqual(2 * MAX_NOISE);
      });
    });
    expect(compared).toBeGreaterThanOrEqual(6);
  });

  test('one case more gives a new, independent noise: the difference is the case plus noise, not the case', () => {
    // a cell of 20 cases whose keys sum to 1000, and the same cell with one case more, whatever its key
    const before = perturbedCount(20, 1000);
    const differences = Array.from({ length: 256 }, (_, key) => perturbedCount(21, 1000 + key) - before);
    const seen = new Set(differences);
    expect(seen.size).toBe(5);
    // the true difference (1) shows only for keys that land in the same band of the table as the
    // first cell's key (1000 mod 256 = 232: the +1 band, 51 keys of 256); the rest are noise
    expect(noiseOf(1000)).toBe(1);
    expect(differences.filter((d) => d === 1)).toHaveLength(51);
    // and no case added or taken away gives the same noise for every key
    expect(perturbedCount(0, 77)).toBe(0);
    for (let key = 0; key < 256; key += 1) expect(perturbedCount(1, key)).toBeGreaterThanOrEqual(1);
  });
});
