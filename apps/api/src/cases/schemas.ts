/** Response schemas of cases and responses: allow-lists, so nothing else about a case leaves the server. */
import { dateTime, isoDate, problemSchema, uuid } from '../lib/schemas';

const nullableDate = { type: ['string', 'null'], format: 'date' } as const;
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;
const strings = { type: 'array', items: { type: 'string' } } as const;
const openObject = { type: 'object', additionalProperties: true } as const;

/** A form as the forms list and a case's offered forms describe it. */
export const formSummarySchema = {
  type: 'object',
  properties: {
    key: { type: 'string' },
    moduleKey: { type: 'string' },
    version: { type: 'integer' },
    stage: { type: 'string' },
    audience: { type: 'string' },
    title: { type: 'string' },
    perChild: { type: 'boolean', description: "answered for each child recorded on the case's children.intake" },
    ages: {
      type: 'object',
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
  submittedForms: strings,
  draftForms: strings,
  due: { type: 'array', items: { type: 'string', enum: ['intake', 'client_questionnaire', 'review'] } },
  lastReviewedOn: { ...nullableDate, description: 'the date of the latest submitted practitioner review' },
  reviewDueOn: {
    ...nullableDate,
    description:
      "when the next review falls due: the service's review interval after the latest review, or after opening",
  },
  createdAt: dateTime,
  updatedAt: dateTime,
} as const;

export const caseSummarySchema = { type: 'object', properties: caseSummaryProperties } as const;

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

export const responseSchema = { type: 'object', properties: responseProperties } as const;

export const caseDetailSchema = {
  type: 'object',
  properties: {
    ...caseSummaryProperties,
    responses: { type: 'array', items: responseSchema },
    reviews: {
      type: 'array',
      description: "The case's reviews in order: each occasion's date and its review forms by status",
      items: {
        type: 'object',
        properties: {
          occasion: { type: 'integer' },
          reviewDate: nullableDate,
          submittedForms: strings,
          draftForms: strings,
        },
      },
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

/** Client errors a case write may give besides the common ones. */
export const writeErrors = { 409: problemSchema, 422: problemSchema, 428: problemSchema } as const;
