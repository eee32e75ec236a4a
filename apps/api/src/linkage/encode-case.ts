/**
 * Encoding a case's identifiers at intake (or later): checked, normalised, encoded under the
 * region's current key, kept as a filter, and matched through the narrow door. The identifiers
 * live only in this request's memory: nothing here stores, logs or audits them, and errors name
 * the field without echoing its value.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import type { Tx } from '@harbour/db';
import { MATCH_THRESHOLD, normaliseIdentifiers } from '@harbour/linkage';
import { unprocessable } from '../lib/errors';
import type { MasterKey } from '../security/master-key';
import { matchCase, saveEncoding, serviceParticipation } from './linkage-store';
import type { LinkageKeyring } from './region-keys';
import type { LinkageReason } from './tables';

export type LinkageInput = {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  postcode?: string;
  /** The client agreed to the check. */
  consent: boolean;
  /** Why the check is made without consent: required then. */
  reason?: LinkageReason;
};

export const LINKAGE_REASONS = ['risk_of_serious_harm', 'child_protection', 'marac_referral', 'legal_duty'] as const;

export const linkageInputSchema = {
  type: 'object',
  required: ['firstName', 'lastName', 'dateOfBirth', 'consent'],
  additionalProperties: false,
  description:
    'The client\'s identifiers for the "known elsewhere" check: encoded at once and never stored, logged or audited.',
  properties: {
    firstName: { type: 'string', minLength: 1, maxLength: 100 },
    lastName: { type: 'string', minLength: 1, maxLength: 100 },
    dateOfBirth: { type: 'string', format: 'date' },
    postcode: { type: 'string', maxLength: 10 },
    consent: { type: 'boolean' },
    reason: { type: 'string', enum: LINKAGE_REASONS },
  },
} as const;

/** Twelve months before `today` (YYYY-MM-DD): the window a match must fall in. */
export function twelveMonthsBefore(today: string): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  return d.toISOString().slice(0, 10);
}

export type EncodeContext = {
  keyring: LinkageKeyring;
  serviceId: string;
  caseId: string;
  userId: string;
  today: string;
  ip: string;
  /** Where the identifiers sit in the request body, for error pointers ('' or '/identifiers'). */
  pointer: string;
};

/** Encodes and matches; returns how many new possible matches were shown. */
export async function encodeCase(tx: Tx, ctx: EncodeContext, input: LinkageInput): Promise<number> {
  const participation = await serviceParticipation(tx, ctx.serviceId);
  if (!participation?.optedIn) {
    throw unprocessable('This service does not take part in a linkage region', [
      { pointer: ctx.pointer || '/', message: 'leave the identifiers out: the service has not opted in to linkage' },
    ]);
  }
  if (!input.consent && !input.reason) {
    throw unprocessable('A reason is needed to check without the client’s consent', [
      {
        pointer: `${ctx.pointer}/reason`,
        message: `is required when consent is false (one of: ${LINKAGE_REASONS.join(', ')})`,
      },
    ]);
  }
  const normalised = normaliseIdentifiers(input, ctx.today);
  if (!normalised.identity) {
    throw unprocessable(
      'The identifiers could not be used',
      normalised.problems.map((p) => ({ pointer: `${ctx.pointer}/${p.field}`, message: p.message })),
    );
  }
  const encoder = await ctx.keyring.currentEncoder(tx, participation.regionId);
  const encoding = encoder.encode(normalised.identity);
  await saveEncoding(tx, {
    serviceId: ctx.serviceId,
    caseId: ctx.caseId,
    regionId: participation.regionId,
    encoding,
    consent: input.consent,
    reason: input.consent ? null : (input.reason ?? null),
    userId: ctx.userId,
  });
  return matchCase(tx, ctx.caseId, MATCH_THRESHOLD, twelveMonthsBefore(ctx.today), ctx.ip);
}

const digestKeys = new WeakMap<MasterKey, Buffer>();

/**
 * What an idempotency record may hold of the identifiers: an HMAC under a key derived from the
 * master key, so that a replayed request is recognised while a database dump cannot test guesses.
 */
export function identifiersDigest(master: MasterKey, input: LinkageInput): string {
  let key = digestKeys.get(master);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', master.key, Buffer.alloc(0), 'harbour linkage request digest v1', 32));
    digestKeys.set(master, key);
  }
  // in a fixed order, so that the same identifiers sent in another key order replay alike
  const fields = [
    input.firstName,
    input.lastName,
    input.dateOfBirth,
    input.postcode ?? null,
    input.consent,
    input.reason ?? null,
  ];
  return createHmac('sha256', key).update(JSON.stringify(fields)).digest('base64url');
}
