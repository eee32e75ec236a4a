/** Caseload, case page, forms with drafts and submission, client links, closing a case. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Api, Problem } from '../api-client';
import type { CaseDetail, CaseSummary, ClientLanguage, Member, OfferedForm, QuestionnaireLink } from '../case-types';
import { answersFromForm, entryIndexes, type PostedForm } from '../form-answers';
import type { FieldErrors } from '../form-renderer';
import type { FormView } from '../form-schema';
import type { Me, Notice } from '../layout';
import { ukDate, type WebOptions } from '../options';
import { casePage } from '../pages/case';
import { caseloadPage } from '../pages/caseload';
import { formPage } from '../pages/form';
import { notFoundPage, problemPage, seeOther, sendHtml, signedIn } from '../respond';

type CaseParams = { id: string };
type FormParams = { id: string; formKey: string };

const MAX_PAGES = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function listCases(api: Api, status: string): Promise<CaseSummary[]> {
  const cases: CaseSummary[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const response = await api.get<{ items: CaseSummary[]; nextCursor?: string | null }>('/cases', {
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

async function offeredForms(api: Api, kase: CaseDetail): Promise<OfferedForm[]> {
  if (kase.forms) return kase.forms;
  const response = await api.get<OfferedForm[]>('/forms');
  return response.status === 200 ? response.body : [];
}

/** Field errors of a 422, keyed by pointer into the answers. */
function fieldErrors(problem: Problem): FieldErrors {
  const errors: FieldErrors = {};
  for (const detail of problem.details ?? []) {
    const pointer = detail.pointer.replace(/^\/answers/, '') || '/';
    errors[pointer] ??= detail.message;
  }
  return errors;
}

