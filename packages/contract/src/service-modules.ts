/** A form module as a service sees it: what it is, its forms, and when it is active for the service. */
import { type Json, nullableDate, strings } from './json-schema';

export const serviceModuleSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'key',
    'title',
    'description',
    'version',
    'alwaysActive',
    'activeFrom',
    'activeTo',
    'activeToday',
    'forms',
  ],
  properties: {
    key: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    version: { type: 'integer' },
    alwaysActive: { type: 'boolean' },
    activeFrom: nullableDate,
    activeTo: nullableDate,
    activeToday: { type: 'boolean' },
    forms: strings,
  },
} as const;

export type ServiceModule = Json<typeof serviceModuleSchema>;
