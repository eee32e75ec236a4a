/**
 * Forms and responses in open standards: any form version as a FHIR R4 Questionnaire, a case's
 * response as a QuestionnaireResponse (out, and in as a save), and a module as a REDCap data
 * dictionary. The wording and codes are the registry's; nothing here knows a module by name.
 */
import {
  answersOfQuestionnaireResponse,
  type FhirQuestionnaireResponse,
  QuestionnaireResponseError,
  questionnaireOf,
  questionnaireResponseOf,
  questionnaireUrl,
  REDCAP_COLUMNS,
  redcapCells,
  redcapDictionaryOf,
} from '@harbour/forms';
import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance } from 'fastify';
import { inCase } from '../cases/case-request';
import { findCaseResponse } from '../cases/case-response';
import { auditInTx } from '../lib/audit';
import { AppError, badRequest, notFound } from '../lib/errors';
import { errorResponses, uuid, writeErrors } from '../lib/schemas';
import { formKeySchema } from './forms';
import { savePractitionerResponse } from './responses';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';

const fhirResource = {
  type: 'object',
  additionalProperties: true,
  description: 'A FHIR R4 resource (JSON)',
} as const;

const caseFormParams = {
  type: 'object',
  required: ['id', 'formKey'],
  additionalProperties: false,
  properties: { id: uuid, formKey: formKeySchema },
} as const;

const fhirAnswer = { type: 'object', additionalProperties: true } as const;
const responseItem = {
  type: 'object',
  required: ['linkId'],
  properties: {
    linkId: { type: 'string', maxLength: 200 },
    text: { type: 'string' },
    answer: { type: 'array', maxItems: 100, items: fhirAnswer },
    item: { type: 'array', maxItems: 500, items: { type: 'object' } },
  },
} as const;

export default async function formStandardRoutes(app: FastifyInstance) {
  app.get<{ Params: { formKey: string }; Querystring: { version?: number } }>(
    '/api/v1/forms/:formKey/fhir',
    {
      config: { access: ['authenticated'] },
      schema: {
        tags: ['forms'],
        summary: 'A form version as a FHIR R4 Questionnaire (items, coded answer options, enableWhen, required)',
        params: {
          type: 'object',
          required: ['formKey'],
          additionalProperties: false,
          properties: { formKey: formKeySchema },
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { version: { type: 'integer', minimum: 1, description: 'The latest version when absent' } },
        },
        response: { 200: fhirResource, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { formKey } = request.params;
      const { version } = request.query;
      const form = version === undefined ? app.registry.form(formKey) : app.registry.formVersion(formKey, version);
      if (!form) {
        throw new AppError(
          404,
          `There is no form called ${formKey}${version === undefined ? '' : ` version ${version}`}`,
        );
      }
      return reply.type(FHIR_JSON).send(questionnaireOf(form));
    },
  );

  app.get<{ Params: { moduleKey: string } }>(
    '/api/v1/modules/:moduleKey/redcap-dictionary',
    {
      config: { access: ['authenticated'] },
      schema: {
        tags: ['forms'],
        summary: "A module's forms as a REDCap data dictionary (CSV): field names, types, choices, branching logic",
        params: {
          type: 'object',
          required: ['moduleKey'],
          additionalProperties: false,
          properties: { moduleKey: { type: 'string', pattern: '^[a-z][a-z0-9-]*$', maxLength: 60 } },
        },
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const module = app.registry.module(request.params.moduleKey);
      if (!module) throw new AppError(404, `There is no module called ${request.params.moduleKey}`);
      const csv = stringify([[...REDCAP_COLUMNS], ...redcapDictionaryOf(module).map(redcapCells)]);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="harbour-${module.key}-redcap-dictionary.csv"`)
        .send(csv);
    },
  );

  app.get<{ Params: { id: string; formKey: string } }>(
    '/api/v1/cases/:id/responses/:formKey/fhir',
    {
      config: { access: ['practitioner', 'manager'], caseLevel: true },
      schema: {
        tags: ['cases'],
        summary: "A case's response to one form as a FHIR R4 QuestionnaireResponse",
        params: caseFormParams,
        response: { 200: fhirResource, ...errorResponses },
      },
    },
    async (request, reply) => {
      const resource = await inCase(request, request.params.id, 'case.response_read', async (tx, kase) => {
        const response = await findCaseResponse(tx, kase, request.params.formKey, app.sealer);
        const form = response && app.registry.formVersion(response.formKey, response.version);
        if (!response || !form) throw notFound();
        await auditInTx(tx, request, {
          action: 'case.response_read',
          objectType: 'case',
          objectId: kase.id,
          status: 200,
          details: { formKey: response.formKey, format: 'fhir' },
        });
        return questionnaireResponseOf(form, response.answers, {
          status: response.status,
          authored: response.updatedAt,
        });
      });
      return reply.type(FHIR_JSON).send(resource);
    },
  );

  app.put<{
    Params: { id: string; formKey: string };
    Querystring: { revision?: number };
    Body: FhirQuestionnaireResponse;
  }>(
    '/api/v1/cases/:id/responses/:formKey/fhir',
    {
      config: { access: ['practitioner', 'manager'], caseLevel: true },
      schema: {
        tags: ['cases'],
        summary: "Save a case's answers to one form from a FHIR R4 QuestionnaireResponse",
        description:
          'The QuestionnaireResponse must answer the latest version of the form (`questionnaire` is its canonical ' +
          'URL and version). `completed` submits, `in-progress` saves a draft; answers are then checked like any other.',
        params: caseFormParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            revision: {
              type: 'integer',
              minimum: 0,
              description: 'to change a saved response: the revision last seen',
            },
          },
        },
        body: {
          type: 'object',
          required: ['resourceType', 'questionnaire', 'status'],
          properties: {
            resourceType: { const: 'QuestionnaireResponse' },
            questionnaire: { type: 'string', maxLength: 300 },
            status: { type: 'string', enum: ['in-progress', 'completed'] },
            item: { type: 'array', maxItems: 500, items: responseItem },
          },
        },
        response: { 200: fhirResource, ...writeErrors, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { formKey } = request.params;
      const form = app.registry.form(formKey);
      if (!form) throw new AppError(404, `There is no form called ${formKey}`);
      const expected = `${questionnaireUrl(form.key)}|${form.version}`;
      if (request.body.questionnaire !== expected) {
        throw badRequest(`The response must answer ${expected}`, [
          { pointer: '/questionnaire', message: `must be ${expected}` },
        ]);
      }
      let answers: Record<string, unknown>;
      try {
        answers = answersOfQuestionnaireResponse(form, request.body);
      } catch (error) {
        if (!(error instanceof QuestionnaireResponseError)) throw error;
        throw badRequest(
          `The response cannot be read: ${error.message}`,
          error.problems.map((problem) => ({ pointer: `/item/${problem.linkId}`, message: problem.message })),
        );
      }
      const status = request.body.status === 'completed' ? 'submitted' : 'draft';
      const saved = await savePractitionerResponse(app, request, request.params.id, {
        formKey,
        answers,
        status,
        ...(request.query.revision !== undefined ? { revision: request.query.revision } : {}),
      });
      return reply
        .type(FHIR_JSON)
        .send(questionnaireResponseOf(form, saved.answers, { status: saved.status, authored: saved.updatedAt }));
    },
  );
}
