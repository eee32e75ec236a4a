/** Caseload, case page, forms with drafts and submission, client links, closing a case. */
import type {
  CaseDetail,
  Caseload,
  CaseSummary,
  ClientLanguage,
  CreatedLink,
  Member,
  QuestionnaireLink,
  SavedResponse,
  SaveResponseBody,
} from '@harbour/contract';
import { answersFromPost, entryIndexes, type FieldErrors, type PostedForm } from '@harbour/html';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Api, type Problem, UUID } from '../api-client';
import { formTitle } from '../case-types';
import { formPath } from '../form-path';
import type { Me, Notice } from '../layout';
import { ukDate, type WebOptions } from '../options';
import { casePage } from '../pages/case';
import { caseloadPage } from '../pages/caseload';
import type { FollowUpState } from '../pages/follow-up';
import { type FormView, formPage, formQuestions } from '../pages/form';
import { type CaseLinkage, postedIdentifiers } from '../pages/linkage';
import type { Worklist } from '../pages/worklist';
import { notFoundPage, problemPage, seeOther, sendHtml, signedIn } from '../respond';
import { projectsOf } from './projects';

type CaseParams = { id: string };
type FormParams = { id: string; formKey: string; occasion?: string };

/** Where the API saves a form of a case: once per case, or on its review. */
const apiResponsePath = (caseId: string, formKey: string, occasion?: number) =>
  occasion ? `/cases/${caseId}/reviews/${occasion}/responses/${formKey}` : `/cases/${caseId}/responses/${formKey}`;

/** The review number of a path, or undefined for a form answered once; null when not a number. */
function occasionOf(params: FormParams): number | undefined | null {
  if (params.occasion === undefined) return undefined;
  return /^[1-9][0-9]{0,2}$/.test(params.occasion) ? Number(params.occasion) : null;
}

const MAX_PAGES = 20;

async function listCases(api: Api, status: string): Promise<CaseSummary[]> {
  const cases: CaseSummary[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const response = await api.get<Caseload>('/cases', {
      status: status === 'all' ? undefined : status,
      limit: '200',
      cursor,
    });
    if (response.status !== 200) break;
    cases.push(...response.body.items);
    cursor = response.body.nextCursor ?? undefined;
    if (!cursor) break;
  }
  return cases.sort((a, b) => b.openedAt.localeCompare(a.openedAt));
}

const FOLLOW_UP_FIELDS: Record<string, string> = {
  '/channel': 'The safe way to contact',
  '/email': 'The email address',
  '/mobile': 'The mobile number',
  '/codeWord': 'The code word',
  '/safeTimes': 'The safe times',
};

const listOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? [value] : [];

/** The API's follow-up choice from the panel's form: the one address box goes to the chosen channel. */
function followUpBody(body: PostedForm): Record<string, unknown> {
  if (body.consent !== 'yes') return { consent: false };
  const channel = body.channel === 'email' || body.channel === 'sms' ? body.channel : undefined;
  const address = String(body.address ?? '').trim();
  const codeWord = String(body.codeWord ?? '').trim();
  return {
    consent: true,
    ...(channel ? { channel, [channel === 'email' ? 'email' : 'mobile']: address } : {}),
    safeTimes: listOf(body.safeTimes),
    ...(codeWord ? { codeWord } : {}),
    nameService: body.nameService === 'yes',
  };
}

/** The case an address names, or undefined when there is none the signed-in person may see. */
export async function loadCase(api: Api, id: string): Promise<CaseDetail | undefined> {
  if (!UUID.test(id)) return undefined;
  const response = await api.get<CaseDetail>(`/cases/${id}`);
  return response.status === 200 ? response.body : undefined;
}

/** A form's schema and hints by its key, or undefined when there is no such form. */
export async function loadForm(api: Api, formKey: string, language?: string): Promise<FormView | undefined> {
  if (!/^[a-z][a-z0-9-]*\.[a-z][a-z0-9_]*$/.test(formKey)) return undefined;
  const response = await api.get<FormView>(`/forms/${formKey}`, { language });
  return response.status === 200 ? response.body : undefined;
}

/** Field errors of a 422, keyed by pointer into the answers. */
export function fieldErrors(problem: Problem): FieldErrors {
  const errors: FieldErrors = {};
  for (const detail of problem.details ?? []) {
    const pointer = detail.pointer.replace(/^\/answers/, '') || '/';
    errors[pointer] ??= detail.message;
  }
  return errors;
}

export function revisionOf(body: PostedForm): number | undefined {
  const value = Number(body._revision);
  return typeof body._revision === 'string' && body._revision !== '' && Number.isInteger(value) ? value : undefined;
}

