/**
 * A case's follow-up after closure as practitioners see it: the client's choice (never the
 * address or code word, only whether one is set), each follow-up sent, and when the next falls due.
 */
import { dateTime, isoDate, type Json, nullableDate, nullableDateTime, type Reply, strings } from './json-schema';

export const followUpStatuses = ['sent', 'answered', 'unanswered', 'cancelled'] as const;

const followUpSentSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['occasion', 'months', 'dueOn', 'channel', 'sentAt', 'status'],
  properties: {
    occasion: { type: 'integer' },
    months: { type: 'integer' },
    dueOn: isoDate,
    channel: { type: 'string' },
    sentAt: dateTime,
    status: { type: 'string', enum: followUpStatuses },
  },
} as const;

export const followUpStateSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'recorded',
    'consent',
    'channel',
    'safeTimes',
    'hasCodeWord',
    'nameService',
    'endedAt',
    'endedReason',
    'nextDueOn',
    'followUps',
  ],
  properties: {
    recorded: { type: 'boolean' },
    consent: { type: ['boolean', 'null'] },
    channel: { type: ['string', 'null'], enum: ['email', 'sms', null] },
    safeTimes: strings,
    hasCodeWord: { type: 'boolean' },
    nameService: { type: 'boolean' },
    endedAt: nullableDateTime,
    endedReason: { type: ['string', 'null'], enum: ['not_safe', 'unanswered', null] },
    nextDueOn: nullableDate,
    followUps: { type: 'array', items: followUpSentSchema },
  },
} as const;

export type FollowUpState = Json<typeof followUpStateSchema>;
export type FollowUpStateReply = Reply<typeof followUpStateSchema>;
