/**
 * Fields that were collected and never reported now have figures: time to help and prior
 * contacts (core intake), fathers engaged and the children's exit measures (children module),
 * forced marriage and so-called honour-based abuse (migration module). Hand-worked on ten cases.
 * Children's figures are counted at the national threshold (10) although the service's own is 5:
 * a count that the adults' figures show is hidden in the children's.
 */
import { createDb, type Db } from '@harbour/db';
import { buildReportModel, type Figure, type ReportModel } from '@harbour/reports';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database';
import { exitOf, insertCases, insertService, intakeOf } from './synthetic-cases';
import { testModules } from './test-modules';

let t: TestDatabase;
let db: Db;
let model: ReportModel;

const figure = (section: string, key: string): Figure => {
  const found = model.sections.find((s) => s.key === section)?.figures.find((f) => f.key === key);
  if (!found) throw new Error(`no figure ${section}.${key}`);
  return found;
};
const numbers = ({ value, numerator, denominator }: Figure) => ({ value, numerator, denominator });

beforeAll(async () => {
  t = await createTestDatabase();
  const service = await insertService(t.owner, { name: 'Collected Fields', workers: 1 });
  await t.owner
    .insertInto('service_modules')
    .values(
      ['children', 'migration'].map((module) => ({
        service_id: service.serviceId,
        module_key: module,
        active_from: '2025-01-01',
        active_to: null,
      })),
    )
    .execute();
  await insertCases(
    t.owner,
    service.serviceId,
    Array.from({ length: 10 }, (_, i) => ({
      worker: service.workers[0] as string,
      openedAt: '2025-05-01',
      closedAt: '2025-12-01',
      // 24 months for five clients and 36 for five: 2.5 years. Police: 3 reports for six, 0 for four.
      intake: intakeOf({ abuse_duration_months: i < 5 ? 24 : 36, prior_police_reports_12m: i < 6 ? 3 : 0 }),
      exit: exitOf(),
      forms: [
        {
          form: 'children.intake',
          module: 'children',
          answers: {
            children: [
              { child_ref: 'C1', age: 6, father_engaged: i < 5 ? 'yes' : 'no' },
              { child_ref: 'C2', age: 9, father_engaged: i < 7 ? 'yes' : 'no' },
              // A third child with no father figure in three households: left out.
              ...(i < 3 ? [{ child_ref: 'C3', age: 11, father_engaged: 'not_applicable' }] : []),
            ],
          },
        },
        {
          form: 'children.exit',
          module: 'children',
          answers: {
            children: [
              {
                child_ref: 'C1',
                relationship_with_safe_parent_improved: i < 6 ? 'yes' : 'no',
                behaviour_improved: i < 5 ? 'yes' : 'no',
                school_improved: 'not_known',
              },
              {
                child_ref: 'C2',
                relationship_with_safe_parent_improved: i < 5 ? 'yes' : 'no',
                behaviour_improved: 'not_known',
                school_improved: 'not_known',
              },
            ],
          },
        },
        {
          form: 'migration.intake',
          module: 'migration',
          answers: { forced_marriage: i < 5, honour_based_abuse: i >= 5 },
        },
      ],
    })),
  );
  db = createDb({ url: t.apiUrl, max: 4 });
  model = await buildReportModel(db, {
    scope: { kind: 'service', serviceId: service.serviceId },
    period: { from: '2025-04-01', to: '2026-03-31' },
    modules: testModules,
    actor: { userId: service.managerId, role: 'manager' },
  });
});

afterAll(async () => {
  await db.destroy();
  await t.drop();
});

describe('figures of fields collected and not reported before', () => {
  it('reports time to help and contacts with the police in the year before', () => {
    expect(numbers(figure('time_to_help', 'abuse_duration_years_mean'))).toEqual({
      value: 2.5,
      numerator: undefined,
      denominator: 10,
    });
    expect(numbers(figure('time_to_help', 'prior_police_any'))).toEqual({ value: 60, numerator: 6, denominator: 10 });
    expect(figure('time_to_help', 'prior_police_mean')).toMatchObject({ value: 1.8, denominator: 10 }); // 18 / 10
    // Not recorded for anyone: no data, so the PDF leaves the row out.
    expect(figure('time_to_help', 'prior_ae_any')).toMatchObject({ value: null, denominator: 0 });
  });

  it("reports fathers engaged and the children's exit measures, per child, at the national threshold", () => {
    expect(model.disclosureThreshold).toBe(5);
    // Twenty children with a father figure (the three "not applicable" are left out): 5 + 7 engaged.
    expect(numbers(figure('children_module', 'children_father_engaged'))).toEqual({
      value: 60,
      numerator: 12,
      denominator: 20,
    });
    // 6 of the first children and 5 of the second: 11 of 20.
    expect(numbers(figure('children_module', 'children_relationship_improved'))).toEqual({
      value: 55,
      numerator: 11,
      denominator: 20,
    });
    // Known for the first children only: 5 of 10, shown at the service's 5 but not at the
    // children's 10; the denominator (10) is not below it and stays.
    expect(figure('children_module', 'children_behaviour_improved')).toEqual({
      key: 'children_behaviour_improved',
      label: 'Behaviour improved',
      unit: 'percent',
      value: null,
      suppressed: true,
      suppression: 'primary',
      denominator: 10,
      threshold: 10,
    });
    expect(figure('children_module', 'children_school_improved')).toMatchObject({ value: null, denominator: 0 });
  });

  it('reports forced marriage and so-called honour-based abuse where recorded, at the service threshold', () => {
    // 5 of 10, as the children's behaviour above, but adults' counts: shown.
    expect(numbers(figure('migration', 'forced_marriage'))).toEqual({ value: 50, numerator: 5, denominator: 10 });
    expect(numbers(figure('migration', 'honour_based_abuse'))).toEqual({ value: 50, numerator: 5, denominator: 10 });
  });
});
