/** The forms offered to the caller's service (today, or on a case's dates), and one form's schema and UI hints. */
import { formSummarySchema, openObject } from '@harbour/contract';
import type { FormDefinition } from '@harbour/forms';
import type { FastifyInstance } from 'fastify';
import { formSummary } from '../cases/case-view';
import { ukDate } from '../cases/dates';
import { findCase } from '../cases/find-case';
import { casePeriod, loadModuleWindows, offeredForms } from '../cases/module-activity';
import { auditInTx } from '../lib/audit';
import { AppError } from '../lib/errors';
import { errorResponses, uuid } from '../lib/schemas';
import { formInLanguage, type LanguagePack, languagePacks, SOURCE_LANGUAGE } from '../questionnaire/languages';

export const formKeySchema = {
  type: 'string',
  pattern: '^[a-z][a-z0-9-]*\\.[a-z][a-z0-9_]*$',
  maxLength: 100,
} as const;

/** A client form's wording in a pack, question by question, where it differs from the English. */
function wordingBeside(form: FormDefinition, pack: LanguagePack) {
  const { form: worded, withheld } = formInLanguage(form, pack);
  const differing = <T>(
    english: Record<string, T>,
    translated: Record<string, T> | undefined,
    text: (t: T) => string,
  ) =>
    Object.fromEntries(
      Object.entries(english).flatMap(([key, hint]) => {
        const other = translated?.[key];
        return other !== undefined && text(other) !== text(hint) ? [[key, text(other)]] : [];
      }),
    );
  const { meta } = pack;
  return {
    code: meta.code,
    lang: meta.lang,
    dir: meta.dir,
    name: meta.name,
    englishName: meta.englishName,
    labels: differing(form.ui.fields, worded.ui.fields, (hint) => hint.label ?? ''),
    legends: differing(form.ui.groups ?? {}, worded.ui.groups, (group) => group.legend),
    // a question's answer choices, so that a client answering with the practitioner reads them too
    options: Object.fromEntries(
      Object.entries(form.ui.fields).flatMap(([key, hint]) => {
        const choices = differing(hint.options ?? {}, worded.ui.fields[key]?.options, (label) => label);
        return Object.keys(choices).length > 0 ? [[key, choices]] : [];
      }),
    ),
    withheld,
  };
}

export default async function formRoutes(app: FastifyInstance) {
  app.get<{ Querystring: { caseId?: string } }>(
    '/api/v1/forms',
    {
      config: { access: ['practitioner', 'manager'] },
      schema: {
        tags: ['forms'],
        summary: "The forms of the modules active for the caller's service today, or on a case's dates",
        querystring: { type: 'object', additionalProperties: false, properties: { caseId: uuid } },
        response: { 200: { type: 'array', items: formSummarySchema }, ...errorResponses },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const serviceId = auth.serviceId!;
      const today = ukDate(app.clock());
      const { caseId } = request.query;
      return request.tenant(async (tx) => {
        let period = { from: today, to: today };
        if (caseId) {
          const kase = await findCase(tx, { serviceId, userId: auth.userId, role: auth.role }, caseId);
          period = casePeriod({ openedAt: kase.opened_at, closedAt: kase.closed_at }, today);
          await auditInTx(tx, request, {
            action: 'case.forms_read',
            objectType: 'case',
            objectId: caseId,
            status: 200,
          });
        }
        return offeredForms(app.registry, await loadModuleWindows(tx, serviceId), period).map(formSummary);
      });
    },
  );

  app.get<{ Params: { formKey: string }; Querystring: { language?: string } }>(
    '/api/v1/forms/:formKey',
    {
      config: { access: ['authenticated'] },
      schema: {
        tags: ['forms'],
        summary: 'One form: its JSON Schema (which validates answers) and its UI hints',
        description:
          "With language (a client questionnaire's language code), inLanguage has the client's wording of each question, group and answer choice, " +
          'for a practitioner to read beside the English, and the instruments the language has no official translation of.',
        params: {
          type: 'object',
          required: ['formKey'],
          additionalProperties: false,
          properties: { formKey: formKeySchema },
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { language: { type: 'string', pattern: '^[a-z]{2,3}$' } },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              ...formSummarySchema.properties,
              description: { type: 'string' },
              schema: openObject,
              ui: openObject,
              inLanguage: {
                type: 'object',
                properties: {
                  code: { type: 'string' },
                  lang: { type: 'string' },
                  dir: { type: 'string', enum: ['ltr', 'rtl'] },
                  name: { type: 'string' },
                  englishName: { type: 'string' },
                  labels: { type: 'object', additionalProperties: { type: 'string' } },
                  legends: { type: 'object', additionalProperties: { type: 'string' } },
                  options: {
                    type: 'object',
                    additionalProperties: { type: 'object', additionalProperties: { type: 'string' } },
                  },
                  withheld: { type: 'array', items: { type: 'string' } },
                },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { formKey } = request.params;
      const form = app.registry.form(formKey);
      const module = app.registry.moduleOf(formKey);
      if (!form || !module) throw new AppError(404, `There is no form called ${formKey}`);
      const { language } = request.query;
      if (!language || language === SOURCE_LANGUAGE || form.audience !== 'client')
        return { ...form, moduleKey: module.key };
      const pack = languagePacks(app.registry).get(language);
      if (!pack) {
        throw new AppError(422, `There is no language pack ${language}`, [
          { pointer: '/language', message: 'is not a language of the client questionnaires' },
        ]);
      }
      return { ...form, moduleKey: module.key, inLanguage: wordingBeside(form, pack) };
    },
  );
}
