import { createRegistry, type FormContext, type ValidationResult } from '@harbour/forms';
import core from '@harbour/module-core';
import migration, { examples } from '@harbour/module-migration';

const registry = createRegistry([core, migration]);
const ctx: FormContext = { today: '2026-06-30', otherAnswers: {}, settings: { riskHighFrom: 14, riskMediumFrom: 10 } };

function errorsOf(result: ValidationResult) {
  return result.ok ? [] : result.errors;
}

test.each(Object.entries(examples))('the example of %s is complete and valid', (formKey, answers) => {
  expect(registry.validate(formKey, answers, 'submitted', ctx)).toEqual({ ok: true });
});

test('the module has a practitioner intake and exit', () => {
  expect(migration.forms.map((form) => [form.key, form.stage, form.audience])).toEqual([
    ['migration.intake', 'intake', 'practitioner'],
    ['migration.exit', 'exit', 'practitioner'],
  ]);
});

describe('country of birth', () => {
  test.each(['GB', 'IE', 'PK', 'SY', 'UA', 'ZW', 'SS', 'AX'])('%s is an ISO 3166-1 code', (country) => {
    expect(registry.validate('migration.intake', { country_of_birth: country }, 'submitted', ctx)).toEqual({
      ok: true,
    });
  });

  test.each(['UK', 'gb', 'XK', 'GBR', 'ZZ', ''])('%j is refused', (country) => {
    expect(errorsOf(registry.validate('migration.intake', { country_of_birth: country }, 'draft', ctx))).toEqual([
      { pointer: '/country_of_birth', message: 'must be a two-letter ISO 3166-1 country code, such as GB' },
    ]);
  });

  test('every one of the 249 codes has a name for the renderer', () => {
    const options = registry.form('migration.intake')?.ui.fields.country_of_birth?.options ?? {};
    expect(Object.keys(options)).toHaveLength(249);
    expect(options.GB).toBe('United Kingdom');
  });
});

test.each([
  ['migration.intake', { years_in_uk: -2 }, '/years_in_uk', 'must be a whole number, 0 or more'],
  [
    'migration.intake',
    { immigration_status: 'tourist' },
    '/immigration_status',
    expect.stringMatching(/^must be one of: british_irish/),
  ],
  [
    'migration.intake',
    { english_proficiency: 'good' },
    '/english_proficiency',
    'must be one of: fluent (Fluent), some (Some English), none (No English)',
  ],
  ['migration.intake', { fgm_concern: 1 }, '/fgm_concern', 'must be yes or no (true or false)'],
  [
    'migration.exit',
    { nrpf_resolved: 'not_known' },
    '/nrpf_resolved',
    'must be one of: yes (Yes), no (No), not_applicable (Not applicable)',
  ],
  [
    'migration.exit',
    { mvdac_application: 'pending' },
    '/mvdac_application',
    'must be one of: not_applicable (Not applicable), applied (Applied, no decision yet), granted (Granted), refused (Refused)',
  ],
  ['migration.exit', { visa: 'yes' }, '/visa', 'is not a question on this form'],
])('%s refuses %j', (formKey, change, pointer, message) => {
  const answers = { ...examples[formKey as keyof typeof examples], ...change };
  expect(errorsOf(registry.validate(formKey, answers, 'submitted', ctx))).toEqual([{ pointer, message }]);
});
