import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import {
  type CaseDetail,
  type CaseDetailReply,
  type CaseSummary,
  caseDetailSchema,
  caseloadSchema,
  caseSummarySchema,
  childResponseSchema,
  type FormSummary,
  formSummarySchema,
  languageSchema,
  memberSchema,
  type QuestionnaireLink,
  questionnaireLinkSchema,
  savedChildResponseSchema,
  savedResponseSchema,
  saveResponseBodySchema,
} from '../src';

const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true });
addFormats(ajv);

const summary: CaseSummary = {
  id: '0b8f4c4e-1d7a-4c55-9a41-0c3c1f0e2a01',
  serviceId: '0b8f4c4e-1d7a-4c55-9a41-0c3c1f0e2a02',
  reference: 'H-0042',
  workerId: '0b8f4c4e-1d7a-4c55-9a41-0c3c1f0e2a03',
  workerName: 'Asha Idva',
  practitionerRole: 'idva',
  openedAt: '2025-03-10',
  closedAt: null,
  status: 'open',
  flags: [],
  consentResearch: true,
  sharedWithService: false,
  projectId: null,
  submittedForms: ['core.intake'],
  draftForms: [],
  due: ['client_questionnaire'],
  lastReviewedOn: null,
  reviewDueOn: '2025-06-10',
  createdAt: '2025-03-10T09:00:00.000Z',
  updatedAt: '2025-03-10T09:05:00.000Z',
};

const intake: FormSummary = {
  key: 'core.intake',
  moduleKey: 'core',
  version: 1,
  stage: 'intake',
  audience: 'practitioner',
  title: 'Intake',
};

const childQuestionnaire: FormSummary = {
  key: 'children.voice_8_12_intake',
  moduleKey: 'children',
  version: 1,
  stage: 'intake',
  audience: 'client',
  title: 'How are things for you?',
  perChild: true,
  ages: { from: 8, to: 12 },
};

const detail: CaseDetail = {
  ...summary,
  responses: [
    {
      formKey: 'core.intake',
      occasion: null,
      moduleKey: 'core',
      version: 1,
      status: 'submitted',
      source: 'practitioner',
      answers: { age: 34 },
      scores: {},
      revision: 2,
      updatedAt: '2025-03-10T09:05:00.000Z',
      submittedAt: '2025-03-10T09:05:00.000Z',
    },
  ],
  reviews: [],
  forms: [intake],
  childForms: [childQuestionnaire],
};

const link: QuestionnaireLink = {
  id: '0b8f4c4e-1d7a-4c55-9a41-0c3c1f0e2a04',
  formKey: 'core.client_intake',
  childRef: null,
  occasion: null,
  language: 'en',
  createdAt: '2025-03-10T09:00:00.000Z',
  expiresAt: '2025-03-13T09:00:00.000Z',
  status: 'active',
  usedAt: null,
  revokedAt: null,
};

const errorsOf = (schema: object, value: unknown) => {
  const validate = ajv.compile(schema);
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
};

test('every shape is a valid JSON Schema under ajv strict mode', () => {
  for (const schema of [
    caseSummarySchema,
    caseDetailSchema,
    caseloadSchema,
    childResponseSchema,
    savedChildResponseSchema,
    formSummarySchema,
    savedResponseSchema,
    saveResponseBodySchema,
    questionnaireLinkSchema,
    memberSchema,
    languageSchema,
  ]) {
    expect(() => ajv.compile(schema)).not.toThrow();
  }
});

test('a value of each derived type is valid against the schema it was derived from', () => {
  expect(errorsOf(caseSummarySchema, summary)).toEqual([]);
  expect(errorsOf(caseDetailSchema, detail)).toEqual([]);
  expect(errorsOf(caseloadSchema, { items: [summary], nextCursor: null })).toEqual([]);
  expect(errorsOf(questionnaireLinkSchema, link)).toEqual([]);
});

test('the schemas are allow-lists that name what every answer carries', () => {
  const { reviewDueOn: _left, ...withoutReviewDue } = summary;
  expect(errorsOf(caseSummarySchema, withoutReviewDue)).toEqual([" must have required property 'reviewDueOn'"]);
  expect(errorsOf(caseSummarySchema, { ...summary, clientName: 'never sent' })).toEqual([
    ' must NOT have additional properties',
  ]);
  expect(errorsOf(caseDetailSchema, { ...detail, forms: [{ ...intake, stage: 'later' }] })).toEqual([
    '/forms/0/stage must be equal to one of the allowed values',
  ]);
  expect(errorsOf(caseDetailSchema, { ...detail, childForms: [{ ...childQuestionnaire, ages: { from: 8 } }] })).toEqual(
    ["/childForms/0/ages must have required property 'to'"],
  );
});

test('the types follow the schemas: a field left out, a Date on the wire or an unknown stage does not compile', () => {
  // @ts-expect-error reviewDueOn is required
  const missing: CaseSummary = { ...summary, reviewDueOn: undefined };
  // @ts-expect-error a client reads date-times as strings
  const dated: CaseSummary = { ...summary, createdAt: new Date() };
  // @ts-expect-error stage is one of the form stages
  const stage: FormSummary = { ...intake, stage: 'later' };
  // a handler may hand the serialiser a Date, which it writes as its ISO string
  const built: CaseDetailReply = { ...detail, createdAt: new Date(), updatedAt: new Date() };
  expect([missing, dated, stage, built]).toHaveLength(4);
});
