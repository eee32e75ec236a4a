/** A manager's projects: list, define and change them, and set a case's own project. */

import type { Member } from '@harbour/contract';
import { type PostedForm, postedList } from '@harbour/html';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { type Api, type Problem, problemText, UUID } from '../api-client';
import type { Me, Notice } from '../layout';
import {
  EMPTY_DRAFT,
  type FieldProblem,
  PROJECT_FIELDS,
  type Project,
  type ProjectDraft,
  projectPage,
  projectsPage,
  type ReportSection,
} from '../pages/projects';
import { notFoundPage, problemPage, seeOther, sendHtml, signedIn } from '../respond';

/** The service's projects, or none when the API does not answer them (the pages then offer no filter). */
export async function projectsOf(api: Api): Promise<Project[]> {
  const response = await api.get<Project[]>('/projects');
  return response.status === 200 ? response.body : [];
}

const text = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() ?? '';

/** The project as the form posted it: blank optional fields are null, ticked boxes are lists. */
function draftFrom(form: PostedForm): ProjectDraft {
  return {
    name: text(form.name),
    funder: text(form.funder) || null,
    startsOn: text(form.startsOn),
    endsOn: text(form.endsOn) || null,
    workerIds: postedList(form.workerIds),
    practitionerRoles: postedList(form.practitionerRoles),
    sections: postedList(form.sections),
  };
}

/** What the page must say before asking the API: the fields a person left blank, in plain words. */
function blankFields(draft: ProjectDraft): FieldProblem[] {
  return [
    ...(draft.name ? [] : [{ pointer: '/name', message: "is required: enter the project's name" }]),
    ...(draft.startsOn ? [] : [{ pointer: '/startsOn', message: 'is required: enter the day the project starts' }]),
  ];
}

/** The API's field problems, worded for the form; a problem of no field goes under the nearest one. */
function problemsOf(problem: Problem): FieldProblem[] {
  const details = problem.details ?? [];
  if (!details.length) return [{ pointer: '/name', message: `could not be saved: ${problem.message}` }];
  return details.map((d) => {
    const pointer =
      Object.keys(PROJECT_FIELDS).find((p) => d.pointer === p || d.pointer.startsWith(`${p}/`)) ?? '/name';
    const message = d.message.includes('format "date"')
      ? 'must be a date, such as 2026-04-01'
      : d.message.replace('startsOn', 'the start date');
    return { pointer, message };
  });
}

export default async function projectRoutes(app: FastifyInstance) {
  async function context(api: Api, me: Me) {
    const [projects, members, sections] = await Promise.all([
      projectsOf(api),
      api.get<Member[]>(`/services/${me.serviceId}/members`),
      api.get<ReportSection[]>('/reports/sections'),
    ]);
    return {
      projects,
      members: members.status === 200 ? members.body : [],
      sections: sections.status === 200 ? sections.body : [],
    };
  }

  async function renderList(
    reply: FastifyReply,
    api: Api,
    me: Me,
    extra: { draft?: ProjectDraft; errors?: FieldProblem[]; notice?: Notice; status?: number } = {},
  ) {
    return sendHtml(
      reply,
      projectsPage({
        me,
        ...(await context(api, me)),
        draft: extra.draft ?? EMPTY_DRAFT,
        errors: extra.errors ?? [],
        ...(extra.notice ? { notice: extra.notice } : {}),
      }),
      extra.status ?? 200,
    );
  }

  async function renderProject(
    reply: FastifyReply,
    api: Api,
    me: Me,
    id: string,
    edit?: { draft: ProjectDraft; errors: FieldProblem[] },
  ) {
    const { projects, members, sections } = await context(api, me);
    const project = UUID.test(id) ? projects.find((p) => p.id === id) : undefined;
    if (!project) return notFoundPage(reply, me);
    return sendHtml(
      reply,
      projectPage({ me, project, draft: edit?.draft ?? project, errors: edit?.errors ?? [], members, sections }),
      edit ? 422 : 200,
    );
  }

  app.get<{ Querystring: { done?: string } }>('/projects', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['manager']);
    if (!signed) return reply;
    const notice: Notice | undefined =
      request.query.done === 'created'
        ? { kind: 'success', text: 'The project is defined.' }
        : request.query.done === 'saved'
          ? { kind: 'success', text: 'The project is saved.' }
          : undefined;
    return renderList(reply, signed.api, signed.me, notice ? { notice } : {});
  });

  app.post<{ Body: PostedForm }>('/projects', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['manager']);
    if (!signed) return reply;
    const draft = draftFrom(request.body ?? {});
    const blank = blankFields(draft);
    if (blank.length) return renderList(reply, signed.api, signed.me, { draft, errors: blank, status: 422 });
    const response = await signed.api.send<Project & Problem>('POST', '/projects', draft);
    if (response.status !== 201) {
      return renderList(reply, signed.api, signed.me, { draft, errors: problemsOf(response.body), status: 422 });
    }
    return seeOther(reply, '/projects?done=created');
  });

  app.get<{ Params: { id: string } }>('/projects/:id', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['manager']);
    if (!signed) return reply;
    return renderProject(reply, signed.api, signed.me, request.params.id);
  });

  app.post<{ Params: { id: string }; Body: PostedForm }>('/projects/:id', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['manager']);
    if (!signed) return reply;
    const { id } = request.params;
    if (!UUID.test(id)) return notFoundPage(reply, signed.me);
    const draft = draftFrom(request.body ?? {});
    const blank = blankFields(draft);
    if (blank.length) return renderProject(reply, signed.api, signed.me, id, { draft, errors: blank });
    const response = await signed.api.send<Project & Problem>('PUT', `/projects/${id}`, draft);
    if (response.status === 404) return notFoundPage(reply, signed.me);
    if (response.status !== 200) {
      return renderProject(reply, signed.api, signed.me, id, { draft, errors: problemsOf(response.body) });
    }
    return seeOther(reply, '/projects?done=saved');
  });

  app.post<{ Params: { id: string }; Body: PostedForm }>('/cases/:id/project', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['manager']);
    if (!signed) return reply;
    const { id } = request.params;
    if (!UUID.test(id)) return notFoundPage(reply, signed.me);
    const projectId = text(request.body?.projectId) || null;
    const response = await signed.api.send<Problem>('PUT', `/cases/${id}/project`, { projectId });
    if (response.status === 404) return notFoundPage(reply, signed.me);
    if (response.status !== 200) {
      return problemPage(reply, signed.me, response.status, `The project was not saved. ${problemText(response.body)}`);
    }
    return seeOther(reply, `/cases/${id}?done=project`);
  });
}
