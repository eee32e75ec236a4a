import { createRegistry, type FormContext, type ValidationResult } from '@harbour/forms';
import core from '@harbour/module-core';
import mentalHealth, { examples } from '@harbour/module-mental-health';

const registry = createRegistry([core, mentalHealth]);
const ctx: FormContext = { today: '2026-06-30', otherAnswers: {}, settings: { riskHighFrom: 14, riskMediumFrom: 10 } };

function errorsOf(result: ValidationResult) {
  return result.ok ? [] : result.errors;
}

/** PHQ-9 items summing to `total` (items filled 3, 3, … then the remainder). */
function phq9With(total: number): Record<string, number> {
  let left = total;
  return Object.fromEntries(
    Array.from({ length: 9 }, (_, index) => {
      const value = Math.min(3, left);
      left -= value;
      return [`phq9_${index + 1}`, value];
    }),
  );
}

function gad7With(total: number): Record<string, number> {
  let left = total;
  return Object.fromEntries(
    Array.from({ length: 7 }, (_, index) => {
      const value = Math.min(3, left);
      left -= value;
      return [`gad7_${index + 1}`, value];
    }),
  );
}

test.each(Object.entries(examples))('the example of %s is complete and valid', (formKey, answers) => {
  expect(registry.validate(formKey, answers, 'submitted', ctx)).toEqual({ ok: true });
});

test('the module has practitioner and client forms at intake and exit, and PHQ-9/GAD-7 at review', () => {
  expect(mentalHealth.forms.map((form) => [form.key, form.stage, form.audience])).toEqual([
    ['mental-health.intake', 'intake', 'practitioner'],
    ['mental-health.exit', 'exit', 'practitioner'],
    ['mental-health.client_intake', 'intake', 'client'],
    ['mental-health.client_review', 'review', 'client'],
    ['mental-health.client_exit', 'exit', 'client'],
  ]);
});

describe('validation', () => {
  test.each([
    ['an item above the scale', { phq9_3: 4 }, '/phq9_3', 'must be a whole number from 0 to 3'],
    ['an item below the scale', { gad7_7: -1 }, '/gad7_7', 'must be a whole number from 0 to 3'],
    ['an item as text', { phq9_1: '2' }, '/phq9_1', 'must be a whole number from 0 to 3'],
    ['an item as a fraction', { phq9_1: 1.5 }, '/phq9_1', 'must be a whole number from 0 to 3'],
    ['an item that does not exist', { phq9_10: 1 }, '/phq9_10', 'is not a question on this form'],
  ])('%s is refused', (_, change, pointer, message) => {
    const answers = { ...examples['mental-health.client_intake'], ...change };
    expect(errorsOf(registry.validate('mental-health.client_intake', answers, 'submitted', ctx))).toEqual([
      { pointer, message },
    ]);
  });

  test('practitioner forms check codes and types', () => {
    expect(
      errorsOf(
        registry.validate(
          'mental-health.intake',
          { mh_conditions: ['sadness'], mh_current_support: 'no' },
          'draft',
          ctx,
        ),
      ),
    ).toEqual([
      { pointer: '/mh_conditions/0', message: expect.stringMatching(/^must be one of: depression \(Depression\)/) },
      { pointer: '/mh_current_support', message: 'must be yes or no (true or false)' },
    ]);
    expect(errorsOf(registry.validate('mental-health.exit', { mh_improved: 'a bit' }, 'draft', ctx))).toEqual([
      { pointer: '/mh_improved', message: 'must be one of: yes (Yes), no (No), not_known (Not known)' },
    ]);
  });

  test('a client may skip questions, and a draft may be partial', () => {
    expect(registry.validate('mental-health.client_intake', { phq9_1: 2 }, 'submitted', ctx)).toEqual({ ok: true });
    expect(registry.validate('mental-health.client_exit', { gad7_2: 3 }, 'draft', ctx)).toEqual({ ok: true });
  });
});

