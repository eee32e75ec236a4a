import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  answersOfQuestionnaireResponse,
  createRegistry,
  type FhirQuestionnaireItem,
  type FormDefinition,
  parseRedcapChoices,
  QuestionnaireResponseError,
  questionnaireOf,
  questionnaireResponseOf,
  REDCAP_COLUMNS,
  redcapCells,
  redcapDictionaryOf,
} from '@harbour/forms';
import children, { examples as childrenExamples } from '@harbour/module-children';
import core, { examples as coreExamples } from '@harbour/module-core';
import mentalHealth, { examples as mentalHealthExamples } from '@harbour/module-mental-health';
import migration, { examples as migrationExamples } from '@harbour/module-migration';
import Ajv, { type ValidateFunction } from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import housingModule from 'harbour-module-housing';

const modules = [core, mentalHealth, migration, children, housingModule];
const registry = createRegistry(modules);
const examples: Record<string, Record<string, unknown>> = {
  ...coreExamples,
  ...mentalHealthExamples,
  ...migrationExamples,
  ...childrenExamples,
};
/** Every version of every form of every module, not only the latest. */
const everyForm: FormDefinition[] = registry.modules().flatMap((module) => module.forms);

/**
 * HL7's FHIR R4 JSON schema (draft-06), vendored unchanged (fhir-r4/README.md says from where).
 * Its root `id` is draft-04 style, which Ajv 8 does not read, so it is registered by name.
 */
let fhirResource: ValidateFunction;
beforeAll(() => {
  const file = join(__dirname, 'fhir-r4', 'fhir.schema.json.gz');
  const { id: _id, ...schema } = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addMetaSchema(draft06);
  fhirResource = ajv.compile(schema);
});

