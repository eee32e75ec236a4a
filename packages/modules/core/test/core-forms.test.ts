import { createRegistry, type FormContext, type ValidationResult } from '@harbour/forms';
import core, { examples } from '@harbour/module-core';

const registry = createRegistry([core]);
const ctx: FormContext = {
  today: '2026-06-30',
  otherAnswers: { 'core.intake': examples['core.intake'] },
  settings: { riskHighFrom: 14, riskMediumFrom: 10 },
};

const intake = examples['core.intake'];
const exit = examples['core.exit'];

function errorsOf(result: ValidationResult) {
  return result.ok ? [] : result.errors;
}

test.each(Object.entries(examples))('the example of %s is complete and valid', (formKey, answers) => {
  expect(registry.validate(formKey, answers, 'submitted', ctx)).toEqual({ ok: true });
  expect(registry.validate(formKey, answers, 'draft', ctx)).toEqual({ ok: true });
});

test('core is always active and has its seven forms', () => {
  expect(core.alwaysActive).toBe(true);
  expect(core.forms.map((form) => [form.key, form.stage, form.audience])).toEqual([
    ['core.intake', 'intake', 'practitioner'],
    ['core.review', 'review', 'practitioner'],
    ['core.exit', 'exit', 'practitioner'],
    ['core.client_intake', 'intake', 'client'],
    ['core.client_review', 'review', 'client'],
    ['core.client_exit', 'exit', 'client'],
    ['core.client_follow_up', 'follow_up', 'client'],
  ]);
});

test('the follow-up questionnaire says nothing of what the service is about', () => {
  const form = core.forms.find((f) => f.key === 'core.client_follow_up');
  const words = JSON.stringify(form?.ui).toLowerCase();
  for (const word of ['abuse', 'domestic', 'violence', 'idva', 'refuge', 'partner', 'perpetrator', 'support service']) {
    expect(words).not.toContain(word);
  }
});

describe('core.intake constraints', () => {
  test.each([
    ['a wrong type', { age: 'thirty' }, '/age', 'must be a whole number from 11 to 110'],
    ['a fraction', { age: 34.5 }, '/age', 'must be a whole number from 11 to 110'],
    [
      'an age below the adult minimum',
      { age: 12, consent_research: false },
      '/age',
      "must be 13 or over: this service's modules take clients from 13; younger clients only on a service with a module for young people",
    ],
    ['a Dash score above the range', { dash_score: 25 }, '/dash_score', 'must be a whole number from 0 to 24'],
    ['a negative count', { prior_gp_visits_12m: -1 }, '/prior_gp_visits_12m', 'must be a whole number, 0 or more'],
    ['a boolean as a string', { consent_research: 'yes' }, '/consent_research', 'must be yes or no (true or false)'],
    [
      'an unknown code',
      { pregnant: 'maybe' },
      '/pregnant',
      'must be one of: yes (Yes), no (No), not_known (Not known)',
    ],
    [
      'an unknown code in a list',
      { disability_types: ['physical', 'tall'] },
      '/disability_types/1',
      expect.stringMatching(/^must be one of: physical \(Physical\), sensory/),
    ],
    [
      'a code listed twice',
      { disability_types: ['physical', 'physical'] },
      '/disability_types',
      'must not list the same answer twice',
    ],
    ['a malformed date', { referral_date: '10/03/2025' }, '/referral_date', 'must be a date (YYYY-MM-DD)'],
    ['an impossible date', { referral_date: '2025-02-30' }, '/referral_date', 'must be a date (YYYY-MM-DD)'],
    ['a date in the future', { referral_date: '2026-07-01' }, '/referral_date', 'must not be in the future'],
    [
      'a local authority code of the wrong pattern',
      { local_authority: 'E0900003' },
      '/local_authority',
      'must be an ONS local authority code: E, W, S or N and eight digits, such as E09000033',
    ],
    ['an unknown question', { shoe_size: 6 }, '/shoe_size', 'is not a question on this form'],
  ])('%s is refused', (_, change, pointer, message) => {
    expect(errorsOf(registry.validate('core.intake', { ...intake, ...change }, 'submitted', ctx))).toEqual([
      { pointer, message },
    ]);
  });

  test('today is not in the future', () => {
    expect(registry.validate('core.intake', { ...intake, referral_date: '2026-06-30' }, 'submitted', ctx)).toEqual({
      ok: true,
    });
  });

  test.each(['referral_date', 'referral_source', 'consent_research', 'risk_level'])('%s is required', (key) => {
    const { [key]: _, ...rest } = intake as Record<string, unknown>;
    expect(errorsOf(registry.validate('core.intake', rest, 'submitted', ctx))).toEqual([
      { pointer: `/${key}`, message: 'is required' },
    ]);
  });

  test('disability types are required when the client has a disability, and only then', () => {
    const { disability_types: _, ...withoutTypes } = intake;
    expect(errorsOf(registry.validate('core.intake', withoutTypes, 'submitted', ctx))).toEqual([
      { pointer: '/disability_types', message: 'is required' },
    ]);
    expect(errorsOf(registry.validate('core.intake', { ...intake, disability: 'no' }, 'submitted', ctx))).toEqual([
      { pointer: '/disability_types', message: 'is only asked when "Does the client have a disability?" is "Yes"' },
    ]);
    expect(errorsOf(registry.validate('core.intake', { ...intake, disability_types: [] }, 'submitted', ctx))).toEqual([
      { pointer: '/disability_types', message: 'must list at least one answer' },
    ]);
    expect(registry.validate('core.intake', { ...withoutTypes, disability: 'no' }, 'submitted', ctx)).toEqual({
      ok: true,
    });
  });
});

