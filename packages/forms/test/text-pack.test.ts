import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistry, loadTextPack, TextPackError } from '@harbour/forms';
import children from '@harbour/module-children';
import core from '@harbour/module-core';
import mentalHealth from '@harbour/module-mental-health';

const pack = {
  'mental-health.client_intake': {
    title: 'Questionnaire',
    intro: 'Published wording loaded by the deployment.',
    fields: {
      phq9_1: { label: 'Published wording of item 1', options: { '1': 'Several days' } },
    },
    groups: { phq9: { legend: 'Published stem' } },
  },
  'children.intake': { fields: { children: { items: { age: { label: 'Age in years' } } } } },
};

test('a text pack replaces labels, options, groups and titles without changing keys or codes', () => {
  const registry = createRegistry([core, mentalHealth, children], { textPack: pack });
  const form = registry.form('mental-health.client_intake');
  expect(form?.title).toBe('Questionnaire');
  expect(form?.ui.intro).toBe('Published wording loaded by the deployment.');
  expect(form?.ui.fields.phq9_1?.label).toBe('Published wording of item 1');
  expect(form?.ui.fields.phq9_1?.options).toEqual({
    '0': 'Not at all',
    '1': 'Several days',
    '2': 'On more than half the days',
    '3': 'Almost every day',
  });
  expect(form?.ui.fields.phq9_2?.label).toBe('Feeling low, or without hope');
  expect(form?.ui.groups?.phq9?.legend).toBe('Published stem');
  expect(form?.ui.groups?.phq9?.help).toBe('Based on the PHQ-9 questionnaire.');
  expect(registry.form('children.intake')?.ui.fields.children?.items?.fields.age?.label).toBe('Age in years');
  expect(registry.dictionary().find((entry) => entry.key === 'mental-health.client_intake.phq9_1')?.label).toBe(
    'Published wording of item 1',
  );
});

test('the modules themselves keep their own wording', () => {
  createRegistry([core, mentalHealth, children], { textPack: pack });
  const own = mentalHealth.forms.find((form) => form.key === 'mental-health.client_intake');
  expect(own?.ui.fields.phq9_1?.label).toBe('Not enjoying things much');
  expect(createRegistry([core, mentalHealth]).form('mental-health.client_intake')?.title).not.toBe('Questionnaire');
});

test('a pack naming a form, field, code or group that does not exist is refused at start-up', () => {
  const bad = {
    'core.nothing': {},
    'core.intake': {
      fields: { age: { label: 'Age' }, shoe_size: { label: 'Shoe size' }, gender: { options: { robot: 'Robot' } } },
      groups: { hobbies: { legend: 'Hobbies' } },
    },
    'children.intake': { fields: { children: { items: { name: { label: 'Name' } } } } },
  };
  let error: unknown;
  try {
    createRegistry([core, children], { textPack: bad });
  } catch (thrown) {
    error = thrown;
  }
  expect(error).toBeInstanceOf(TextPackError);
  expect((error as TextPackError).problems).toEqual([
    'unknown form core.nothing',
    'form core.intake: unknown field shoe_size',
    'form core.intake: field gender has no option robot',
    'form core.intake: unknown group hobbies',
    'form children.intake children[]: unknown field name',
  ]);
});

test('loadTextPack reads a JSON file', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'harbour-pack-')), 'pack.json');
  writeFileSync(file, JSON.stringify(pack));
  expect(loadTextPack(file)).toEqual(pack);
  writeFileSync(file, '[]');
  expect(() => loadTextPack(file)).toThrow(TextPackError);
});

test('a pack of the wrong shape is refused, naming the place', () => {
  const misspelt = { 'core.intake': { fields: { age: { lable: 'Age' }, gender: { options: { female: 3 } } } } };
  expect(() => createRegistry([core], { textPack: misspelt as never })).toThrow(
    /at \/core.intake\/fields\/age: unknown key "lable"\n- at \/core.intake\/fields\/gender\/options\/female: must be non-empty text/,
  );
});
