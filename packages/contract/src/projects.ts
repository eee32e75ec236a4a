/**
 * A project of a service (a funded piece of work, docs/reports.md "Projects and templates"): its dates, the
 * report sections its funder reads, and the workers and practitioner roles whose cases it holds.
 */
import { isoDate, type Json, nullableDate, strings, uuid } from './json-schema';

export const projectSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'funder', 'startsOn', 'endsOn', 'sections', 'workerIds', 'practitionerRoles'],
  properties: {
    id: uuid,
    name: { type: 'string' },
    funder: { type: ['string', 'null'] },
    startsOn: isoDate,
    endsOn: nullableDate,
    sections: strings,
    workerIds: { type: 'array', items: uuid },
    practitionerRoles: strings,
  },
} as const;

export type Project = Json<typeof projectSchema>;
