/** The caller's worklist: what needs doing on their cases, each thing with its cases. */
import { dateTime, type Json, nullableDate, type Reply, strings, uuid } from './json-schema';

const caseLine = { caseId: uuid, reference: { type: ['string', 'null'] }, workerId: uuid } as const;
const CASE_LINE = ['caseId', 'reference', 'workerId'] as const;

const worklistCountsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['reviewsDue', 'clientQuestionnaires', 'followUpsUnanswered', 'flagged'],
  properties: {
    reviewsDue: { type: 'integer' },
    clientQuestionnaires: { type: 'integer' },
    followUpsUnanswered: { type: 'integer' },
    flagged: { type: 'integer' },
  },
} as const;

export const worklistSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['counts', 'reviewsDue', 'clientQuestionnaires', 'followUpsUnanswered', 'flagged'],
  properties: {
    counts: worklistCountsSchema,
    reviewsDue: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: [...CASE_LINE, 'reviewDueOn'],
        properties: { ...caseLine, reviewDueOn: nullableDate },
      },
    },
    clientQuestionnaires: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, required: CASE_LINE, properties: caseLine },
    },
    followUpsUnanswered: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: [...CASE_LINE, 'sentAt', 'status'],
        properties: { ...caseLine, sentAt: dateTime, status: { type: 'string', enum: ['sent', 'unanswered'] } },
      },
    },
    flagged: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: [...CASE_LINE, 'flags'],
        properties: { ...caseLine, flags: strings },
      },
    },
  },
} as const;

export type Worklist = Json<typeof worklistSchema>;
export type WorklistReply = Reply<typeof worklistSchema>;
