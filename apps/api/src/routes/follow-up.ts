/**
 * A case's follow-up after closure: the client's choice recorded at exit, what has been sent and
 * answered, and stopping all contact at once. The address and code word never leave the server.
 */
import type { FastifyInstance } from 'fastify';
import { inCase } from '../cases/case-request';
import { writeErrors } from '../cases/schemas';
import { endContact, type FollowUpChoice, recordFollowUpChoice } from '../follow-up/contact';
import { followUpState } from '../follow-up/state';
import { SAFE_TIMES, type SafeTime } from '../follow-up/tables';
import { auditInTx } from '../lib/audit';
import { unprocessable } from '../lib/errors';
import { dateTime, errorResponses, isoDate, uuid } from '../lib/schemas';

type ChoiceBody = {
  consent: boolean;
  channel?: 'email' | 'sms';
  email?: string;
  mobile?: string;
  safeTimes?: SafeTime[];
  codeWord?: string;
  nameService?: boolean;
};

const caseParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: uuid } } as const;

/** A UK mobile number, spaces allowed: 07… or +447…. */
const UK_MOBILE = /^(?:\+44|0)7\d{9}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

const stateSchema = {
  type: 'object',
  properties: {
    recorded: { type: 'boolean' },
    consent: { type: ['boolean', 'null'] },
    channel: { type: ['string', 'null'], enum: ['email', 'sms', null] },
    safeTimes: { type: 'array', items: { type: 'string' } },
    hasCodeWord: { type: 'boolean' },
    nameService: { type: 'boolean' },
    endedAt: { type: ['string', 'null'], format: 'date-time' },
    endedReason: { type: ['string', 'null'], enum: ['not_safe', 'unanswered', null] },
    nextDueOn: { type: ['string', 'null'], format: 'date' },
    followUps: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          occasion: { type: 'integer' },
          months: { type: 'integer' },
          dueOn: isoDate,
          channel: { type: 'string' },
          sentAt: dateTime,
          status: { type: 'string', enum: ['sent', 'answered', 'unanswered', 'cancelled'] },
        },
      },
    },
  },
} as const;

function choiceOf(body: ChoiceBody): FollowUpChoice {
  if (!body.consent) {
    const extra = (['channel', 'email', 'mobile', 'codeWord'] as const).filter((k) => body[k] !== undefined);
    if (extra.length) {
      throw unprocessable(
        'Without consent no contact details are kept',
        extra.map((k) => ({ pointer: `/${k}`, message: 'must be left out when the client does not agree to contact' })),
      );
    }
    return { consent: false };
  }
  if (!body.channel) {
    throw unprocessable('Say how the client may be contacted', [
      { pointer: '/channel', message: 'is required with consent' },
    ]);
  }
  const field = body.channel === 'email' ? 'email' : 'mobile';
  const other = body.channel === 'email' ? 'mobile' : 'email';
  const raw = body[field]?.replace(/\s+/g, '') ?? '';
  if (body[other] !== undefined) {
    throw unprocessable('Give one safe channel only', [
      { pointer: `/${other}`, message: `must be left out when the channel is ${body.channel}` },
    ]);
  }
  if (!(body.channel === 'email' ? EMAIL : UK_MOBILE).test(raw)) {
    throw unprocessable('The contact details are not valid', [
      {
        pointer: `/${field}`,
        message: body.channel === 'email' ? 'must be an email address' : 'must be a UK mobile number (07… or +447…)',
      },
    ]);
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

export default async function followUpRoutes(app: FastifyInstance) {
  app.put<{ Params: { id: string }; Body: ChoiceBody }>(
    '/api/v1/cases/:id/follow-up',
    {
      config: { access: ['practitioner', 'manager'], caseLevel: true },
      schema: {
        tags: ['cases'],
        summary: 'Record at exit whether the client agrees to be followed up after closure, and how it is safe to',
        description:
          'With consent: the safe channel (`email` or `sms`) and its address, the safe times, an optional code word, and whether messages may name the service (never by default). The address and code word are encrypted and never shown again. While the case is open; once contact was stopped it stays stopped.',
        params: caseParams,
        body: {
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
        },
        response: { 200: stateSchema, ...writeErrors, ...errorResponses },
      },
    },
    async (request) =>
      inCase(request, request.params.id, 'case.follow_up_recorded', async (tx, kase) => {
        const choice = choiceOf(request.body);
        await recordFollowUpChoice(tx, app.keyring, { kase, choice, userId: request.auth!.userId, now: app.clock() });
        await auditInTx(tx, request, {
          action: 'case.follow_up_recorded',
          objectType: 'case',
          objectId: kase.id,
          status: 200,
          details: { consent: choice.consent, ...(choice.consent ? { channel: choice.channel } : {}) },
        });
        return followUpState(tx, kase, app.clock());
      }),
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/cases/:id/follow-up',
    {
      config: { access: ['practitioner', 'manager'], caseLevel: true },
      schema: {
        tags: ['cases'],
        summary: "The case's follow-up: the client's choice (never the address or code word), and each follow-up sent",
        params: caseParams,
        response: { 200: stateSchema, ...errorResponses },
      },
    },
    async (request) =>
      inCase(request, request.params.id, 'case.follow_up_read', async (tx, kase) => {
        await auditInTx(tx, request, {
          action: 'case.follow_up_read',
          objectType: 'case',
          objectId: kase.id,
          status: 200,
        });
        return followUpState(tx, kase, app.clock());
      }),
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/cases/:id/follow-up/cancel',
    {
      config: { access: ['practitioner', 'manager'], caseLevel: true },
      schema: {
        tags: ['cases'],
        summary: 'No longer safe to contact: stop all follow-up of this client now, for good',
        description:
          'No further message is sent, and follow-up links not yet answered stop working. Open or closed cases.',
        params: caseParams,
        response: { 200: stateSchema, ...errorResponses },
      },
    },
    async (request) =>
      inCase(request, request.params.id, 'case.follow_up_cancelled', async (tx, kase) => {
        await endContact(tx, { kase, userId: request.auth!.userId, now: app.clock(), reason: 'not_safe' });
        await auditInTx(tx, request, {
          action: 'case.follow_up_cancelled',
          objectType: 'case',
          objectId: kase.id,
          status: 200,
        });
        return followUpState(tx, kase, app.clock());
      }),
  );
}
