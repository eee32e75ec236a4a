/**
 * A case's follow-up after closure: the client's choice recorded at exit, what has been sent and
 * answered, and stopping all contact at once. The address and code word never leave the server.
 */
import {
  type FollowUpChoice,
  type FollowUpChoiceBody,
  followUpChoiceBodySchema,
  followUpChoiceOf,
  isFollowUpChoiceProblem,
} from '@harbour/forms';
import type { FastifyInstance } from 'fastify';
import { inCase } from '../cases/case-request';
import { endContact, recordFollowUpChoice } from '../follow-up/contact';
import { followUpState } from '../follow-up/state';
import { auditInTx } from '../lib/audit';
import { unprocessable } from '../lib/errors';
import { dateTime, errorResponses, isoDate, uuid, writeErrors } from '../lib/schemas';

const caseParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: uuid } } as const;

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

function choiceOf(body: FollowUpChoiceBody): FollowUpChoice {
  const choice = followUpChoiceOf(body);
  if (isFollowUpChoiceProblem(choice)) throw unprocessable(choice.message, choice.details);
  return choice;
}

export default async function followUpRoutes(app: FastifyInstance) {
  app.put<{ Params: { id: string }; Body: FollowUpChoiceBody }>(
    '/api/v1/cases/:id/follow-up',
    {
      config: { access: ['practitioner', 'manager'], caseLevel: true },
      schema: {
        tags: ['cases'],
        summary: 'Record at exit whether the client agrees to be followed up after closure, and how it is safe to',
        description:
          'With consent: the safe channel (`email` or `sms`) and its address, the safe times, an optional code word, and whether messages may name the service (never by default). The address and code word are encrypted and never shown again. While the case is open; once contact was stopped it stays stopped.',
        params: caseParams,
        body: followUpChoiceBodySchema,
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
