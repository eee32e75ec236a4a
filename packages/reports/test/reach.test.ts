import { createDb, type Db } from '@harbour/db';
import { buildReportModel, type Figure, type ReportModel, renderPdf } from '@harbour/reports';
import { testUnderRepresentation } from '@harbour/stats';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database';
import { censusTables, weightedPopulationShare } from '../src/census';
import { pdfText } from './pdf-text';
import { BIRMINGHAM, insertCases, insertService, intakeOf } from './synthetic-cases';
import { testModules } from './test-modules';

let t: TestDatabase;
let db: Db;
let model: ReportModel;

const PERIOD = { from: '2025-04-01', to: '2026-03-31' };
const demographic = (key: string): Figure => {
  const found = model.sections.find((s) => s.key === 'demographics')?.figures.find((f) => f.key === key);
  if (!found) throw new Error(`no figure ${key}`);
  return found;
};

beforeAll(async () => {
  t = await createTestDatabase();
  // 50 clients in Birmingham, 10 of them men (20%).
  const service = await insertService(t.owner, { name: 'Reach Service', workers: 1 });
  const worker = service.workers[0] as string;
  await insertCases(
    t.owner,
    service.serviceId,
    Array.from({ length: 50 }, (_, i) => ({
      worker,
      openedAt: '2025-06-01',
      intake: intakeOf({ gender: i < 10 ? 'male' : 'female' }),
    })),
  );
  db = createDb({ url: t.apiUrl, max: 4 });
  model = await buildReportModel(db, {
    scope: { kind: 'service', serviceId: service.serviceId },
    period: PERIOD,
    modules: testModules,
    actor: { userId: service.managerId, role: 'manager' },
  });
});

afterAll(async () => {
  await db.destroy();
  await t.drop();
});

describe('reach by sex', () => {
  it('compares men with the people who experience abuse locally, not with all residents', () => {
    const men = demographic('gender_male');
    expect(men).toMatchObject({ value: 20, numerator: 10, denominator: 50 });
    // Against all residents aged 16+ (about 49% men in Birmingham) 10 of 50 would be flagged…
    const residents = weightedPopulationShare(censusTables(), 'gender', 'male', new Map([[BIRMINGHAM, 1]])) as number;
    expect(residents).toBeGreaterThan(0.48);
    expect(testUnderRepresentation(10, 50, residents)?.underRepresented).toBe(true);
    // …but men are 31% of those expected to experience abuse there: P(X ≤ 10 | 50, 0.310) = 0.0589.
    expect(men.benchmark).toEqual({
      source: 'abuse_profile',
      label: 'People experiencing domestic abuse locally (Census 2021 × CSEW)',
      value: 31,
      pValue: 0.0589,
    });
    expect(men.flag).toBeUndefined();
    // Beside it, the national dataset: this service is the only one sharing, with consent.
    expect(men.comparison).toMatchObject({ source: 'national', value: 20, numerator: 10, denominator: 50 });
  });

  it('names the comparator of each figure in the PDF, on the figure and on the methods page', async () => {
    const { pages } = await pdfText(await renderPdf(model));
    const all = pages.join(' ');
    expect(all).toContain('People experiencing domestic abuse locally (Census 2021 × CSEW): 31.0%');
    expect(all).toContain('Which comparator each figure uses, and why');
    expect(all).toContain('Crime Survey for England and Wales');
    expect(all).not.toMatch(/Under-represented: 20(\.0)?% of clients against \d+(\.\d)?% of the local population/);
  });
});