const problemsOf = (resource: unknown) =>
  fhirResource(resource) ? [] : (fhirResource.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

function flatItems(items: FhirQuestionnaireItem[]): FhirQuestionnaireItem[] {
  return items.flatMap((item) => [item, ...flatItems(item.item ?? [])]);
}

describe('a form as a FHIR R4 Questionnaire', () => {
  test.each(everyForm.map((form) => [`${form.key} v${form.version}`, form] as const))(
    '%s validates against the FHIR R4 JSON schema',
    (_name, form) => {
      const questionnaire = questionnaireOf(form);
      expect(problemsOf(questionnaire)).toEqual([]);
      expect(questionnaire.version).toBe(String(form.version));
    },
  );

  test('the schema validation can fail: a Questionnaire with an unknown item type is rejected', () => {
    const questionnaire = questionnaireOf(registry.form('core.intake')!);
    const broken = { ...questionnaire, item: [{ linkId: 'x', type: 'colour', text: 'x' }] };
    expect(problemsOf(broken).length).toBeGreaterThan(0);
    expect(problemsOf({ ...questionnaire, status: 'finished' }).length).toBeGreaterThan(0);
  });

  test('items carry codes and labels, required from the schema and enableWhen from showWhen', () => {
    const items = flatItems(questionnaireOf(registry.form('core.intake')!).item);
    const source = items.find((item) => item.linkId === 'referral_source')!;
    expect(source).toMatchObject({ type: 'choice', required: true });
    const options = registry.form('core.intake')!.ui.fields.referral_source!.options!;
    expect(source.answerOption!.map((o) => [o.valueCoding.code, o.valueCoding.display])).toEqual(
      Object.entries(options),
    );

    const types = items.find((item) => item.linkId === 'disability_types')!;
    expect(types).toMatchObject({ type: 'choice', repeats: true, required: true });
    expect(types.enableWhen).toEqual([
      {
        question: 'disability',
        operator: '=',
        answerCoding: { system: 'urn:harbour:code:core.intake.disability', code: 'yes' },
      },
    ]);
    const repeat = items.find((item) => item.linkId === 'marac_repeat')!;
    expect(repeat.enableWhen).toEqual([{ question: 'marac_referral', operator: '=', answerBoolean: true }]);
    expect(items.find((item) => item.linkId === 'age')?.required).toBeUndefined();

    const phq = flatItems(questionnaireOf(registry.form('mental-health.client_intake')!).item);
    expect(phq.find((item) => item.linkId === 'phq9_1')!.answerOption!.map((o) => o.valueCoding.code)).toEqual([
      '0',
      '1',
      '2',
      '3',
    ]);
    const childItems = flatItems(questionnaireOf(registry.form('children.intake')!).item);
    expect(childItems.find((item) => item.linkId === 'children')).toMatchObject({ type: 'group', repeats: true });
    expect(childItems.find((item) => item.linkId === 'children.child_ref')).toMatchObject({ required: true });
  });
});

describe('a response as a FHIR R4 QuestionnaireResponse', () => {
  test.each(Object.entries(examples))('%s round-trips to the same answers', (formKey, answers) => {
    const form = registry.form(formKey)!;
    const response = questionnaireResponseOf(form, answers, { status: 'submitted', authored: '2025-03-04T10:00:00Z' });
    expect(problemsOf(response)).toEqual([]);
    const back = answersOfQuestionnaireResponse(form, JSON.parse(JSON.stringify(response)));
    expect(back).toEqual(answers);
    expect(registry.compiled(formKey, 'submitted')(back)).toBe(true);
  });

  test('a coded integer is a Coding and comes back an integer', () => {
    const form = registry.form('mental-health.client_intake')!;
    const response = questionnaireResponseOf(form, { phq9_1: 2 }, { status: 'draft' });
    expect(response.status).toBe('in-progress');
    expect(response.item[0]!.answer).toEqual([
      {
        valueCoding: {
          system: 'urn:harbour:code:mental-health.client_intake.phq9_1',
          code: '2',
          display: 'On more than half the days',
        },
      },
    ]);
    expect(answersOfQuestionnaireResponse(form, response)).toEqual({ phq9_1: 2 });
  });

  test('an unknown question or code is named by its linkId', () => {
    const form = registry.form('mental-health.client_intake')!;
    const read = () =>
      answersOfQuestionnaireResponse(form, {
        item: [
          { linkId: 'phq9_1', answer: [{ valueCoding: { system: 'x', code: '7' } }] },
          { linkId: 'shoe_size', answer: [{ valueInteger: 5 }] },
        ],
      });
    expect(read).toThrow(QuestionnaireResponseError);
    expect(read).toThrow(/phq9_1: must answer with the codes 0, 1, 2, 3; shoe_size: is not a question of this form/);
  });
});

describe('a module as a REDCap data dictionary', () => {
  test.each(modules.map((module) => [module.key, module] as const))(
    '%s: unique field names, REDCap types, and choices that parse back to the codes and labels',
    (_key, module) => {
      const rows = redcapDictionaryOf(module);
      expect(rows[0]!.field).toBe('record_id');
      const names = rows.map((row) => row.field);
      expect(new Set(names).size).toBe(names.length);
      for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
      for (const row of rows) expect(redcapCells(row)).toHaveLength(REDCAP_COLUMNS.length);
      const entries = registry.dictionary().filter((entry) => entry.module === module.key && !entry.derived);
      for (const entry of entries.filter((e) => e.codes.length > 0)) {
        const row = rows.find((r) => r.annotation === `@harbour ${entry.key}`);
        expect(row).toBeDefined();
        expect(parseRedcapChoices(row!.choices)).toEqual(entry.codes);
      }
    },
  );

  test('types, validation, branching logic and required fields follow the schema', () => {
    const rows = redcapDictionaryOf(core);
    const row = (field: string) => rows.find((r) => r.annotation === `@harbour core.intake.${field}`)!;
    expect(row('referral_date')).toMatchObject({ type: 'text', validation: 'date_ymd', required: true });
    expect(row('disability_types')).toMatchObject({ type: 'checkbox', branching: "[disability] = 'yes'" });
    expect(row('marac_repeat')).toMatchObject({ type: 'yesno', branching: "[marac_referral] = '1'" });
    expect(row('dash_score')).toMatchObject({ field: 'intake_dash_score', validation: 'integer', min: '0', max: '24' });
    const childRows = redcapDictionaryOf(children);
    expect(childRows.find((r) => r.field === 'intake_children_age')).toMatchObject({
      form: 'intake_children',
      validation: 'integer',
      min: '0',
      max: '17',
    });
  });

  test('a label with commas survives the choices round trip', () => {
    const options = [
      { code: 'a', label: 'Police, fire or ambulance' },
      { code: 'b', label: 'Other' },
    ];
    expect(parseRedcapChoices('a, Police, fire or ambulance | b, Other')).toEqual(options);
  });
});
