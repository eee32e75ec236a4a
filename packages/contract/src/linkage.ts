/**
 * "Known elsewhere" on a case (docs/linkage.md): whether its client was checked against the
 * region, and the services that possibly supported them in the last 12 months, as the case's
 * service may see them.
 */
import { dateTime, isoDate, type Json, nullableDate, type Reply, uuid } from './json-schema';

const linkageMatchSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'id',
    'serviceName',
    'serviceKind',
    'safeguardingContact',
    'from',
    'to',
    'sameService',
    'decision',
    'shownAt',
  ],
  properties: {
    id: uuid,
    serviceName: { type: 'string' },
    serviceKind: { type: 'string' },
    safeguardingContact: { type: ['string', 'null'] },
    from: isoDate,
    to: nullableDate,
    sameService: { type: 'boolean' },
    decision: { type: ['string', 'null'], enum: ['confirmed', 'rejected', null] },
    shownAt: dateTime,
  },
} as const;

export const caseLinkageSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['encoded', 'consent', 'reason', 'matches'],
  properties: {
    encoded: { type: 'boolean' },
    consent: { type: ['boolean', 'null'] },
    reason: { type: ['string', 'null'] },
    matches: { type: 'array', items: linkageMatchSchema },
  },
} as const;

export type CaseLinkage = Json<typeof caseLinkageSchema>;
export type CaseLinkageReply = Reply<typeof caseLinkageSchema>;

/** A linkage region (a Marac or police force area) and its services, as the platform admin sees it. */
export const linkageRegionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'services'],
  properties: {
    id: uuid,
    name: { type: 'string' },
    services: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['serviceId', 'name', 'optedIn'],
        properties: { serviceId: uuid, name: { type: 'string' }, optedIn: { type: 'boolean' } },
      },
    },
  },
} as const;

export const linkageRegionsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['items'],
  properties: { items: { type: 'array', items: linkageRegionSchema } },
} as const;

/** A service's part in linkage, as its managers see it: its region, whether it takes part, its safeguarding contact. */
export const linkageParticipationSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['regionId', 'regionName', 'optedIn', 'safeguardingContact'],
  properties: {
    regionId: { type: ['string', 'null'] },
    regionName: { type: ['string', 'null'] },
    optedIn: { type: 'boolean' },
    safeguardingContact: { type: ['string', 'null'] },
  },
} as const;

/** Which of a service's cases were shown to which service as a possible match, newest first. */
export const linkageDisclosuresSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['matchId', 'caseId', 'reference', 'shownToService', 'shownAt'],
        properties: {
          matchId: uuid,
          caseId: uuid,
          reference: { type: ['string', 'null'] },
          shownToService: { type: 'string' },
          shownAt: dateTime,
        },
      },
    },
  },
} as const;

export type LinkageRegion = Json<typeof linkageRegionSchema>;
export type LinkageRegions = Json<typeof linkageRegionsSchema>;
export type LinkageParticipation = Json<typeof linkageParticipationSchema>;
export type LinkageDisclosures = Json<typeof linkageDisclosuresSchema>;
export type LinkageDisclosure = LinkageDisclosures['items'][number];
export type LinkageDisclosureReply = Reply<typeof linkageDisclosuresSchema>['items'][number];