function revisionOf(body: PostedForm): number | undefined {
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
    let members: Member[] | undefined;
    if (me.role === 'manager' && me.serviceId) {
      const response = await api.get<Member[]>(`/services/${me.serviceId}/members`);
      members = response.status === 200 ? response.body : undefined;
    }
    return sendHtml(
      reply,
      caseloadPage({
        me,
        cases,
        members,
        query: filter,
        today: today(),
        flagLabel: options.flagLabel,
        ...(notice ? { notice } : {}),
      }),
      status,
    );
  }

  app.get<{ Querystring: { status?: string; q?: string } }>('/cases', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['practitioner', 'manager']);
    if (!signed) return reply;
    return renderCaseload(reply, signed.api, signed.me, request.query);
  });

  app.post<{ Body: PostedForm }>('/cases', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['practitioner']);
    if (!signed) return reply;
    const reference = String(request.body?.reference ?? '').trim();
    const openedAt = String(request.body?.openedAt ?? '') || today();
    const response = await signed.api.send<{ id: string } & Problem>('POST', '/cases', {
      ...(reference ? { reference } : {}),
      openedAt,
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

  async function loadCase(api: Api, id: string) {
    if (!UUID.test(id)) return undefined;
    const response = await api.get<CaseDetail>(`/cases/${id}`);
    return response.status === 200 ? response.body : undefined;
  }

  async function renderCase(
    reply: FastifyReply,
    api: Api,
    me: Me,
    kase: CaseDetail,
    extra: {
      notice?: Notice;
      newLink?: { url: string; expiresAt: string; formKey: string };
      closeError?: string;
      status?: number;
    } = {},
  ) {
    const forms = await offeredForms(api, kase);
    const links = await api.get<QuestionnaireLink[] | { items: QuestionnaireLink[] }>(
      `/cases/${kase.id}/questionnaire-links`,
    );
    const linkList = links.status === 200 ? (Array.isArray(links.body) ? links.body : links.body.items) : undefined;
    const languages = await api.get<ClientLanguage[]>('/languages');
    const newLink = extra.newLink
      ? {
          url: extra.newLink.url,
          expiresAt: extra.newLink.expiresAt,
          formTitle: forms.find((f) => f.key === extra.newLink?.formKey)?.title ?? extra.newLink.formKey,
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
        now: options.clock(),
        today: today(),
        flagLabel: options.flagLabel,
        ...(newLink ? { newLink } : {}),
        ...(extra.notice ? { notice: extra.notice } : {}),
        ...(extra.closeError ? { closeError: extra.closeError } : {}),
      }),
      extra.status ?? 200,
    );
  }

  const NOTICES: Record<string, Notice> = {
    submitted: { kind: 'success', text: 'The form is submitted.' },
    closed: { kind: 'success', text: 'The case is closed.' },
  };

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
    const language = String(request.body?.language ?? 'en');
    const response = await signed.api.send<{ url: string; expiresAt: string } & Problem>(
      'POST',
      `/cases/${kase.id}/questionnaire-links`,
      { formKey, language },
    );
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

  async function loadForm(api: Api, formKey: string) {
    if (!/^[a-z][a-z0-9-]*\.[a-z][a-z0-9_]*$/.test(formKey)) return undefined;
    const response = await api.get<FormView>(`/forms/${formKey}`);
    return response.status === 200 ? response.body : undefined;
  }

  app.get<{ Params: FormParams; Querystring: { saved?: string } }>(
    '/cases/:id/forms/:formKey',
    async (request, reply) => {
      const signed = await signedIn(app, request, reply, ['practitioner', 'manager']);
      if (!signed) return reply;
      const [kase, form] = await Promise.all([
        loadCase(signed.api, request.params.id),
        loadForm(signed.api, request.params.formKey),
      ]);
      if (!kase || !form) return notFoundPage(reply, signed.me);
      const response = kase.responses.find((r) => r.formKey === form.key);
      return sendHtml(
        reply,
        formPage({
          me: signed.me,
          kase,
          form,
          answers: response?.answers ?? {},
          errors: {},
          revision: response?.revision,
          submitted: response?.status === 'submitted',
          ...(request.query.saved === 'draft' ? { notice: { kind: 'success' as const, text: 'Draft saved.' } } : {}),
        }),
      );
    },
  );

  app.post<{ Params: FormParams; Body: PostedForm }>('/cases/:id/forms/:formKey', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['practitioner', 'manager']);
    if (!signed) return reply;
    const [kase, form] = await Promise.all([
      loadCase(signed.api, request.params.id),
      loadForm(signed.api, request.params.formKey),
    ]);
    if (!kase || !form) return notFoundPage(reply, signed.me);
    const body = applyListButtons(request.body ?? {});
    const listChange = body._add !== undefined || body._remove !== undefined;
    const answers = answersFromForm(form.schema, form.ui, body);
    const stored = kase.responses.find((r) => r.formKey === form.key);
    const submitted = stored?.status === 'submitted';
    const status = !listChange && (body._action === 'submit' || submitted) ? 'submitted' : 'draft';
    const revision = revisionOf(body);
    // A submitted response is only changed by submitting again: adding an entry waits for the save.
    const response =
      listChange && submitted
        ? undefined
        : await signed.api.send<{ revision?: number } & Problem>('PUT', `/cases/${kase.id}/responses/${form.key}`, {
            answers,
            status,
            ...(revision !== undefined ? { revision } : {}),
          });
    const render = (extra: { errors?: FieldErrors; notice?: Notice; revision?: number | undefined }, code: number) =>
      sendHtml(
        reply,
        formPage({
          me: signed.me,
          kase,
          form,
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
      return seeOther(reply, `/cases/${kase.id}/forms/${form.key}?saved=draft`);
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
    return problemPage(reply, signed.me, response.status, response.body.message);
  });

  app.post<{ Params: FormParams; Body: PostedForm }>('/cases/:id/forms/:formKey/autosave', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['practitioner', 'manager']);
    if (!signed) return reply;
    const form = await loadForm(signed.api, request.params.formKey);
    if (!form || !UUID.test(request.params.id)) return reply.status(404).send({ message: 'Not found' });
    const body = request.body ?? {};
    const revision = revisionOf(body);
    const response = await signed.api.send<{ revision?: number; updatedAt?: string } & Problem>(
      'PUT',
      `/cases/${request.params.id}/responses/${form.key}`,
      {
        answers: answersFromForm(form.schema, form.ui, body),
        status: 'draft',
        ...(revision !== undefined ? { revision } : {}),
      },
    );
    if (response.status === 200 || response.status === 201) {
      return reply.send({
        revision: response.body.revision,
        savedAt: response.body.updatedAt ?? options.clock().toISOString(),
      });
    }
    return reply.status(response.status).send({ message: response.body.message, errors: fieldErrors(response.body) });
  });
}