describe('PHQ-9', () => {
  test('scores the examples by hand', () => {
    expect(registry.score('mental-health.client_intake', examples['mental-health.client_intake'])).toMatchObject({
      phq9_total: 14,
      phq9_band: 'moderate',
      phq9_case: true,
    });
    expect(registry.score('mental-health.client_exit', examples['mental-health.client_exit'])).toMatchObject({
      phq9_total: 5,
      phq9_band: 'mild',
      phq9_case: false,
    });
  });

  test.each([
    [0, 'minimal', false],
    [4, 'minimal', false],
    [5, 'mild', false],
    [9, 'mild', false],
    [10, 'moderate', true],
    [14, 'moderate', true],
    [15, 'moderately_severe', true],
    [19, 'moderately_severe', true],
    [20, 'severe', true],
    [27, 'severe', true],
  ])('a total of %d is %s (case: %s)', (total, band, isCase) => {
    expect(registry.score('mental-health.client_intake', { ...phq9With(total), ...gad7With(0) })).toMatchObject({
      phq9_total: total,
      phq9_band: band,
      phq9_case: isCase,
    });
  });

  test('is null when any item is missing', () => {
    const { phq9_5: _, ...rest } = examples['mental-health.client_intake'];
    expect(registry.score('mental-health.client_intake', rest)).toMatchObject({
      phq9_total: null,
      phq9_band: null,
      phq9_case: null,
      gad7_total: 12,
    });
  });
});

describe('GAD-7', () => {
  test('scores the examples by hand', () => {
    expect(registry.score('mental-health.client_intake', examples['mental-health.client_intake'])).toMatchObject({
      gad7_total: 12,
      gad7_band: 'moderate',
      gad7_case: true,
    });
    expect(registry.score('mental-health.client_exit', examples['mental-health.client_exit'])).toMatchObject({
      gad7_total: 4,
      gad7_band: 'minimal',
      gad7_case: false,
    });
  });

  test.each([
    [4, 'minimal', false],
    [5, 'mild', false],
    [7, 'mild', false],
    [8, 'mild', true],
    [9, 'mild', true],
    [10, 'moderate', true],
    [14, 'moderate', true],
    [15, 'severe', true],
    [21, 'severe', true],
  ])('a total of %d is %s (case: %s)', (total, band, isCase) => {
    expect(registry.score('mental-health.client_exit', { ...phq9With(0), ...gad7With(total) })).toMatchObject({
      gad7_total: total,
      gad7_band: band,
      gad7_case: isCase,
    });
  });
});

describe('the PHQ-9 item 9 flag', () => {
  test.each([
    [0, []],
    [1, ['phq9_item9']],
    [3, ['phq9_item9']],
  ])('item 9 answered %d flags %j', (value, flags) => {
    const answers = { ...examples['mental-health.client_intake'], phq9_9: value };
    expect(registry.flags('mental-health.client_intake', answers)).toEqual(flags);
    expect(registry.flags('mental-health.client_exit', answers)).toEqual(flags);
  });

  test('is not set when item 9 is unanswered, nor by practitioner forms', () => {
    expect(registry.flags('mental-health.client_intake', { phq9_1: 3 })).toEqual([]);
    expect(registry.flags('mental-health.intake', examples['mental-health.intake'])).toEqual([]);
  });

  test('carries a label for the practitioner', () => {
    expect(registry.flagDefinitions().find((flag) => flag.key === 'phq9_item9')?.label).toMatch(/self-harm/);
  });
});

describe('instruments ship as structure with the project’s own wording', () => {
  test('items use the project’s descriptions, a shared stem and a named source', () => {
    const form = registry.form('mental-health.client_intake');
    expect(form?.ui.fields.phq9_1?.label).toBe('Not enjoying things much');
    expect(form?.ui.fields.phq9_1?.label).not.toMatch(/little interest or pleasure/i);
    expect(form?.ui.groups?.phq9?.legend).toMatch(/^Over the last two weeks/);
    expect(form?.ui.fields.gad7_4?.group).toBe('gad7');
    expect(Object.keys(form?.ui.fields.phq9_1?.options ?? {})).toEqual(['0', '1', '2', '3']);
    const sources = registry.scoreDefinitions().map((score) => [score.key, score.source]);
    expect(sources).toEqual([
      ['who5_percent', expect.stringMatching(/WHO-5/)],
      ['phq9_total', expect.stringMatching(/Kroenke/)],
      ['gad7_total', expect.stringMatching(/Spitzer/)],
    ]);
  });
});
