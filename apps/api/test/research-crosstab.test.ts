import { withNationalScope } from '@harbour/db';
import { examples as coreExamples } from '@harbour/module-core';
import { sql } from 'kysely';
import { buildTestApp, login, seedUser, type TestApp } from '../../../test/helpers/app';
import { MAX_NOISE } from '../src/research/cell-key';
import {
  type CrosstabRequest,
  crosstabFields,
  crosstabOf,
  crosstabQuery,
  suppressGrid,
} from '../src/research/crosstab';
import { insertCase, insertService } from './research/fixtures';

let t: TestApp;
let researcher: string;

// Cases by intake risk level × gender (k = 10): the high/male cell is 3.
const FIXTURE: [risk: string, gender: string, n: number][] = [
  ['high', 'female', 12],
  ['high', 'male', 3],
  ['medium', 'female', 11],
  ['medium', 'male', 14],
  ['standard', 'female', 10],
  ['standard', 'male', 12],
];

const crosstab = (payload: object) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/research/crosstab',
    headers: { cookie: researcher },
    payload: { from: '2025-01-01', to: '2025-12-31', ...payload },
  });

/** The crosstab as the route builds it, but without the cell-key perturbation: exact counts. */
async function exactTable(payload: Omit<CrosstabRequest, 'from' | 'to'>) {
  const request = { from: '2025-01-01', to: '2025-12-31', ...payload };
  const fields = crosstabFields(t.registry.dictionary());
  const counts = await withNationalScope(t.db, { userId: null, role: 'researcher' }, async (tx) => {
    const { rows } = await crosstabQuery(request, fields).execute(tx);
    return rows;
  });
  // as the route would send it: JSON
  return JSON.parse(JSON.stringify(crosstabOf(request, fields, counts, 10, (count) => count)));
}

beforeAll(async () => {
  t = await buildTestApp();
  const serviceId = await insertService(t.owner, 'Riverside Idva Service', { shares: true });
  const other = await insertService(t.owner, 'Hillside Outreach', { shares: false });
  const workerId = await seedUser(t.owner, { email: 'w@x.org', serviceId, role: 'practitioner' });
  const otherWorker = await seedUser(t.owner, { email: 'v@x.org', serviceId: other, role: 'practitioner' });
  await seedUser(t.owner, { email: 'researcher@x.org', platformRole: 'researcher' });
  researcher = await login(t.app, 'researcher@x.org');
  const intake = (risk: string, gender: string) => ({ ...coreExamples['core.intake'], risk_level: risk, gender });
  for (const [risk, gender, n] of FIXTURE) {
    for (let i = 0; i < n; i++)
      await insertCase(t.owner, t.registry, {
        serviceId,
        workerId,
        openedAt: '2025-04-01',
        forms: { 'core.intake': intake(risk, gender) },
      });
  }
  // not counted: no consent, a service that does not share, outside the period
  await insertCase(t.owner, t.registry, {
    serviceId,
    workerId,
    openedAt: '2025-04-01',
    consent: false,
    forms: { 'core.intake': intake('high', 'male') },
  });
  await insertCase(t.owner, t.registry, {
    serviceId: other,
    workerId: otherWorker,
    openedAt: '2025-04-01',
    forms: { 'core.intake': intake('high', 'male') },
  });
  await insertCase(t.owner, t.registry, {
    serviceId,
    workerId,
    openedAt: '2024-04-01',
    forms: { 'core.intake': intake('medium', 'female') },
  });
});
afterAll(async () => t.close());

test('before perturbation, counts match a hand count; a cell of 3 is hidden and so is a second cell of its row and of each column', async () => {
  const table = await exactTable({ rows: ['core.intake.risk_level'], columns: ['core.intake.gender'] });
  expect(table.threshold).toBe(10);
  expect(table.rowCategories.map((c: { codes: string[] }) => c.codes[0])).toEqual(['high', 'medium', 'standard']);
  const columns = table.columnCategories.map((c: { codes: string[] }) => c.codes[0]);
  const cell = (risk: string, gender: string) =>
    table.cells[['high', 'medium', 'standard'].indexOf(risk)][columns.indexOf(gender)];

  expect(cell('high', 'male')).toMatchObject({ count: null, suppressed: true, rowPercent: null });
  expect(cell('high', 'female')).toMatchObject({ count: null, suppressed: true }); // second cell of the row
  expect(cell('standard', 'female').suppressed).toBe(true); // second cell of the female column
  expect(cell('standard', 'male').suppressed).toBe(true); // second cell of the male column
  expect(cell('medium', 'female')).toEqual({ count: 11, suppressed: false, rowPercent: 44, columnPercent: 33.3 });
  expect(cell('medium', 'male')).toEqual({ count: 14, suppressed: false, rowPercent: 56, columnPercent: 48.3 });
  expect(cell('medium', 'non_binary')).toMatchObject({ count: 0, suppressed: false });

  const hand = (pick: (risk: string, gender: string) => boolean) =>
    FIXTURE.filter(([r, g]) => pick(r, g)).reduce((sum, [, , n]) => sum + n, 0);
  expect(table.rowTotals.map((c: { count: number }) => c.count)).toEqual(
    ['high', 'medium', 'standard'].map((risk) => hand((r) => r === risk)),
  );
  expect(table.columnTotals[columns.indexOf('female')].count).toBe(hand((_, g) => g === 'female'));
  expect(table.columnTotals[columns.indexOf('male')].count).toBe(hand((_, g) => g === 'male'));
  expect(table.total).toEqual({ count: 62, suppressed: false });
});

