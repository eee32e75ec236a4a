/** JSON Schema pieces shared by route schemas. */
import { dateTime, isoDate, uuid } from '@harbour/contract';

export { dateTime, isoDate, uuid };

export const problemSchema = {
  type: 'object',
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { type: 'string' },
    details: {
      type: 'array',
      items: { type: 'object', properties: { pointer: { type: 'string' }, message: { type: 'string' } } },
    },
  },
} as const;

/** Error responses every authenticated route may give. */
export const errorResponses = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  415: problemSchema,
  429: problemSchema,
} as const;

/** Client errors a case write may give besides the common ones. */
export const writeErrors = { 409: problemSchema, 422: problemSchema, 428: problemSchema } as const;

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: uuid },
  additionalProperties: false,
} as const;

export const serviceKinds = [
  'idva',
  'outreach',
  'refuge',
  'children',
  'young_people',
  'sexual_violence',
  'housing',
  'other',
] as const;
export const practitionerRoles = ['idva', 'ypva', 'outreach', 'refuge', 'children', 'hospital_idva', 'other'] as const;
