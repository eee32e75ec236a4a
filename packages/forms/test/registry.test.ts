import { createRegistry, UnknownFormError } from '@harbour/forms';
import children from '@harbour/module-children';
import core, { examples as coreExamples } from '@harbour/module-core';
import mentalHealth from '@harbour/module-mental-health';
import migration from '@harbour/module-migration';
import housingModule from 'harbour-module-housing';
import { contextWith } from './context';

const registry = createRegistry([core, mentalHealth, migration, children, housingModule]);
const ctx = contextWith();

describe('a module registered beside the real ones', () => {
  test('is listed, and its latest form version is offered', () => {
    expect(registry.modules().map((module) => module.key)).toEqual([
      'core',
      'mental-health',
      'migration',
      'children',
      'housing',
    ]);
    expect(registry.form('housing.intake')?.version).toBe(2);
    expect(registry.formVersion('housing.intake', 1)?.ui.order[0]).toBe('status');
    expect(registry.forms().filter((form) => form.key === 'housing.intake')).toHaveLength(1);
    expect(registry.moduleOf('housing.intake')?.key).toBe('housing');
    expect(registry.module('housing')?.title).toBe('Housing');
  });

  test('validates its answers, runs its rules and sets its flags', () => {
    expect(registry.validate('housing.intake', { tenure: 'homeless' }, 'submitted', ctx)).toEqual({ ok: true });
    expect(registry.validate('housing.intake', { moved_on: '2026-07-01' }, 'submitted', ctx)).toEqual({
      ok: false,
      errors: [
        { pointer: '/tenure', message: 'is required' },
        { pointer: '/moved_on', message: 'must not be in the future' },
      ],
    });
    expect(registry.flags('housing.intake', { tenure: 'homeless' })).toEqual(['homeless']);
    expect(registry.flags('housing.intake', { tenure: 'owner' })).toEqual([]);
  });

  test('moves answers stored under version 1 to version 2', () => {
    const stored = { status: 'temporary', nights_in_refuge: 12 };
    const migrated = registry.migrateAnswers('housing.intake', 1, stored);
    expect(migrated).toEqual({ tenure: 'temporary', nights_in_refuge: 12 });
    expect(stored).toEqual({ status: 'temporary', nights_in_refuge: 12 });
    expect(registry.validate('housing.intake', migrated, 'submitted', ctx)).toEqual({ ok: true });
    expect(registry.migrateAnswers('housing.intake', 2, migrated)).toEqual(migrated);
  });
});

describe('validation', () => {
  test('compiles each form version once and hands back the same validator', () => {
    const first = registry.compiled('core.intake', 'submitted');
    expect(registry.compiled('core.intake', 'submitted')).toBe(first);
    expect(registry.compiled('core.intake', 'submitted', 1)).toBe(first);
    expect(registry.compiled('core.intake', 'draft')).not.toBe(first);
    expect(registry.compiled('core.intake', 'draft')).toBe(registry.compiled('core.intake', 'draft'));
    expect(registry.compiled('housing.intake', 'submitted', 1)).not.toBe(
      registry.compiled('housing.intake', 'submitted'),
    );
  });

  test('answers that are not an object give one error for the whole', () => {
    for (const answers of [null, [], 'yes', 3]) {
      expect(registry.validate('core.intake', answers, 'draft', ctx)).toEqual({
        ok: false,
        errors: [{ pointer: '', message: 'must be a set of answers (a JSON object)' }],
      });
    }
  });

  test('never coerces, strips or fills in answers', () => {
    const answers = { ...coreExamples['core.intake'], age: '34' };
    const copy = structuredClone(answers);
    expect(registry.validate('core.intake', answers, 'submitted', ctx)).toEqual({
      ok: false,
      errors: [{ pointer: '/age', message: 'must be a whole number from 11 to 110' }],
    });
    expect(answers).toEqual(copy);
  });

  test('lists errors in the order of the questions, one per field', () => {
    const result = registry.validate(
      'core.intake',
      { age: 200, referral_source: 'bus', referral_date: 'soon', extra: 1 },
      'submitted',
      ctx,
    );
    expect(result.ok).toBe(false);
    const pointers = result.ok ? [] : result.errors.map((error) => error.pointer);
    expect(pointers).toEqual([
      '/referral_date',
      '/referral_source',
      '/consent_research',
      '/age',
      '/risk_level',
      '/extra',
    ]);
    expect(new Set(pointers).size).toBe(pointers.length);
  });

  test('an unknown form is an error naming it', () => {
    expect(() => registry.validate('core.nothing', {}, 'draft', ctx)).toThrow(UnknownFormError);
    expect(() => registry.score('core.nothing', {})).toThrow('core.nothing');
    expect(registry.form('core.nothing')).toBeUndefined();
  });
});

