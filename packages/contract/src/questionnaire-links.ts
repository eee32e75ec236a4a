/** A case's one-time client questionnaire links, as the staff see them (never the token). */
import { dateTime, type Json, nullableDateTime, type Reply, uuid } from './json-schema';

export const linkStatuses = ['active', 'used', 'expired', 'revoked'] as const;

export const questionnaireLinkSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'id',
    'formKey',
    'childRef',
    'occasion',
    'language',
    'createdAt',
    'expiresAt',
    'status',
    'usedAt',
    'revokedAt',
  ],
  properties: {
    id: uuid,
    formKey: { type: 'string' },
    childRef: { type: ['string', 'null'], description: "the child a child's own questionnaire is for (C1, C2 …)" },
    occasion: { type: ['integer', 'null'], description: 'the review the link answers; null for a form answered once' },
    language: { type: 'string' },
    createdAt: dateTime,
    expiresAt: dateTime,
    status: { type: 'string', enum: linkStatuses },
    usedAt: nullableDateTime,
    revokedAt: nullableDateTime,
  },
} as const;

/** The answer to creating a link: the only time its token is seen, inside `url`. */
export const createdLinkSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'url', 'expiresAt', 'formKey', 'childRef', 'occasion', 'language'],
  properties: {
    id: uuid,
    url: { type: 'string' },
    expiresAt: dateTime,
    formKey: { type: 'string' },
    childRef: { type: ['string', 'null'] },
    occasion: { type: ['integer', 'null'] },
    language: { type: 'string' },
  },
} as const;

export type QuestionnaireLink = Json<typeof questionnaireLinkSchema>;
export type CreatedLink = Json<typeof createdLinkSchema>;
export type QuestionnaireLinkReply = Reply<typeof questionnaireLinkSchema>;
export type CreatedLinkReply = Reply<typeof createdLinkSchema>;
