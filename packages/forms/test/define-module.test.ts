import { answersSchema, code, defineModule, type FormDefinition, integer, ModuleDefinitionError } from '@harbour/forms';

const form: FormDefinition = {
  key: 'pets.intake',
  version: 1,
  stage: 'intake',
  audience: 'practitioner',
  title: 'Pets',
  schema: answersSchema({ pet: code({ dog: 'Dog', cat: 'Cat' }), count: integer(0, 9) }),
  ui: {
    order: ['pet', 'count'],
    fields: { pet: { label: 'Pet', options: { dog: 'Dog', cat: 'Cat' } }, count: { label: 'How many?' } },
  },
};

const moduleWith = (forms: FormDefinition[]) => ({
  key: 'pets',
  version: 1,
  title: 'Pets',
  description: 'Pets.',
  forms,
});

function problemsOf(forms: FormDefinition[]): string[] {
  try {
    defineModule(moduleWith(forms));
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ModuleDefinitionError);
    return (error as ModuleDefinitionError).problems;
  }
}

test('a consistent module is returned as it is', () => {
  const module = moduleWith([form]);
  expect(defineModule(module)).toBe(module);
});

test.each([
  ['a form key without the module prefix', { ...form, key: 'animals.intake' }, /key must be "pets.<name>"/],
  ['a form name that is not snake_case', { ...form, key: 'pets.Intake' }, /key must be "pets.<name>"/],
  [
    'a field missing from ui.order',
    { ...form, ui: { ...form.ui, order: ['pet'] } },
    /form pets.intake: ui.order misses count/,
  ],
  [
    'ui.order naming a field the schema lacks',
    { ...form, ui: { ...form.ui, order: ['pet', 'count', 'colour'] } },
    /ui.order names colour/,
  ],
  [
    'a code with no label',
    { ...form, ui: { ...form.ui, fields: { ...form.ui.fields, pet: { label: 'Pet', options: { dog: 'Dog' } } } } },
    /field pet has no label for cat/,
  ],
  [
    'a label for a code that does not exist',
    {
      ...form,
      ui: {
        ...form.ui,
        fields: { ...form.ui.fields, pet: { label: 'Pet', options: { dog: 'Dog', cat: 'Cat', rat: 'Rat' } } },
      },
    },
    /field pet labels rat/,
  ],
  [
    'a field key that is not snake_case',
    {
      ...form,
      schema: answersSchema({ petName: { type: 'string', maxLength: 20 } }),
      ui: { order: ['petName'], fields: { petName: { label: 'Name' } } },
    },
    /field petName: key must match/,
  ],
  [
    'a schema that accepts unknown answers',
    { ...form, schema: { ...form.schema, additionalProperties: true } },
    /must reject unknown answers/,
  ],
  [
    'a field without a label',
    { ...form, ui: { ...form.ui, fields: { pet: form.ui.fields.pet } } },
    /field count has no label/,
  ],
  [
    'a showWhen naming no field',
    {
      ...form,
      ui: {
        ...form.ui,
        fields: { ...form.ui.fields, count: { label: 'How many?', showWhen: { field: 'kind', equals: 1 } } },
      },
    },
    /showWhen refers to kind/,
  ],
  [
    'a pattern without a description',
    {
      ...form,
      schema: answersSchema({ pet: { type: 'string', pattern: '^[a-z]+$' }, count: integer(0, 9) }),
      ui: { order: ['pet', 'count'], fields: { pet: { label: 'Pet' }, count: { label: 'How many?' } } },
    },
    /pattern but no description/,
  ],
])('refuses %s', (_, broken, message) => {
  expect(problemsOf([broken as FormDefinition]).join('\n')).toMatch(message);
});

test('refuses the same form version twice, and names the module in the error', () => {
  expect(() => defineModule(moduleWith([form, form]))).toThrow(
    /module "pets" is not valid:\n- form pets.intake version 1 is defined twice/,
  );
});

test('refuses scores, flags and migrations that refer to other modules’ forms', () => {
  const module = {
    ...moduleWith([form]),
    scores: [
      { key: 'total', forms: ['core.intake'], label: 'Total', range: [0, 9] as [number, number], compute: () => 0 },
    ],
    flags: [{ key: 'many', forms: ['pets.exit'], label: 'Many', test: () => true }],
    migrations: [
      { form: 'pets.intake', fromVersion: 1, toVersion: 2, migrate: (answers: Record<string, unknown>) => answers },
    ],
  };
  expect(() => defineModule(module)).toThrow(/score total refers to core.intake/);
  expect(() => defineModule(module)).toThrow(/flag many refers to pets.exit/);
  expect(() => defineModule(module)).toThrow(/goes to version 2, which is not defined/);
});
