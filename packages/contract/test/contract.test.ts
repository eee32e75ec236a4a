import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import {
  type CaseDetail,
  type CaseDetailReply,
  type CaseLinkage,
  type CaseSummary,
  caseDetailSchema,
  caseLinkageSchema,
  caseloadSchema,
  caseSummarySchema,
  childResponseSchema,
  type FollowUpState,
  type FormSummary,
  followUpStateSchema,
  formSummarySchema,
  type LinkageDisclosures,
  type LinkageParticipation,
  languageSchema,
  linkageDisclosuresSchema,
  linkageParticipationSchema,
  linkageRegionsSchema,
  memberSchema,
  type Project,
  projectSchema,
  type QuestionnaireLink,
  questionnaireLinkSchema,
  type Service,
  type ServiceModule,
  savedChildResponseSchema,
  savedResponseSchema,
  saveResponseBodySchema,
  serviceModuleSchema,
  serviceSchema,
  type Worklist,
  type WorklistReply,
  worklistSchema,
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

const worklist: Worklist = {
  counts: { reviewsDue: 1, clientQuestionnaires: 1, followUpsUnanswered: 1, flagged: 1 },
  reviewsDue: [{ caseId: summary.id, reference: 'H-0042', workerId: summary.workerId, reviewDueOn: '2025-06-10' }],
  clientQuestionnaires: [{ caseId: summary.id, reference: null, workerId: summary.workerId }],
  followUpsUnanswered: [
    {
      caseId: summary.id,
      reference: 'H-0042',
      workerId: summary.workerId,
      sentAt: '2025-09-01T09:00:00.000Z',
      status: 'unanswered',
    },
  ],
  flagged: [{ caseId: summary.id, reference: 'H-0042', workerId: summary.workerId, flags: ['self_harm'] }],
};

const followUp: FollowUpState = {
  recorded: true,
  consent: true,
  channel: 'email',
  safeTimes: ['weekday_morning'],
  hasCodeWord: true,
  nameService: false,
  endedAt: null,
  endedReason: null,
  nextDueOn: '2026-03-01',
  followUps: [
    {
      occasion: 1,
      months: 3,
      dueOn: '2025-12-01',
      channel: 'email',
      sentAt: '2025-12-01T09:00:00.000Z',
      status: 'answered',
    },
  ],
};

const linkage: CaseLinkage = {
  encoded: true,
  consent: true,
  reason: null,
  matches: [
    {
      id: '0b8f4c4e-1d7a-4c55-9a41-0c3c1f0e2a09',
      serviceName: 'Harbour South',
      serviceKind: 'idva',
      safeguardingContact: null,
      from: '2025-01-10',
      to: null,
      sameService: false,
      decision: null,
      shownAt: '2025-03-10T09:00:00.000Z',
    },
  ],
};

const service: Service = {
  id: summary.serviceId,
  name: 'Harbour North',
  kind: 'idva',
  localAuthority: 'E08000025',
  sharesNationalDataset: true,
  sharesNationalDatasetFrom: '2025-01-01',
  namedInResearch: false,
  settings: { reviewIntervalMonths: 3, followUpMonths: [3, 6] },
};

const participation: LinkageParticipation = {
  regionId: '0b8f4c4e-1d7a-4c55-9a41-0c3c1f0e2a10',
  regionName: 'West Midlands',
  optedIn: true,
  safeguardingContact: 'Duty desk 0121 496 0000',
};

const disclosures: LinkageDisclosures = {
  items: [
    {
      matchId: '0b8f4c4e-1d7a-4c55-9a41-0c3c1f0e2a09',
      caseId: summary.id,
      reference: 'H-0042',
      shownToService: 'Harbour South',
      shownAt: '2025-03-10T09:00:00.000Z',
    },
  ],
};

const mentalHealth: ServiceModule = {
  key: 'mental-health',
  title: 'Mental health',
  description: 'PHQ-9 and GAD-7 at intake and exit',
  version: 1,
  alwaysActive: false,
  activeFrom: '2025-06-01',
  activeTo: null,
  activeToday: true,
  forms: ['mental-health.intake', 'mental-health.exit'],
};

const project: Project = {
  id: '0b8f4c4e-1d7a-4c55-9a41-0c3c1f0e2a11',
  name: 'Hospital Idva pilot',
  funder: 'Integrated care board',
  startsOn: '2025-04-01',
  endsOn: null,
  sections: ['headline'],
  workerIds: [summary.workerId],
  practitionerRoles: ['hospital_idva'],
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
    worklistSchema,
    followUpStateSchema,
    caseLinkageSchema,
    serviceSchema,
    linkageParticipationSchema,
    linkageDisclosuresSchema,
    linkageRegionsSchema,
    serviceModuleSchema,
    projectSchema,
  ]) {
    expect(() => ajv.compile(schema)).not.toThrow();
  }
});

test('a value of each derived type is valid against the schema it was derived from', () => {
  expect(errorsOf(caseSummarySchema, summary)).toEqual([]);
  expect(errorsOf(caseDetailSchema, detail)).toEqual([]);
  expect(errorsOf(caseloadSchema, { items: [summary], nextCursor: null })).toEqual([]);
  expect(errorsOf(questionnaireLinkSchema, link)).toEqual([]);
  expect(errorsOf(worklistSchema, worklist)).toEqual([]);
  expect(errorsOf(followUpStateSchema, followUp)).toEqual([]);
  expect(errorsOf(caseLinkageSchema, linkage)).toEqual([]);
  expect(errorsOf(serviceSchema, service)).toEqual([]);
  expect(errorsOf(serviceModuleSchema, mentalHealth)).toEqual([]);
  expect(errorsOf(projectSchema, project)).toEqual([]);
  expect(errorsOf(linkageParticipationSchema, participation)).toEqual([]);
  expect(errorsOf(linkageDisclosuresSchema, disclosures)).toEqual([]);
  expect(
    errorsOf(linkageRegionsSchema, {
      items: [
        {
          id: participation.regionId,
          name: 'West Midlands',
          services: [{ serviceId: summary.serviceId, name: 'Harbour North', optedIn: true }],
        },
      ],
    }),
  ).toEqual([]);
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
  // the address and the code word never leave the server: only whether a code word is set
  expect(errorsOf(followUpStateSchema, { ...followUp, codeWord: 'bluebell' })).toEqual([
    ' must NOT have additional properties',
  ]);
  expect(
    errorsOf(worklistSchema, {
      ...worklist,
      followUpsUnanswered: [{ ...worklist.followUpsUnanswered[0], status: 'lost' }],
    }),
  ).toEqual(['/followUpsUnanswered/0/status must be equal to one of the allowed values']);
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
  // @ts-expect-error a worklist names each of its counts
  const uncounted: Worklist = { ...worklist, counts: { reviewsDue: 1 } };
  // and a Date as a follow-up's sentAt
  const sent: WorklistReply = {
    ...worklist,
    followUpsUnanswered: [
      { caseId: summary.id, reference: null, workerId: summary.workerId, sentAt: new Date(), status: 'sent' },
    ],
  };
  expect([missing, dated, stage, built, uncounted, sent]).toHaveLength(6);
});