describe('registering modules', () => {
  test('the same module twice is refused', () => {
    expect(() => createRegistry([core, core])).toThrow('module core is registered twice');
  });

  test('an inconsistent module is refused at start-up even if defineModule was skipped', () => {
    const broken = { ...housingModule, key: 'Housing' };
    expect(() => createRegistry([broken])).toThrow(/key "Housing" must match/);
  });
});

describe('the data dictionary', () => {
  const dictionary = registry.dictionary();
  const entry = (key: string) => dictionary.find((candidate) => candidate.key === key);

  test('lists every field of every form with its codes and labels', () => {
    expect(entry('core.intake.referral_source')).toMatchObject({
      form: 'core.intake',
      module: 'core',
      version: 1,
      field: 'referral_source',
      type: 'code',
      required: true,
      derived: false,
    });
    expect(entry('core.intake.referral_source')?.codes).toContainEqual({ code: 'health_ae', label: 'Health: A&E' });
    expect(entry('core.intake.referral_source')?.codes).toHaveLength(18);
    expect(entry('core.intake.age')).toMatchObject({ type: 'integer', minimum: 11, maximum: 110, required: false });
    expect(entry('core.intake.disability_types')?.type).toBe('codes');
    expect(entry('core.intake.local_authority')).toMatchObject({ type: 'string', pattern: '^[EWSN][0-9]{8}$' });
    expect(entry('core.client_exit.comments')).toMatchObject({ type: 'text', maxLength: 2000, sensitive: true });
    const formKeys = new Set(registry.forms().map((form) => form.key));
    for (const form of formKeys) {
      const fields = Object.keys(registry.form(form)?.schema.properties as object);
      for (const field of fields) expect(entry(`${form}.${field}`)).toBeDefined();
    }
  });

  test('lists the fields of list items under their list', () => {
    expect(entry('children.intake.children')?.type).toBe('items');
    expect(entry('children.intake.children.age')).toMatchObject({
      field: 'children.age',
      parent: 'children.intake.children',
      type: 'integer',
      minimum: 0,
      maximum: 17,
    });
    expect(entry('children.intake.children.child_ref')?.required).toBe(true);
    expect(entry('children.exit.children.support_received')?.codes.map((code) => code.code)).toContain(
      'school_liaison',
    );
  });

  test('lists derived scores, bands and caseness', () => {
    expect(entry('mental-health.client_intake.phq9_total')).toMatchObject({ type: 'score', minimum: 0, maximum: 27 });
    expect(entry('mental-health.client_exit.phq9_band')?.codes.map((code) => code.code)).toEqual([
      'minimal',
      'mild',
      'moderate',
      'moderately_severe',
      'severe',
    ]);
    expect(entry('mental-health.client_exit.gad7_case')).toMatchObject({ type: 'caseness', derived: true });
    expect(entry('core.client_intake.who5_percent')).toMatchObject({ type: 'score', maximum: 100 });
  });

  test('keys are unique', () => {
    const keys = dictionary.map((candidate) => candidate.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
