/**
 * The client's follow-up choice recorded at exit (`PUT /cases/:id/follow-up`): its body schema
 * and the rules past the schema, in one place so that the API and the synthetic data generator
 * accept exactly the same choices.
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';

export type FollowUpChannel = 'email' | 'sms';
export const SAFE_TIMES = ['weekday_morning', 'weekday_afternoon', 'weekday_evening', 'weekend'] as const;
export type SafeTime = (typeof SAFE_TIMES)[number];

export type FollowUpChoiceBody = {
  consent: boolean;
  channel?: FollowUpChannel;
  email?: string;
  mobile?: string;
  safeTimes?: SafeTime[];
  codeWord?: string;
  nameService?: boolean;
};

export type FollowUpChoice =
  | { consent: false }
  | {
      consent: true;
      channel: FollowUpChannel;
      /** The email address or mobile number, as given without spaces. */
      address: string;
      safeTimes: SafeTime[];
      codeWord?: string;
      nameService: boolean;
    };

export const followUpChoiceBodySchema = {
  type: 'object',
  required: ['consent'],
  additionalProperties: false,
  properties: {
    consent: { type: 'boolean' },
    channel: { type: 'string', enum: ['email', 'sms'] },
    email: { type: 'string', minLength: 3, maxLength: 254 },
    mobile: { type: 'string', minLength: 10, maxLength: 20 },
    safeTimes: { type: 'array', items: { type: 'string', enum: [...SAFE_TIMES] }, maxItems: 4 },
    codeWord: { type: 'string', minLength: 1, maxLength: 50, pattern: '^[^\\r\\n]*$' },
    nameService: { type: 'boolean' },
  },
} as const;

/** A UK mobile number, spaces allowed: 07… or +447…. */
const UK_MOBILE = /^(?:\+44|0)7\d{9}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export type FollowUpChoiceProblem = { message: string; details: { pointer: string; message: string }[] };

/** The choice a body records, or what is wrong with it (the body already matches the schema). */
export function followUpChoiceOf(body: FollowUpChoiceBody): FollowUpChoice | FollowUpChoiceProblem {
  if (!body.consent) {
    const extra = (['channel', 'email', 'mobile', 'codeWord'] as const).filter((k) => body[k] !== undefined);
    if (extra.length) {
      return {
        message: 'Without consent no contact details are kept',
        details: extra.map((k) => ({
          pointer: `/${k}`,
          message: 'must be left out when the client does not agree to contact',
        })),
      };
    }
    return { consent: false };
  }
  if (!body.channel) {
    return {
      message: 'Say how the client may be contacted',
      details: [{ pointer: '/channel', message: 'is required with consent' }],
    };
  }
  const field = body.channel === 'email' ? 'email' : 'mobile';
  const other = body.channel === 'email' ? 'mobile' : 'email';
  const raw = body[field]?.replace(/\s+/g, '') ?? '';
  if (body[other] !== undefined) {
    return {
      message: 'Give one safe channel only',
      details: [{ pointer: `/${other}`, message: `must be left out when the channel is ${body.channel}` }],
    };
  }
  if (!(body.channel === 'email' ? EMAIL : UK_MOBILE).test(raw)) {
    return {
      message: 'The contact details are not valid',
      details: [
        {
          pointer: `/${field}`,
          message: body.channel === 'email' ? 'must be an email address' : 'must be a UK mobile number (07… or +447…)',
        },
      ],
    };
  }
  return {
    consent: true,
    channel: body.channel,
    address: raw,
    safeTimes: [...new Set(body.safeTimes ?? [])],
    ...(body.codeWord ? { codeWord: body.codeWord } : {}),
    nameService: body.nameService ?? false,
  };
}

export const isFollowUpChoiceProblem = (
  value: FollowUpChoice | FollowUpChoiceProblem,
): value is FollowUpChoiceProblem => 'details' in value;

let validateBody: ValidateFunction | undefined;

/**
 * A body checked as the API checks it, schema first and then the rules: for callers that do not
 * go through the API's request validation (the synthetic data generator).
 */
export function checkFollowUpChoice(body: unknown): FollowUpChoice | FollowUpChoiceProblem {
  validateBody ??= new Ajv2020({ allErrors: true, strict: true }).compile(followUpChoiceBodySchema);
  if (!validateBody(body)) {
    return {
      message: 'The follow-up choice does not match its schema',
      details: (validateBody.errors ?? []).map((e) => ({
        pointer: e.instancePath,
        message: e.message ?? 'is not valid',
      })),
    };
  }
  return followUpChoiceOf(body as FollowUpChoiceBody);
}
