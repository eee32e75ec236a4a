import { createRegistry, type FormContext, type ValidationResult } from '@harbour/forms';
import children, { examples } from '@harbour/module-children';
import core from '@harbour/module-core';

const registry = createRegistry([core, children]);
const ctx: FormContext = {
  today: '2026-06-30',
  otherAnswers: { 'children.intake': examples['children.intake'] },
  settings: { riskHighFrom: 14, riskMediumFrom: 10 },
};

const [first, second] = examples['children.intake'].children;
const [firstAtExit] = examples['children.exit'].children;

function errorsOf(result: ValidationResult) {
  return result.ok ? [] : result.errors;
}

test.each(Object.entries(examples))('the example of %s is complete and valid', (formKey, answers) => {
  expect(registry.validate(formKey, answers, 'submitted', ctx)).toEqual({ ok: true });
});

test('a household with no children recorded is an empty list', () => {
  expect(registry.validate('children.intake', { children: [] }, 'submitted', ctx)).toEqual({ ok: true });
  expect(errorsOf(registry.validate('children.intake', {}, 'submitted', ctx))).toEqual([
    { pointer: '/children', message: 'is required' },
  ]);
});

describe('each child', () => {
  test.each([
    ['a missing reference', { child_ref: undefined }, '/children/1/child_ref', 'is required'],
    [
      'a reference that is a name',
      { child_ref: 'Amy' },
      '/children/1/child_ref',
      'must be C and one or two digits, such as C1',
    ],
    [
      'a reference of three digits',
      { child_ref: 'C100' },
      '/children/1/child_ref',
      'must be C and one or two digits, such as C1',
    ],
    ['an adult', { age: 18 }, '/children/1/age', 'must be a whole number from 0 to 17'],
    [
      'an unknown harm type',
      { harm_types: ['verbal'] },
      '/children/1/harm_types/0',
      expect.stringMatching(/^must be one of: physical/),
    ],
    [
      'an unknown code',
      { father_engaged: 'not_known' },
      '/children/1/father_engaged',
      'must be one of: yes (Yes), no (No), not_applicable (Not applicable)',
    ],
    ['an unknown question', { name: 'Amy' }, '/children/1/name', 'is not a question asked here'],
  ])('%s is refused at the child’s pointer', (_, change, pointer, message) => {
    const child = JSON.parse(JSON.stringify({ ...second, ...change }));
    expect(errorsOf(registry.validate('children.intake', { children: [first, child] }, 'submitted', ctx))).toEqual([
      { pointer, message },
    ]);
  });

  test('a list that is not of children is refused', () => {
    expect(errorsOf(registry.validate('children.intake', { children: 'two' }, 'draft', ctx))).toEqual([
      { pointer: '/children', message: 'must be a list' },
    ]);
  });
});

describe('child references', () => {
  test('are unique within the form, with the error at the repeat', () => {
    const answers = { children: [first, { ...second, child_ref: 'C1' }] };
    expect(errorsOf(registry.validate('children.intake', answers, 'submitted', ctx))).toEqual([
      { pointer: '/children/1/child_ref', message: 'C1 is already used for another child' },
    ]);
    expect(errorsOf(registry.validate('children.intake', answers, 'draft', ctx))).toHaveLength(1);
  });

  test('at exit must match a child recorded at intake', () => {
    const answers = { children: [firstAtExit, { ...firstAtExit, child_ref: 'C3' }] };
    expect(errorsOf(registry.validate('children.exit', answers, 'submitted', ctx))).toEqual([
      { pointer: '/children/1/child_ref', message: 'does not match a child recorded at intake' },
    ]);
  });

  test('at exit are checked against the intake only on submission', () => {
    const answers = { children: [{ ...firstAtExit, child_ref: 'C3' }] };
    expect(registry.validate('children.exit', answers, 'draft', { ...ctx, otherAnswers: {} })).toEqual({ ok: true });
    expect(errorsOf(registry.validate('children.exit', answers, 'submitted', { ...ctx, otherAnswers: {} }))).toEqual([
      { pointer: '/children/0/child_ref', message: 'does not match a child recorded at intake' },
    ]);
  });

  test('at exit may cover only some of the intake children', () => {
    expect(registry.validate('children.exit', { children: [firstAtExit] }, 'submitted', ctx)).toEqual({ ok: true });
  });
});

test('drafts may leave out a child reference but not break types', () => {
  expect(registry.validate('children.intake', { children: [{ age: 4 }] }, 'draft', ctx)).toEqual({ ok: true });
  expect(errorsOf(registry.validate('children.intake', { children: [{ age: 'four' }] }, 'draft', ctx))).toEqual([
    { pointer: '/children/0/age', message: 'must be a whole number from 0 to 17' },
  ]);
});

test('item hints are complete for a renderer', () => {
  const hints = registry.form('children.exit')?.ui.fields.children?.items;
  expect(hints?.order[0]).toBe('child_ref');
  expect(hints?.fields.feels_safer?.options).toMatchObject({ much_safer: 'Much safer' });
});
