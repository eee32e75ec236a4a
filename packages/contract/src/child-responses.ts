/**
 * A child's own responses on a case, by the child's reference on the case's children.intake:
 * their questionnaires (answered through a link) and the practitioner's record of their words.
 */
import { dateTime, type Json, openObject, type Reply, strings } from './json-schema';

export const childResponseProperties = {
  childRef: { type: 'string', description: "the child's reference, C1, C2 …" },
  formKey: { type: 'string' },
  moduleKey: { type: 'string' },
  version: { type: 'integer', description: 'the version of the form the answers were stored under' },
  source: { type: 'string', enum: ['practitioner', 'client'] },
  answers: openObject,
  scores: openObject,
  revision: { type: 'integer', description: 'send it back with the next save of this response' },
  submittedAt: dateTime,
} as const;

const childResponseRequired = Object.keys(childResponseProperties) as (keyof typeof childResponseProperties)[];

/** A stored child response as the child's page reads it. */
export const childResponseSchema = {
  type: 'object',
  additionalProperties: false,
  required: childResponseRequired,
  properties: childResponseProperties,
} as const;

/** The answer to saving a child response: the response, and the case's flags after the save. */
export const savedChildResponseSchema = {
  type: 'object',
  additionalProperties: false,
  required: [...childResponseRequired, 'caseFlags'],
  properties: { ...childResponseProperties, caseFlags: strings },
} as const;

export type ChildResponse = Json<typeof childResponseSchema>;
export type SavedChildResponse = Json<typeof savedChildResponseSchema>;
export type ChildResponseReply = Reply<typeof childResponseSchema>;
export type SavedChildResponseReply = Reply<typeof savedChildResponseSchema>;
