import { createRegistry, type FormContext, type ValidationResult } from '@harbour/forms';
import children from '@harbour/module-children';
import core, { examples as coreExamples } from '@harbour/module-core';
import youngPeople, { examples } from '@harbour/module-young-people';

const registry = createRegistry([core, children, youngPeople]);
const settings = { riskHighFrom: 14, riskMediumFrom: 10 };
const adultCase: FormContext = { today: '2026-06-30', otherAnswers: {}, settings, clients: registry.clientRules([]) };
const youngCase: FormContext = { ...adultCase, clients: registry.clientRules(['young-people']) };

const errorsOf = (result: ValidationResult) => (result.ok ? [] : result.errors);
const intake = (changes: Record<string, unknown>) => ({ ...coreExamples['core.intake'], ...changes });

test.each(Object.entries(examples))('the example of %s is complete and valid', (formKey, answers) => {
  expect(registry.validate(formKey, answers, 'submitted', youngCase)).toEqual({ ok: true });
});

test("the module's client rules: from 11, a child's abusers; adults from 13 without it", () => {
  expect(registry.clientRules(['young-people'])).toEqual({ minimumAge: 11, childClients: true });
  expect(registry.clientRules(['children'])).toEqual({ minimumAge: 13, childClients: false });
});

describe('the core intake bends for a young person’s case', () => {
  const twelve = intake({ age: 12, consent_research: false, perpetrator_relationship: 'sibling' });

  test('a 12-year-old with a sibling causing harm is a valid young person’s intake', () => {
    expect(registry.validate('core.intake', twelve, 'submitted', youngCase)).toEqual({ ok: true });
  });

  test('and is refused on an adult service’s case, naming the age and the code', () => {
    expect(errorsOf(registry.validate('core.intake', twelve, 'submitted', adultCase))).toEqual([
      {
        pointer: '/age',
        message:
          "must be 13 or over: this service's modules take clients from 13; younger clients only on a service with a module for young people",
      },
      {
        pointer: '/perpetrator_relationship',
        message:
          "must not be sibling on an adult service's case: record a parent or sibling of an adult client as family_member",
      },
    ]);
  });

  test('without a context the adult rules hold', () => {
    const { clients: _none, ...bare } = adultCase;
    expect(
      errorsOf(registry.validate('core.intake', intake({ age: 12, consent_research: false }), 'submitted', bare)),
    ).toEqual([expect.objectContaining({ pointer: '/age' })]);
  });

  test('10 is below the schema for every service', () => {
    expect(errorsOf(registry.validate('core.intake', intake({ age: 10 }), 'draft', youngCase))).toEqual([
      { pointer: '/age', message: 'must be a whole number from 11 to 110' },
    ]);
  });

  test("under 16, research consent needs a parent's agreement or a Gillick-competence judgement", () => {
    const fourteen = intake({ age: 14, consent_research: true });
    expect(errorsOf(registry.validate('core.intake', fourteen, 'submitted', youngCase))).toEqual([
      {
        pointer: '/consent_basis',
        message:
          'must be parent_carer or gillick_competent: a client under 16 joins the research dataset with a parent’s or carer’s agreement, or with a recorded judgement that they are Gillick competent',
      },
    ]);
    expect(
      errorsOf(registry.validate('core.intake', { ...fourteen, consent_basis: 'self' }, 'submitted', youngCase)),
    ).toHaveLength(1);
    for (const basis of ['parent_carer', 'gillick_competent']) {
      expect(registry.validate('core.intake', { ...fourteen, consent_basis: basis }, 'submitted', youngCase)).toEqual({
        ok: true,
      });
    }
    // a draft may hold the agreement before its basis; 16 agrees for themselves
    expect(registry.validate('core.intake', fourteen, 'draft', youngCase)).toEqual({ ok: true });
    expect(registry.validate('core.intake', intake({ age: 16 }), 'submitted', youngCase)).toEqual({ ok: true });
  });
});

describe('the young person’s forms', () => {
  test('the abuse contexts and education are required at intake', () => {
    expect(errorsOf(registry.validate('young-people.intake', {}, 'submitted', youngCase))).toEqual([
      { pointer: '/abuse_contexts', message: 'is required' },
      { pointer: '/education_status', message: 'is required' },
    ]);
    expect(
      errorsOf(
        registry.validate(
          'young-people.intake',
          { abuse_contexts: [], education_status: 'attending' },
          'submitted',
          youngCase,
        ),
      ),
    ).toEqual([{ pointer: '/abuse_contexts', message: 'must list at least one answer' }]);
  });

  test('codes outside the standard are refused by name', () => {
    const result = registry.validate(
      'young-people.intake',
      { ...examples['young-people.intake'], abuse_contexts: ['gangs'] },
      'submitted',
      youngCase,
    );
    expect(errorsOf(result)[0]).toMatchObject({ pointer: '/abuse_contexts/0' });
  });

  test('every key is in the data dictionary with its codes', () => {
    const keys = registry
      .dictionary()
      .filter((entry) => entry.module === 'young-people')
      .map((entry) => entry.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'young-people.intake.abuse_contexts',
        'young-people.intake.relationship_abuse',
        'young-people.intake.education_status',
        'young-people.intake.agencies_involved',
        'young-people.exit.abuse_stopped',
        'young-people.exit.understands_healthy_relationships',
        'young-people.exit.trusted_adult',
      ]),
    );
    const contexts = registry.dictionary().find((entry) => entry.key === 'young-people.intake.abuse_contexts');
    expect(contexts?.codes.map((c) => c.code)).toEqual([
      'own_relationship',
      'parent_carer',
      'sibling',
      'other_family',
      'sexual_exploitation',
      'criminal_exploitation',
      'peer_harmful_sexual_behaviour',
    ]);
  });
});
