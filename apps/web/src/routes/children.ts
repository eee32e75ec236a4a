/**
 * A child recorded on a case: a link for the child's own questionnaire, and what the child said
 * in their own words (sealed by the API, never exported). Plain forms that work without JavaScript.
 */
import type { CaseDetail, ChildResponse, CreatedLink, QuestionnaireLink } from '@harbour/contract';
import { answersFromPost, type PostedForm } from '@harbour/html';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Api, Problem } from '../api-client';
import { formTitle, recordedChildren } from '../case-types';
import type { Me, Notice } from '../layout';
import { childPage, childPath, type WordsState } from '../pages/child';
import { formQuestions } from '../pages/form';
import { notFoundPage, problemPage, seeOther, sendHtml, signedIn } from '../respond';
import { fieldErrors, loadCase, loadForm, revisionOf } from './cases';

type ChildParams = { id: string; childRef: string };

const CHILD_REF = /^C[0-9]{1,2}$/;

const NOTICES: Record<string, Notice> = {
  words: { kind: 'success', text: "The child's words are saved." },
};

export default async function childRoutes(app: FastifyInstance) {
  /** The signed-in person, the case and the child the address names; undefined when the reply is sent. */
  async function childOf(request: FastifyRequest<{ Params: ChildParams }>, reply: FastifyReply) {
    const signed = await signedIn(app, request, reply, ['practitioner', 'manager']);
    if (!signed) return undefined;
    const kase = CHILD_REF.test(request.params.childRef) ? await loadCase(signed.api, request.params.id) : undefined;
    const child = kase ? recordedChildren(kase).find((c) => c.ref === request.params.childRef) : undefined;
    if (!kase || !child || !kase.childForms.length) {
      notFoundPage(reply, signed.me);
      return undefined;
    }
    return { ...signed, kase, child };
  }

  async function renderChild(
    reply: FastifyReply,
    api: Api,
    me: Me,
    kase: CaseDetail,
    childRef: string,
    extra: {
      words?: Partial<WordsState>;
      newLink?: { url: string; expiresAt: string; formKey: string };
      notice?: Notice;
      status?: number;
    } = {},
  ) {
    const child = recordedChildren(kase).find((c) => c.ref === childRef);
    if (!child) return notFoundPage(reply, me);
    const forms = kase.childForms;
    const questionnaires = forms.filter((f) => f.audience === 'client');
    const wordsForm = forms.find((f) => f.audience === 'practitioner');
    const [responses, links, wordsView] = await Promise.all([
      api.get<ChildResponse[]>(`/cases/${kase.id}/children/${childRef}/responses`),
      api.get<QuestionnaireLink[]>(`/cases/${kase.id}/questionnaire-links`),
      wordsForm ? loadForm(api, wordsForm.key) : undefined,
    ]);
    if (responses.status !== 200)
      return problemPage(reply, me, responses.status, 'The child’s responses could not be read');
    const stored = wordsForm ? responses.body.find((r) => r.formKey === wordsForm.key) : undefined;
    const words: WordsState | undefined = wordsView
      ? {
          form: wordsView,
          answers: extra.words?.answers ?? stored?.answers ?? {},
          errors: extra.words?.errors ?? {},
          ...(extra.words && 'revision' in extra.words
            ? extra.words.revision !== undefined
              ? { revision: extra.words.revision }
              : {}
            : stored
              ? { revision: stored.revision }
              : {}),
        }
      : undefined;
    const newForm = extra.newLink ? questionnaires.find((f) => f.key === extra.newLink?.formKey) : undefined;
    return sendHtml(
      reply,
      childPage({
        me,
        kase,
        child,
        questionnaires,
        responses: responses.body.filter((r) => questionnaires.some((f) => f.key === r.formKey)),
        links: links.status === 200 ? links.body.filter((l) => l.childRef === childRef) : [],
        ...(words ? { words } : {}),
        ...(extra.newLink
          ? {
              newLink: {
                url: extra.newLink.url,
                expiresAt: extra.newLink.expiresAt,
                formTitle: newForm ? formTitle(newForm) : extra.newLink.formKey,
              },
            }
          : {}),
        ...(extra.notice ? { notice: extra.notice } : {}),
      }),
      extra.status ?? 200,
    );
  }

  app.get<{ Params: ChildParams; Querystring: { done?: string } }>(
    '/cases/:id/children/:childRef',
    async (request, reply) => {
      const found = await childOf(request, reply);
      if (!found) return reply;
      const notice = request.query.done ? NOTICES[request.query.done] : undefined;
      return renderChild(reply, found.api, found.me, found.kase, found.child.ref, notice ? { notice } : {});
    },
  );

  app.post<{ Params: ChildParams; Body: PostedForm }>('/cases/:id/children/:childRef/links', async (request, reply) => {
    const found = await childOf(request, reply);
    if (!found) return reply;
    const { api, me, kase, child } = found;
    const formKey = String(request.body?.formKey ?? '');
    if (!formKey) {
      return renderChild(reply, api, me, kase, child.ref, {
        notice: { kind: 'error', text: 'No link was created: choose the questionnaire the child will answer.' },
        status: 422,
      });
    }
    const response = await api.send<CreatedLink & Problem>('POST', `/cases/${kase.id}/questionnaire-links`, {
      formKey,
      childRef: child.ref,
    });
    if (response.status !== 201) {
      return renderChild(reply, api, me, kase, child.ref, {
        notice: { kind: 'error', text: `No link was created: ${response.body.message}` },
        status: response.status === 404 ? 404 : 422,
      });
    }
    return renderChild(reply, api, me, kase, child.ref, {
      newLink: { url: response.body.url, expiresAt: response.body.expiresAt, formKey },
      status: 201,
    });
  });

  app.post<{ Params: ChildParams & { formKey: string }; Body: PostedForm }>(
    '/cases/:id/children/:childRef/forms/:formKey',
    async (request, reply) => {
      const found = await childOf(request, reply);
      if (!found) return reply;
      const { api, me, kase, child } = found;
      const offered = kase.childForms.find((f) => f.key === request.params.formKey && f.audience === 'practitioner');
      const form = offered ? await loadForm(api, offered.key) : undefined;
      if (!form) return notFoundPage(reply, me);
      const body = request.body ?? {};
      const answers = answersFromPost(formQuestions(form), body);
      const revision = revisionOf(body);
      const response = await api.send<Problem>('PUT', `/cases/${kase.id}/children/${child.ref}/responses/${form.key}`, {
        answers,
        ...(revision !== undefined ? { revision } : {}),
      });
      if (response.status === 200) return seeOther(reply, `${childPath(kase.id, child.ref)}?done=words`);
      const words = { answers, revision };
      if (response.status === 422) {
        return renderChild(reply, api, me, kase, child.ref, {
          words: { ...words, errors: fieldErrors(response.body) },
          status: 422,
        });
      }
      if (response.status === 409) {
        return renderChild(reply, api, me, kase, child.ref, {
          words,
          notice: {
            kind: 'error',
            text: "The child's words were changed somewhere else since you opened this page. What you wrote is below but not saved: open the page again to see the latest.",
          },
          status: 409,
        });
      }
      return problemPage(reply, me, response.status, response.body.message);
    },
  );
}
