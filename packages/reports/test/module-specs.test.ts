import { createModuleRegistry, INSTALLED_MODULES } from '@harbour/api';
import {
  answersSchema,
  code,
  createRegistry,
  defineModule,
  integer,
  listOf,
  type ModuleDefinition,
  type ReportSectionSpec,
  reportProblems,
} from '@harbour/forms';
import { coreReportKeys } from '@harbour/reports';

const levels = { low: 'Low', high: 'High' };

/** A small module whose report spec each test bends. */
const withReport = (report: ReportSectionSpec[], key = 'housing'): ModuleDefinition => ({
  key,
  version: 1,
  title: key,
  description: key,
  forms: [
    {
      key: `${key}.intake`,
      version: 1,
      stage: 'intake',
      audience: 'practitioner',
      title: 'Intake',
      schema: answersSchema({
        need: code(levels),
        nights: integer(0, 365),
        rooms: listOf(answersSchema({ size: integer(1, 9) })),
      }),
      ui: {
        order: ['need', 'nights', 'rooms'],
        fields: {
          need: { label: 'Need', options: levels },
          nights: { label: 'Nights' },
          rooms: { label: 'Rooms', widget: 'items', items: { order: ['size'], fields: { size: { label: 'Size' } } } },
        },
      },
    },
  ],
  report,
});

const section = (figures: ReportSectionSpec['figures'], key = 'housing'): ReportSectionSpec[] => [
  { key, title: 'Housing', figures },
];
const needRate = (key: string, field = 'need', form = 'housing.intake') => ({
  kind: 'rate' as const,
  key,
  label: key,
  form,
  population: 'opened' as const,
  numerator: [{ field, equals: 'high' }],
});

test('every installed module passes the checks against the core report and each other', () => {
  expect(reportProblems(INSTALLED_MODULES, { reserved: coreReportKeys })).toEqual([]);
  expect(() => createModuleRegistry()).not.toThrow();
});

test('a section or figure key of the core report, or of another module, is refused at start-up', () => {
  const registryOf = (module: ModuleDefinition) =>
    createModuleRegistry({ modules: [...INSTALLED_MODULES, module], textPackFile: '' });
  expect(() => registryOf(withReport(section([needRate('housing_need')], 'children')))).toThrow(
    'housing: report section children: the key is already used by the core report',
  );
  expect(() => registryOf(withReport(section([needRate('referral_marac')])))).toThrow(
    'figure key referral_marac is already used by the core report',
  );
  expect(() => registryOf(withReport(section([needRate('completeness_housing_intake')])))).toThrow(
    'figure key completeness_housing_intake is already used by the core report',
  );
  const installedFigure = INSTALLED_MODULES.flatMap((m) => m.report ?? []).flatMap((s) => s.figures)[0];
  expect(() => registryOf(withReport(section([needRate(installedFigure?.key as string)])))).toThrow(
    `figure key ${installedFigure?.key} is already used by module`,
  );
  // A distribution makes one figure per code: housing_need_high collides with the rate.
  const distribution = {
    kind: 'distribution' as const,
    key: 'housing_need',
    label: 'Need',
    form: 'housing.intake',
    field: 'need',
    population: 'opened' as const,
  };
  expect(() => defineModule(withReport(section([distribution, needRate('housing_need_high')])))).toThrow(
    'figure key housing_need_high is already used by module housing',
  );
});

test('a figure reading a form, field, item field or score that does not exist is refused', () => {
  expect(() => defineModule(withReport(section([needRate('housing_x', 'tenure')])))).toThrow(
    'figure housing_x reads housing.intake.tenure, which is not a field of that form',
  );
  expect(() => defineModule(withReport(section([needRate('housing_x', 'need', 'housing.exit')])))).toThrow(
    'figure housing_x reads form housing.exit, which no installed module defines',
  );
  const items = { form: 'housing.intake', field: 'rooms' };
  const itemRate = (field: string, list = items) => ({
    kind: 'item_rate' as const,
    key: 'housing_rooms',
    label: 'Rooms',
    items: list,
    population: 'opened' as const,
    numerator: [{ field, atLeast: 2 }],
  });
  expect(() => defineModule(withReport(section([itemRate('colour')])))).toThrow(
    'reads housing.intake.rooms[].colour, which is not a field of those items',
  );
  expect(() =>
    defineModule(withReport(section([itemRate('size', { form: 'housing.intake', field: 'nights' })]))),
  ).toThrow('reads items of housing.intake.nights, which is not a list of items');
  const mean = {
    kind: 'mean' as const,
    key: 'housing_score',
    label: 'Score',
    form: 'housing.intake',
    score: 'need_total',
    population: 'opened' as const,
  };
  expect(() => defineModule(withReport(section([mean])))).toThrow(
    'reads score need_total of housing.intake, which no module computes on that form',
  );
  // Another module's form: defineModule leaves it to createRegistry, which knows them all.
  const foreign = withReport(section([needRate('housing_core', 'no_such_field', 'core.intake')]));
  expect(() => defineModule(foreign)).not.toThrow();
  expect(() => createRegistry([...INSTALLED_MODULES, foreign])).toThrow(
    'figure housing_core reads core.intake.no_such_field, which is not a field of that form',
  );
});