test('published counts are the exact ones moved by at most the perturbation; zero stays zero; suppression still holds', async () => {
  const response = await crosstab({ rows: ['core.intake.risk_level'], columns: ['core.intake.gender'] });
  expect(response.statusCode).toBe(200);
  const published = response.json();
  const exact = await exactTable({ rows: ['core.intake.risk_level'], columns: ['core.intake.gender'] });
  const exactGrid: { count: number | null }[][] = [
    ...exact.cells.map((row: object[], r: number) => [...row, exact.rowTotals[r]]),
    [...exact.columnTotals, exact.total],
  ];
  const shownGrid = [
    ...published.cells.map((row: { count: number | null }[], r: number) => [...row, published.rowTotals[r]]),
    [...published.columnTotals, published.total],
  ];
  for (const [r, row] of exactGrid.entries()) {
    for (const [c, cell] of row.entries()) {
      const shown = shownGrid[r][c] as { count: number | null; suppressed: boolean };
      if (shown.suppressed || cell.count === null) continue;
      if (cell.count === 0) expect(shown.count).toBe(0);
      expect(Math.abs(shown.count! - cell.count)).toBeLessThanOrEqual(MAX_NOISE);
    }
  }
  const hidden = shownGrid.map((row) => row.map((cell: { suppressed: boolean }) => cell.suppressed));
  const lines = [...hidden, ...hidden[0]!.map((_: boolean, c: number) => hidden.map((row) => row[c]!))];
  for (const line of lines) expect(line.filter(Boolean).length).not.toBe(1);
  for (const line of shownGrid.flat()) if (!line.suppressed) expect(line.count === 0 || line.count >= 10).toBe(true);
});

test('filters narrow the cases; a table without small cells is shown whole', async () => {
  const response = await crosstab({
    rows: ['core.intake.risk_level'],
    columns: ['core.intake.marac_referral'],
    filters: [{ field: 'core.intake.gender', in: ['female'] }],
  });
  expect(response.statusCode).toBe(200);
  const table = await exactTable({
    rows: ['core.intake.risk_level'],
    columns: ['core.intake.marac_referral'],
    filters: [{ field: 'core.intake.gender', in: ['female'] }],
  });
  expect(table.columnCategories.map((c: { codes: string[] }) => c.codes[0])).toEqual(['true', 'false']);
  expect(table.cells.map((row: { count: number }[]) => row.map((c) => c.count))).toEqual([
    [12, 0],
    [11, 0],
    [10, 0],
  ]);
  expect(table.total.count).toBe(33);
});

test('an unknown field or code is a 400 naming it; every crosstab is audited with its parameters', async () => {
  const unknown = await crosstab({ rows: ['core.intake.favourite_colour'], columns: ['core.intake.gender'] });
  expect(unknown.statusCode).toBe(400);
  expect(unknown.json().message).toContain('core.intake.favourite_colour');
  expect(unknown.json().details[0].pointer).toBe('/rows/0');
  const freeText = await crosstab({ rows: ['core.client_exit.comments'], columns: ['core.intake.gender'] });
  expect(freeText.statusCode).toBe(400);
  const badCode = await crosstab({
    rows: ['core.intake.risk_level'],
    columns: ['core.intake.gender'],
    filters: [{ field: 'core.intake.gender', in: ['purple'] }],
  });
  expect(badCode.statusCode).toBe(400);
  expect(badCode.json().details[0].pointer).toBe('/filters/0/in/0');

  const audit = await sql<{ details: { rows: string[]; columns: string[]; from: string } }>`
    select details from audit_log where action = 'research.crosstab' order by id`.execute(t.owner);
  expect(audit.rows.length).toBeGreaterThanOrEqual(2);
  expect(audit.rows[0]!.details).toMatchObject({
    from: '2025-01-01',
    rows: ['core.intake.risk_level'],
    columns: ['core.intake.gender'],
  });
});

test('suppressGrid: no line (row or column with its total) has exactly one hidden entry', () => {
  const grid = [
    [12, 3, 0, 15],
    [11, 14, 0, 25],
    [10, 12, 1, 23],
    [33, 29, 1, 63],
  ];
  const hidden = suppressGrid(grid, 10);
  const lines = [...hidden, ...hidden[0]!.map((_, c) => hidden.map((row) => row[c]!))];
  for (const line of lines) expect(line.filter(Boolean).length).not.toBe(1);
  expect(hidden[0]![1]).toBe(true);
  expect(hidden[2]![2]).toBe(true);
});