describe('drafts', () => {
  test('accept partial answers, without required or conditional answers', () => {
    expect(registry.validate('core.intake', {}, 'draft', ctx)).toEqual({ ok: true });
    expect(registry.validate('core.intake', { disability: 'yes', age: 40 }, 'draft', ctx)).toEqual({ ok: true });
    expect(
      registry.validate('core.intake', { disability: 'no', disability_types: ['physical'] }, 'draft', ctx),
    ).toEqual({
      ok: true,
    });
    expect(registry.validate('core.exit', { closure_reason: 'planned' }, 'draft', ctx)).toEqual({ ok: true });
  });

  test('refuse wrong types, codes, ranges, dates and unknown questions', () => {
    expect(
      errorsOf(
        registry.validate(
          'core.intake',
          { age: '40', gender: 'f', dash_score: 30, referral_date: '2027-01-01', colour: 'red' },
          'draft',
          ctx,
        ),
      ).map((error) => error.pointer),
    ).toEqual(['/referral_date', '/age', '/gender', '/dash_score', '/colour']);
  });
});

describe('core.exit', () => {
  test('the exit date must not be before the referral date', () => {
    expect(errorsOf(registry.validate('core.exit', { ...exit, exit_date: '2025-03-09' }, 'submitted', ctx))).toEqual([
      { pointer: '/exit_date', message: 'must not be before the referral date (2025-03-10)' },
    ]);
    expect(registry.validate('core.exit', { ...exit, exit_date: '2025-03-10' }, 'submitted', ctx)).toEqual({
      ok: true,
    });
  });

  test('the exit date is checked against the referral date only when the intake has one', () => {
    const noIntake = { ...ctx, otherAnswers: {} };
    expect(registry.validate('core.exit', { ...exit, exit_date: '2020-01-01' }, 'submitted', noIntake)).toEqual({
      ok: true,
    });
  });

  test('the exit date must not be in the future', () => {
    expect(errorsOf(registry.validate('core.exit', { ...exit, exit_date: '2026-07-01' }, 'submitted', ctx))).toEqual([
      { pointer: '/exit_date', message: 'must not be in the future' },
    ]);
  });

  test('exit adds not_known to the abuse levels and the risk level', () => {
    const answers = { ...exit, abuse_physical: 'not_known', risk_level: 'not_known' };
    expect(registry.validate('core.exit', answers, 'submitted', ctx)).toEqual({ ok: true });
    expect(
      errorsOf(registry.validate('core.intake', { ...intake, abuse_physical: 'not_known' }, 'submitted', ctx)),
    ).toEqual([
      {
        pointer: '/abuse_physical',
        message: 'must be one of: none (None), standard (Standard), moderate (Moderate), high (High)',
      },
    ]);
  });

  test.each(['exit_date', 'closure_reason'])('%s is required', (key) => {
    const { [key]: _, ...rest } = exit as Record<string, unknown>;
    expect(errorsOf(registry.validate('core.exit', rest, 'submitted', ctx))).toEqual([
      { pointer: `/${key}`, message: 'is required' },
    ]);
  });
});