/** Adds or removes an entry of a list, as the buttons of a form without JavaScript ask. */
function applyListButtons(body: PostedForm): PostedForm {
  const next: PostedForm = { ...body };
  const remove = typeof body._remove === 'string' ? body._remove : undefined;
  if (remove) {
    for (const key of Object.keys(next)) if (key.startsWith(`${remove}.`)) delete next[key];
  }
  const add = typeof body._add === 'string' ? body._add : undefined;
  if (add) {
    const indexes = entryIndexes(body, add);
    next[`${add}.${indexes.length ? Math.max(...indexes) + 1 : 0}._entry`] = '1';
  }
  return next;
}

export default async function caseRoutes(app: FastifyInstance, options: WebOptions) {
  const today = () => ukDate(options.clock());

  async function renderCaseload(
    reply: FastifyReply,
    api: Api,
    me: Me,
    query: { status?: string; q?: string },
    notice?: Notice,
    status = 200,
  ) {
    const filter = {
      status: ['open', 'closed', 'all'].includes(query.status ?? '') ? String(query.status) : 'open',
      q: (query.q ?? '').trim(),
    };
    const all = await listCases(api, filter.status);
    const cases = filter.q
      ? all.filter((c) => (c.reference ?? '').toLowerCase().includes(filter.q.toLowerCase()))
      : all;
    const [worklist, digest] = await Promise.all([
      api.get<Worklist>('/worklist'),
      api.get<{ enabled: boolean }>('/me/digest'),
    ]);
    let members: Member[] | undefined;
    if (me.role === 'manager' && me.serviceId) {
      const response = await api.get<Member[]>(`/services/${me.serviceId}/members`);
      members = response.status === 200 ? response.body : undefined;
    }
    // Only a practitioner's page has the new-case form, the one place that offers the identifiers.
    const participation =
      me.role === 'practitioner' ? await api.get<{ optedIn?: boolean }>('/linkage/participation') : undefined;
    return sendHtml(
      reply,
      caseloadPage({
        me,
        cases,
        members,
        linkage: participation?.status === 200 && participation.body.optedIn === true,
        query: filter,
        today: today(),
        flagLabel: options.flagLabel,
        ...(notice ? { notice } : {}),
        ...(worklist.status === 200 ? { worklist: worklist.body } : {}),
        ...(digest.status === 200 ? { digest: digest.body.enabled } : {}),
      }),
      status,
    );
  }

  app.get<{ Querystring: { status?: string; q?: string } }>('/cases', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['practitioner', 'manager']);
    if (!signed) return reply;
    return renderCaseload(reply, signed.api, signed.me, request.query);
  });

  app.post<{ Body: PostedForm }>('/digest', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['practitioner', 'manager']);
    if (!signed) return reply;
    const enabled = request.body?.enabled === 'yes';
    const response = await signed.api.send<Problem>('PUT', '/me/digest', { enabled });
    if (response.status !== 200) return problemPage(reply, signed.me, response.status, response.body.message);
    return renderCaseload(
      reply,
      signed.api,
      signed.me,
      {},
      {
        kind: 'success',
        text: enabled
          ? 'You will get a daily summary email: counts and a link only.'
          : 'The daily summary email is off.',
      },
    );
  });

  app.post<{ Body: PostedForm }>('/cases', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['practitioner']);
    if (!signed) return reply;
    const reference = String(request.body?.reference ?? '').trim();
    const openedAt = String(request.body?.openedAt ?? '') || today();
    // identifiers go to the API once and are never put back into the page
    const identifiers = postedIdentifiers(request.body);
    const response = await signed.api.send<{ id: string } & Problem>('POST', '/cases', {
      ...(reference ? { reference } : {}),
      openedAt,
      ...(identifiers ? { identifiers } : {}),
    });
    if (response.status !== 201) {
      const detail = response.body.details?.map((d) => `${d.pointer.slice(1)} ${d.message}`).join('; ');
      return renderCaseload(
        reply,
        signed.api,
        signed.me,
        {},
        { kind: 'error', text: `The case was not opened: ${detail || response.body.message}` },
        422,
      );
    }
    return seeOther(reply, `/cases/${response.body.id}`);
  });

  async function renderCase(
    reply: FastifyReply,
    api: Api,
    me: Me,
    kase: CaseDetail,
    extra: {
      notice?: Notice;
      newLink?: Pick<CreatedLink, 'url' | 'expiresAt' | 'formKey'>;
      closeError?: string;
      followUpError?: string;
      status?: number;
    } = {},
  ) {
    const forms = kase.forms;
    const followUp = await api.get<FollowUpState>(`/cases/${kase.id}/follow-up`);
    const links = await api.get<QuestionnaireLink[]>(`/cases/${kase.id}/questionnaire-links`);
    const linkList = links.status === 200 ? links.body : undefined;
    const linkage = await api.get<CaseLinkage>(`/cases/${kase.id}/linkage`);
    const languages = await api.get<ClientLanguage[]>('/languages');
    const linkedForm = extra.newLink ? forms.find((f) => f.key === extra.newLink?.formKey) : undefined;
    const projects = me.role === 'manager' ? await projectsOf(api) : undefined;
    const newLink = extra.newLink
      ? {
          url: extra.newLink.url,
          expiresAt: extra.newLink.expiresAt,
          formTitle: linkedForm ? formTitle(linkedForm) : extra.newLink.formKey,
        }
      : undefined;
    return sendHtml(
      reply,
      casePage({
        me,
        kase,
        forms,
        links: linkList,
        languages: languages.status === 200 ? languages.body : [],
        today: today(),
        flagLabel: options.flagLabel,
        ...(newLink ? { newLink } : {}),
        ...(extra.notice ? { notice: extra.notice } : {}),
        ...(extra.closeError ? { closeError: extra.closeError } : {}),
        ...(followUp.status === 200 ? { followUp: followUp.body } : {}),
        ...(extra.followUpError ? { followUpError: extra.followUpError } : {}),
        ...(linkage.status === 200 ? { linkage: linkage.body } : {}),
        ...(projects ? { projects } : {}),
      }),
      extra.status ?? 200,
    );
  }

  const NOTICES: Record<string, Notice> = {
    submitted: { kind: 'success', text: 'The form is submitted.' },
    closed: { kind: 'success', text: 'The case is closed.' },
    'follow-up': { kind: 'success', text: 'The contact choice is saved.' },
    'follow-up-stopped': { kind: 'success', text: 'All contact with the client after closure is stopped.' },
    project: { kind: 'success', text: 'The case’s project is saved.' },
  };

  app.post<{ Params: CaseParams; Body: PostedForm }>('/cases/:id/follow-up', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['practitioner', 'manager']);
    if (!signed) return reply;
    const kase = await loadCase(signed.api, request.params.id);
    if (!kase) return notFoundPage(reply, signed.me);
    const response = await signed.api.send<Problem>(
      'PUT',
      `/cases/${kase.id}/follow-up`,
      followUpBody(request.body ?? {}),
    );
    if (response.status !== 200) {
      const detail = response.body.details?.map(
        (d) => `${FOLLOW_UP_FIELDS[d.pointer] ?? d.pointer.slice(1)} ${d.message}`,
      );
      return renderCase(reply, signed.api, signed.me, kase, {
        followUpError: detail?.length ? detail.join('; ') : response.body.message,
        status: response.status === 404 ? 404 : 422,
      });
    }
    return seeOther(reply, `/cases/${kase.id}?done=follow-up`);
  });

  app.post<{ Params: CaseParams }>('/cases/:id/follow-up/cancel', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['practitioner', 'manager']);
    if (!signed) return reply;
    if (!UUID.test(request.params.id)) return notFoundPage(reply, signed.me);
    const response = await signed.api.send<Problem>('POST', `/cases/${request.params.id}/follow-up/cancel`, {});
    if (response.status !== 200) return problemPage(reply, signed.me, response.status, response.body.message);
    return seeOther(reply, `/cases/${request.params.id}?done=follow-up-stopped`);
  });

  app.get<{ Params: CaseParams; Querystring: { done?: string } }>('/cases/:id', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['practitioner', 'manager']);
    if (!signed) return reply;
    const kase = await loadCase(signed.api, request.params.id);
    if (!kase) return notFoundPage(reply, signed.me);
    const notice = request.query.done ? NOTICES[request.query.done] : undefined;
    return renderCase(reply, signed.api, signed.me, kase, notice ? { notice } : {});
  });

  app.post<{ Params: CaseParams; Body: PostedForm }>('/cases/:id/links', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['practitioner', 'manager']);
    if (!signed) return reply;
    const kase = await loadCase(signed.api, request.params.id);
    if (!kase) return notFoundPage(reply, signed.me);
    const formKey = String(request.body?.formKey ?? '');
    const occasion = Number(request.body?.occasion);
    const language = String(request.body?.language ?? 'en');
    const response = await signed.api.send<CreatedLink & Problem>('POST', `/cases/${kase.id}/questionnaire-links`, {
      formKey,
      language,
      ...(Number.isInteger(occasion) && occasion > 0 ? { occasion } : {}),
    });
    if (response.status !== 201) {
      return renderCase(reply, signed.api, signed.me, kase, {
        notice: { kind: 'error', text: `No link was created: ${response.body.message}` },
        status: response.status === 404 ? 404 : 422,
      });
    }
    return renderCase(reply, signed.api, signed.me, kase, {
      newLink: { url: response.body.url, expiresAt: response.body.expiresAt, formKey },
      status: 201,
    });
  });

  app.post<{ Params: CaseParams & { matchId: string }; Body: PostedForm }>(
    '/cases/:id/linkage/:matchId',
    async (request, reply) => {
      const signed = await signedIn(app, request, reply, ['practitioner', 'manager']);
      if (!signed) return reply;
      const kase = await loadCase(signed.api, request.params.id);
      if (!kase || !UUID.test(request.params.matchId)) return notFoundPage(reply, signed.me);
      const decision = String(request.body?.decision ?? '');
      const response = await signed.api.send<Problem>(
        'PUT',
        `/cases/${kase.id}/linkage/matches/${request.params.matchId}`,
        {
          decision,
        },
      );
      const notice: Notice =
        response.status === 200
          ? {
              kind: 'success',
              text:
                decision === 'rejected'
                  ? 'Noted: not the same person. It will not be shown again.'
                  : 'Noted: the same person.',
            }
          : { kind: 'error', text: `Not recorded: ${response.body.message}` };
      return renderCase(reply, signed.api, signed.me, kase, { notice, status: response.status === 200 ? 200 : 422 });
    },
  );

  app.post<{ Params: CaseParams; Body: PostedForm }>('/cases/:id/close', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['practitioner', 'manager']);
    if (!signed) return reply;
    const kase = await loadCase(signed.api, request.params.id);
    if (!kase) return notFoundPage(reply, signed.me);
    const closedAt = String(request.body?.closedAt ?? '') || today();
    const response = await signed.api.send<Problem>('POST', `/cases/${kase.id}/close`, { closedAt });
    if (response.status !== 200) {
      const detail = response.body.details?.[0]?.message;
      return renderCase(reply, signed.api, signed.me, kase, {
        closeError: detail ? `The date closed ${detail}` : response.body.message,
        status: response.status,
      });
    }
    return seeOther(reply, `/cases/${kase.id}?done=closed`);
  });

  /**
   * The language a client form is shown in beside the English: the one asked for, else the
   * language of the latest link the client was sent for it (whose answers the practitioner may be
   * reading), else none.
   */
  async function clientLanguageOf(
    api: Api,
    caseId: string,
    formKey: string,
    occasion: number | undefined,
    asked: unknown,
  ) {
    if (typeof asked === 'string' && /^[a-z]{2,3}$/.test(asked)) return asked;
    const links = await api.get<QuestionnaireLink[] | { items: QuestionnaireLink[] }>(
      `/cases/${caseId}/questionnaire-links`,
    );
    if (links.status !== 200) return undefined;
    const list = Array.isArray(links.body) ? links.body : links.body.items;
    const sent = list
      .filter((link) => link.formKey === formKey && (link.occasion ?? undefined) === occasion)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    return sent?.language;
  }

  /**
   * The case, form and review number a form page's address names, with the case's stored answers
   * to that form; `undefined` when the reply is already sent (sign-in, or page not found).
   */
  async function caseForm(
    request: FastifyRequest<{ Params: FormParams; Querystring?: { language?: string }; Body?: PostedForm }>,
    reply: FastifyReply,
  ) {
    const signed = await signedIn(app, request, reply, ['practitioner', 'manager']);
    if (!signed) return undefined;
    const occasion = occasionOf(request.params);
    const [kase, english] = await Promise.all([
      loadCase(signed.api, request.params.id),
      loadForm(signed.api, request.params.formKey),
    ]);
    if (!kase || !english || occasion === null) {
      notFoundPage(reply, signed.me);
      return undefined;
    }
    const stored = kase.responses.find((r) => r.formKey === english.key && (r.occasion ?? undefined) === occasion);
    if (english.audience !== 'client') return { ...signed, kase, form: english, occasion, stored, languages: [] };
    const asked = request.query?.language ?? request.body?._language;
    const language = await clientLanguageOf(signed.api, kase.id, english.key, occasion, asked);
    const form = (language && language !== 'en' && (await loadForm(signed.api, english.key, language))) || english;
    const languages = await signed.api.get<ClientLanguage[]>('/languages');
    return { ...signed, kase, form, occasion, stored, languages: languages.status === 200 ? languages.body : [] };
  }

  const showForm = async (
    request: FastifyRequest<{ Params: FormParams; Querystring: { saved?: string; language?: string } }>,
    reply: FastifyReply,
  ) => {
    const loaded = await caseForm(request, reply);
    if (!loaded) return reply;
    const { me, kase, form, occasion, stored, languages } = loaded;
    return sendHtml(
      reply,
      formPage({
        me,
        kase,
        form,
        languages,
        ...(occasion ? { occasion } : {}),
        answers: stored?.answers ?? {},
        errors: {},
        revision: stored?.revision,
        submitted: stored?.status === 'submitted',
        ...(request.query.saved === 'draft' ? { notice: { kind: 'success' as const, text: 'Draft saved.' } } : {}),
      }),
    );
  };
  app.get('/cases/:id/forms/:formKey', showForm);
  app.get('/cases/:id/reviews/:occasion/forms/:formKey', showForm);

  const postForm = async (request: FastifyRequest<{ Params: FormParams; Body: PostedForm }>, reply: FastifyReply) => {
    const loaded = await caseForm(request, reply);
    if (!loaded) return reply;
    const { api, me, kase, form, occasion, stored, languages } = loaded;
    const body = applyListButtons(request.body ?? {});
    const listChange = body._add !== undefined || body._remove !== undefined;
    const answers = answersFromPost(formQuestions(form), body);
    const submitted = stored?.status === 'submitted';
    const status = !listChange && (body._action === 'submit' || submitted) ? 'submitted' : 'draft';
    const revision = revisionOf(body);
    // A submitted response is only changed by submitting again: adding an entry waits for the save.
    const response =
      listChange && submitted
        ? undefined
        : await api.send<SavedResponse & Problem>('PUT', apiResponsePath(kase.id, form.key, occasion), {
            answers,
            status,
            ...(revision !== undefined ? { revision } : {}),
          } satisfies SaveResponseBody);
    const render = (extra: { errors?: FieldErrors; notice?: Notice; revision?: number | undefined }, code: number) =>
      sendHtml(
        reply,
        formPage({
          me,
          kase,
          form,
          languages,
          ...(occasion ? { occasion } : {}),
          answers,
          errors: extra.errors ?? {},
          revision: 'revision' in extra ? extra.revision : revision,
          submitted,
          ...(extra.notice ? { notice: extra.notice } : {}),
        }),
        code,
      );
    if (!response) return render({}, 200);
    if (response.status === 200 || response.status === 201) {
      if (listChange) return render({ revision: response.body.revision }, 200);
      if (status === 'submitted') return seeOther(reply, `/cases/${kase.id}?done=submitted`);
      return seeOther(reply, `${formPath(kase.id, form.key, occasion)}?saved=draft`);
    }
    if (response.status === 422) return render({ errors: fieldErrors(response.body) }, 422);
    if (response.status === 409 || response.status === 428) {
      return render(
        {
          notice: {
            kind: 'error',
            text: 'These answers were changed somewhere else (perhaps in another tab) since you opened the form. Your answers are below but not saved: open the form again to see the latest answers.',
          },
        },
        409,
      );
    }
    return problemPage(reply, me, response.status, response.body.message);
  };
  app.post('/cases/:id/forms/:formKey', postForm);
  app.post('/cases/:id/reviews/:occasion/forms/:formKey', postForm);

  const autosave = async (request: FastifyRequest<{ Params: FormParams; Body: PostedForm }>, reply: FastifyReply) => {
    const signed = await signedIn(app, request, reply, ['practitioner', 'manager']);
    if (!signed) return reply;
    const occasion = occasionOf(request.params);
    const form = await loadForm(signed.api, request.params.formKey);
    if (!form || !UUID.test(request.params.id) || occasion === null) {
      return reply.status(404).send({ message: 'Not found' });
    }
    const body = request.body ?? {};
    const revision = revisionOf(body);
    const response = await signed.api.send<SavedResponse & Problem>(
      'PUT',
      apiResponsePath(request.params.id, form.key, occasion),
      {
        answers: answersFromPost(formQuestions(form), body),
        status: 'draft',
        ...(revision !== undefined ? { revision } : {}),
      } satisfies SaveResponseBody,
    );
    if (response.status === 200 || response.status === 201) {
      return reply.send({
        revision: response.body.revision,
        savedAt: response.body.updatedAt,
      });
    }
    return reply.status(response.status).send({ message: response.body.message, errors: fieldErrors(response.body) });
  };
  app.post('/cases/:id/forms/:formKey/autosave', autosave);
  app.post('/cases/:id/reviews/:occasion/forms/:formKey/autosave', autosave);
}
