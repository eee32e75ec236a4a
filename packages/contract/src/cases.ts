/**
 * The cases API's answers: a case's caseload line, the whole case with its responses, reviews
 * and offered forms, and a saved response. Response schemas are allow-lists (no additional
 * properties), so nothing else about a case leaves the server; `required` names what every
 * answer carries.
 */
import {
  dateTime,
  isoDate,
  type Json,
  nullableDate,
  nullableDateTime,
  openObject,
  type Reply,
  strings,
  uuid,
} from './json-schema';

export const formStages = ['intake', 'review', 'exit', 'follow_up'] as const;
export const formAudiences = ['practitioner', 'client'] as const;
export const dueItems = ['intake', 'client_questionnaire', 'review'] as const;

/** A form as the forms list and a case's offered forms describe it. */
export const formSummarySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'moduleKey', 'version', 'stage', 'audience', 'title'],
  properties: {
    key: { type: 'string' },
    moduleKey: { type: 'string' },
    version: { type: 'integer', description: "the form's version: its definition, not a saved response's" },
    stage: { type: 'string', enum: formStages },
    audience: { type: 'string', enum: formAudiences },
    title: { type: 'string' },
    perChild: { type: 'boolean', description: "answered for each child recorded on the case's children.intake" },
    ages: {
      type: 'object',
      additionalProperties: false,
      required: ['from', 'to'],
      description: "a child's own questionnaire: the ages it is written for",
      properties: { from: { type: 'integer' }, to: { type: 'integer' } },
    },
  },
} as const;

export const caseSummaryProperties = {
  id: uuid,
  serviceId: uuid,
  reference: { type: ['string', 'null'] },
  workerId: uuid,
  workerName: { type: 'string' },
  practitionerRole: { type: ['string', 'null'] },
  openedAt: isoDate,
  closedAt: nullableDate,
  status: { type: 'string', enum: ['open', 'closed'] },
  flags: strings,
  consentResearch: { type: ['boolean', 'null'] },
  sharedWithService: { type: 'boolean' },
  projectId: {
    type: ['string', 'null'],
    description: "the project the case is assigned to on the case itself; null: its workers' and roles' projects",
  },
  submittedForms: strings,
  draftForms: strings,
  due: { type: 'array', items: { type: 'string', enum: dueItems } },
  lastReviewedOn: { ...nullableDate, description: 'the date of the latest submitted practitioner review' },
  reviewDueOn: {
    ...nullableDate,
    description:
      "when the next review falls due: the service's review interval after the latest review, or after opening",
  },
  createdAt: dateTime,
  updatedAt: dateTime,
} as const;

const caseSummaryRequired = Object.keys(caseSummaryProperties) as (keyof typeof caseSummaryProperties)[];

/** A case's line in the caseload, and the answer to opening or closing it. */
export const caseSummarySchema = {
  type: 'object',
  additionalProperties: false,
  required: caseSummaryRequired,
  properties: caseSummaryProperties,
} as const;

export const responseProperties = {
  formKey: { type: 'string' },
  occasion: {
    type: ['integer', 'null'],
    description:
      'the review (or follow-up) number for a form answered on numbered occasions; null for a form answered once',
  },
  moduleKey: { type: 'string' },
  version: { type: 'integer', description: 'the version of the form the answers were stored under' },
  status: { type: 'string', enum: ['draft', 'submitted'] },
  source: { type: 'string', enum: ['practitioner', 'client', 'import'] },
  answers: openObject,
  scores: openObject,
  revision: { type: 'integer', description: 'send it back with the next save of this response' },
  updatedAt: dateTime,
  submittedAt: nullableDateTime,
} as const;

const responseRequired = Object.keys(responseProperties) as (keyof typeof responseProperties)[];

/** A stored response as a case shows it. */
export const responseSchema = {
  type: 'object',
  additionalProperties: false,
  required: responseRequired,
  properties: responseProperties,
} as const;

/** The answer to saving a response: the response, and the case's flags after the save. */
export const savedResponseSchema = {
  type: 'object',
  additionalProperties: false,
  required: [...responseRequired, 'caseFlags'],
  properties: { ...responseProperties, caseFlags: strings },
} as const;

/** One review occasion of a case: its date and its review forms by status. */
export const reviewSummarySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['occasion', 'reviewDate', 'submittedForms', 'draftForms'],
  properties: {
    occasion: { type: 'integer' },
    reviewDate: nullableDate,
    submittedForms: strings,
    draftForms: strings,
  },
} as const;

/** The whole case: its caseload line, every response, its reviews, the forms offered to it and to each of its children. */
export const caseDetailSchema = {
  type: 'object',
  additionalProperties: false,
  required: [...caseSummaryRequired, 'responses', 'reviews', 'forms', 'childForms'],
  properties: {
    ...caseSummaryProperties,
    responses: { type: 'array', items: responseSchema },
    reviews: {
      type: 'array',
      description: "The case's reviews in order: each occasion's date and its review forms by status",
      items: reviewSummarySchema,
    },
    forms: { type: 'array', items: formSummarySchema },
    childForms: {
      type: 'array',
      items: formSummarySchema,
      description:
        "forms answered for each child recorded on the case's children.intake (their own questionnaires, the child's words)",
    },
  },
} as const;

/** A page of the caseload. */
export const caseloadSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['items', 'nextCursor'],
  properties: {
    items: { type: 'array', items: caseSummarySchema },
    nextCursor: { type: ['string', 'null'] },
  },
} as const;

export type FormSummary = Json<typeof formSummarySchema>;
export type CaseSummary = Json<typeof caseSummarySchema>;
export type StoredResponse = Json<typeof responseSchema>;
export type SavedResponse = Json<typeof savedResponseSchema>;
export type ReviewSummary = Json<typeof reviewSummarySchema>;
export type CaseDetail = Json<typeof caseDetailSchema>;
export type Caseload = Json<typeof caseloadSchema>;

/** What the API's handlers build; the serialiser turns their `Date`s into the strings above. */
export type CaseSummaryReply = Reply<typeof caseSummarySchema>;
export type SavedResponseReply = Reply<typeof savedResponseSchema>;
export type CaseDetailReply = Reply<typeof caseDetailSchema>;
export type CaseloadReply = Reply<typeof caseloadSchema>;

/** What a save of a response sends: `revision` is the one last seen, left out only at the first save. */
export const saveResponseBodySchema = {
  type: 'object',
  required: ['answers', 'status'],
  additionalProperties: false,
  properties: {
    answers: { type: 'object' },
    status: { type: 'string', enum: ['draft', 'submitted'] },
    revision: { type: 'integer', minimum: 0 },
  },
} as const;

export type SaveResponseBody = Json<typeof saveResponseBodySchema>;