describe('client questionnaires', () => {
  test('exit-only questions are not on the intake questionnaire', () => {
    expect(
      errorsOf(
        registry.validate(
          'core.client_intake',
          { ...examples['core.client_intake'], felt_listened_to: 4 },
          'draft',
          ctx,
        ),
      ),
    ).toEqual([{ pointer: '/felt_listened_to', message: 'is not a question on this form' }]);
  });

  test('comments are at most 2,000 characters and are sensitive', () => {
    expect(errorsOf(registry.validate('core.client_exit', { comments: 'x'.repeat(2001) }, 'submitted', ctx))).toEqual([
      { pointer: '/comments', message: 'must be at most 2000 characters' },
    ]);
    expect(registry.validate('core.client_exit', { comments: 'x'.repeat(2000) }, 'submitted', ctx)).toEqual({
      ok: true,
    });
    expect(registry.sensitiveKeys('core.client_exit')).toEqual(['comments']);
    expect(registry.sensitiveKeys('core.intake')).toEqual([]);
  });

  test('answers out of the scale are refused', () => {
    expect(errorsOf(registry.validate('core.client_intake', { who5_3: 6, safety_now: -1 }, 'draft', ctx))).toEqual([
      { pointer: '/safety_now', message: 'must be a whole number from 0 to 10' },
      { pointer: '/who5_3', message: 'must be a whole number from 0 to 5' },
    ]);
  });
});

describe('WHO-5', () => {
  test('the percentage is the sum times four, with its band', () => {
    // 1 + 2 + 1 + 0 + 2 = 6 → 24
    expect(registry.score('core.client_intake', examples['core.client_intake'])).toEqual({
      who5_percent: 24,
      who5_band: 'poor',
    });
    // 3 + 3 + 2 + 3 + 4 = 15 → 60
    expect(registry.score('core.client_exit', examples['core.client_exit'])).toEqual({
      who5_percent: 60,
      who5_band: 'not_poor',
    });
  });

  test.each([
    [[0, 0, 0, 0, 0], 0, 'poor'],
    [[5, 5, 5, 5, 5], 100, 'not_poor'],
    [[3, 3, 2, 2, 2], 48, 'poor'],
    [[3, 3, 3, 2, 2], 52, 'not_poor'],
  ])('items %j score %d (%s)', (items, percent, band) => {
    const answers = Object.fromEntries(items.map((value, index) => [`who5_${index + 1}`, value]));
    expect(registry.score('core.client_intake', answers)).toEqual({ who5_percent: percent, who5_band: band });
  });

  test('is null when an item is missing', () => {
    const { who5_4: _, ...rest } = examples['core.client_intake'];
    expect(registry.score('core.client_intake', rest)).toEqual({ who5_percent: null, who5_band: null });
  });

  test('practitioner forms have no scores', () => {
    expect(registry.score('core.intake', intake)).toEqual({});
  });
});

describe('the risk level default from the Dash score', () => {
  const { risk_level: _, ...withoutRisk } = intake;
  const riskFor = (dash: number, context: FormContext = ctx) =>
    registry.prepare('core.intake', { ...withoutRisk, dash_score: dash }, context).risk_level;

  test.each([
    [0, 'standard'],
    [9, 'standard'],
    [10, 'medium'],
    [13, 'medium'],
    [14, 'high'],
    [24, 'high'],
  ])('a Dash score of %d gives %s', (dash, level) => {
    expect(riskFor(dash)).toBe(level);
  });

  test("follows the service's own thresholds", () => {
    const strict = { ...ctx, settings: { riskHighFrom: 12, riskMediumFrom: 8 } };
    expect(riskFor(8, strict)).toBe('medium');
    expect(riskFor(12, strict)).toBe('high');
  });

  test('keeps a level the practitioner gave, such as a higher professional judgement', () => {
    expect(registry.prepare('core.intake', { ...intake, dash_score: 9, risk_level: 'high' }, ctx).risk_level).toBe(
      'high',
    );
  });

  test('sets nothing without a Dash score, and leaves the input unchanged', () => {
    const { dash_score: _dash, ...withoutDash } = withoutRisk;
    expect(registry.prepare('core.intake', withoutDash, ctx)).toEqual(withoutDash);
    const input = { dash_score: 15 };
    expect(registry.prepare('core.intake', input, ctx)).toEqual({ dash_score: 15, risk_level: 'high' });
    expect(input).toEqual({ dash_score: 15 });
  });

  test('a prepared intake with no risk level of its own passes submission', () => {
    const prepared = registry.prepare('core.intake', { ...withoutRisk, dash_score: 12 }, ctx);
    expect(registry.validate('core.intake', prepared, 'submitted', ctx)).toEqual({ ok: true });
  });
});
