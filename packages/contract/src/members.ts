/** A service's members as the administration routes list them. */
import type { Json } from './json-schema';
import { uuid } from './json-schema';

export const memberRoles = ['practitioner', 'manager'] as const;

export const memberSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['userId', 'email', 'name', 'role', 'practitionerRole', 'fte', 'disabled'],
  properties: {
    userId: uuid,
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', enum: memberRoles },
    practitionerRole: { type: ['string', 'null'] },
    fte: { type: 'number' },
    disabled: { type: 'boolean' },
  },
} as const;

export type Member = Json<typeof memberSchema>;
