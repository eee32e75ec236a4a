import fs from 'node:fs';
import path from 'node:path';
import { createModuleRegistry, INSTALLED_MODULES } from '@harbour/api';
import { MIGRATIONS_DIR } from '@harbour/db';
import { answersSchema, code, defineModule, type ModuleDefinition } from '@harbour/forms';
import { factsMigrationSql, factsSchemaOf } from '@harbour/reports';

const GENERATED = /^\d{4}_case_facts_generated\.sql$/;

test('the newest generated case_facts migration matches the installed modules (npm run harbour -- facts-migration)', () => {
  const newest = fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((name) => GENERATED.test(name))
    .sort()
    .at(-1);
  expect(newest).toBeDefined();
  const committed = fs.readFileSync(path.join(MIGRATIONS_DIR, newest as string), 'utf8');
  expect(committed).toBe(factsMigrationSql(createModuleRegistry().modules()));
});

test("a new module's figures get their own fact columns, with no SQL written for it", () => {
  const tenures = { owner: 'Owner', homeless: 'Homeless' };
  const housing: ModuleDefinition = defineModule({
    key: 'housing',
    version: 1,
    title: 'Housing',
    description: 'Housing',
    forms: [
      {
        key: 'housing.intake',
        version: 1,
        stage: 'intake',
        audience: 'practitioner',
        title: 'Housing at intake',
        schema: answersSchema({ tenure: code(tenures), safe: code({ yes: 'Yes', no: 'No' }) }),
        ui: {
          order: ['tenure', 'safe'],
          fields: {
            tenure: { label: 'Tenure', options: tenures },
            safe: { label: 'Safe', options: { yes: 'Yes', no: 'No' } },
          },
        },
      },
    ],
    report: [
      {
        key: 'housing',
        title: 'Housing',
        figures: [
          {
            kind: 'rate',
            key: 'housing_homeless',
            label: 'Homeless at intake',
            form: 'housing.intake',
            population: 'opened',
            numerator: [{ field: 'tenure', equals: 'homeless' }],
          },
          {
            kind: 'distribution',
            key: 'housing_safe',
            label: 'Safe',
            form: 'housing.intake',
            field: 'safe',
            population: 'opened',
          },
        ],
      },
    ],
  });
  const facts = factsSchemaOf([...INSTALLED_MODULES, housing]).find((f) => f.form === 'housing.intake');
  expect(facts?.keyFields).toEqual(['tenure', 'safe']);
  expect(facts?.columns.map((c) => c.name)).toEqual(['"a|housing.intake|safe|t"', '"a|housing.intake|tenure|j"']);
  const sql = factsMigrationSql([...INSTALLED_MODULES, housing]);
  expect(sql).toContain('alter table case_facts add column if not exists "a|housing.intake|tenure|j" jsonb;');
  expect(sql).toContain(`elsif r.form_key = 'housing.intake' then`);
});
