/** A service (tenant) as the API shows it to its members and to the platform admin. */
import { type Json, nullableDate, type Reply, uuid } from './json-schema';

export const serviceSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'id',
    'name',
    'kind',
    'localAuthority',
    'sharesNationalDataset',
    'sharesNationalDatasetFrom',
    'namedInResearch',
    'settings',
  ],
  properties: {
    id: uuid,
    name: { type: 'string' },
    kind: { type: 'string' },
    localAuthority: { type: ['string', 'null'] },
    sharesNationalDataset: { type: 'boolean' },
    sharesNationalDatasetFrom: nullableDate,
    namedInResearch: { type: 'boolean' },
    settings: {
      type: 'object',
      properties: {
        riskHighFrom: { type: 'integer' },
        riskMediumFrom: { type: 'integer' },
        safeCaseloadPerFte: { type: 'integer' },
        retentionYears: { type: 'integer' },
        disclosureThreshold: { type: 'integer' },
        reviewIntervalMonths: { type: 'integer' },
        followUpMonths: { type: 'array', items: { type: 'integer' } },
      },
    },
  },
} as const;

export type Service = Json<typeof serviceSchema>;
export type ServiceReply = Reply<typeof serviceSchema>;
