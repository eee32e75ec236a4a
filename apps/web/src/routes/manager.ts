/** A manager's pages: reports, module activation, users of the service. */
import type { Member } from '@harbour/contract';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { type Api, type Problem, problemText } from '../api-client';
import type { FieldProblem, Me, Notice } from '../layout';
import { ukDate, type WebOptions } from '../options';
import { type ReportJson, type ReportQuery, reportsPage } from '../pages/reports';
import { invitationNotice, type ModuleInfo, modulesPage, usersPage } from '../pages/service';
import { type ExportDraft, serviceExportPage } from '../pages/service-export';
import { lastFinancialYear, periodFor } from '../periods';
import { problemPage, seeOther, sendHtml, signedIn } from '../respond';
import { projectsOf } from './projects';

type Body = Record<string, string | undefined>;

async function membersOf(api: Api, serviceId: string): Promise<Member[]> {
  const response = await api.get<Member[]>(`/services/${serviceId}/members`);
  return response.status === 200 ? response.body : [];
}

const posted = (value: string | undefined) => (value ?? '').trim();

/** The export as the form posted it. */
function exportDraft(body: Body): ExportDraft {
  return {
    from: posted(body.from),
    to: posted(body.to),
    projectId: posted(body.projectId),
    purpose: posted(body.purpose),
    includeFreeText: body.includeFreeText === 'yes',
    format: body.format === 'csv' ? 'csv' : 'xlsx',
    table: posted(body.table) || 'cases',
  };
}

/** The export's body for the API: blank dates are left out, for the API to name as required. */
function exportBody(draft: ExportDraft) {
  return {
    ...(draft.from ? { from: draft.from } : {}),
    ...(draft.to ? { to: draft.to } : {}),
    ...(draft.projectId ? { projectId: draft.projectId } : {}),
    purpose: draft.purpose,
    includeFreeText: draft.includeFreeText,
    format: draft.format,
    ...(draft.format === 'csv' ? { table: draft.table } : {}),
  };
}

/** The API's problem as field errors of the export form, in plain words. */
function exportProblems(problem: Problem): FieldProblem[] {
  const details = problem.details ?? [];
  if (problem.statusCode === 404) return [{ pointer: '/projectId', message: 'is not a project of the service' }];
  if (!details.length) return [{ pointer: '/purpose', message: `could not be used: ${problem.message}` }];
  return details.map((d) => ({
    pointer: d.pointer,
    message: d.message.includes('fewer than 10')
      ? 'must be at least 10 characters'
      : d.message.includes('format "date"')
        ? 'must be a date, such as 2026-04-01'
        : d.message,
  }));
}

export default async function managerRoutes(app: FastifyInstance, options: WebOptions) {
  app.get('/reports/export', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['manager']);
    if (!signed) return reply;
    const year = lastFinancialYear(ukDate(options.clock()));
    const draft: ExportDraft = { ...exportDraft({}), from: year.from, to: year.to };
    const projects = await projectsOf(signed.api);
    return sendHtml(reply, serviceExportPage({ me: signed.me, draft, errors: [], projects }));
  });

  app.post<{ Body: Body }>('/reports/export', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['manager']);
    if (!signed) return reply;
    const draft = exportDraft(request.body ?? {});
    const response = await signed.api.download('/exports/service', exportBody(draft));
    if (response.status === 200) {
      return reply
        .type(String(response.headers['content-type']))
        .header('content-disposition', String(response.headers['content-disposition']))
        .send(response.body);
    }
    const errors = exportProblems(response.body as Problem);
    const projects = await projectsOf(signed.api);
    return sendHtml(reply, serviceExportPage({ me: signed.me, draft, errors, projects }), 422);
  });

  app.get<{ Querystring: ReportQuery }>('/reports', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['manager']);
    if (!signed) return reply;
    const serviceId = signed.me.serviceId ?? '';
    const query = request.query;
    const [members, projects] = await Promise.all([membersOf(signed.api, serviceId), projectsOf(signed.api)]);
    const period = query.period ? periodFor(query.period, ukDate(options.clock()), query.from, query.to) : undefined;
    let report: ReportJson | undefined;
    let error: string | undefined;
    let downloadQuery: string | undefined;
    if (query.period && !period) error = 'Choose a period: for custom dates, a start date on or before the end date.';
    if (period) {
      const filters = new URLSearchParams({ from: period.from, to: period.to });
      if (query.practitionerRole) filters.set('practitionerRole', query.practitionerRole);
      if (query.workerId) filters.set('workerId', query.workerId);
      if (query.projectId) filters.set('projectId', query.projectId);
      downloadQuery = filters.toString();
      const response = await signed.api.get<ReportJson & Problem>('/reports/service', {
        ...Object.fromEntries(filters),
        format: 'json',
      });
      if (response.status === 200) report = response.body;
      else if (response.status === 404) error = 'Reports are not available on this server yet.';
      else error = `The report could not be made: ${problemText(response.body)}`;
    }
    return sendHtml(
      reply,
      reportsPage({
        me: signed.me,
        query,
        period,
        members,
        projects,
        report,
        downloadQuery,
        ...(error ? { error } : {}),
      }),
      error && period ? 422 : 200,
    );
  });

  async function renderModules(reply: FastifyReply, api: Api, me: Me, notice?: Notice, status = 200) {
    const response = await api.get<ModuleInfo[] & Problem>(`/services/${me.serviceId}/modules`);
    if (response.status !== 200) return problemPage(reply, me, response.status, response.body.message);
    return sendHtml(reply, modulesPage({ me, modules: response.body, ...(notice ? { notice } : {}) }), status);
  }

  app.get('/service/modules', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['manager']);
    if (!signed) return reply;
    return renderModules(reply, signed.api, signed.me);
  });

  app.post<{ Params: { moduleKey: string }; Body: Body }>('/service/modules/:moduleKey', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['manager']);
    if (!signed) return reply;
    const activeFrom = request.body?.activeFrom ?? '';
    const activeTo = request.body?.activeTo || null;
    const response = await signed.api.send<ModuleInfo & Problem>(
      'PUT',
      `/services/${signed.me.serviceId}/modules/${encodeURIComponent(request.params.moduleKey)}`,
      { activeFrom, activeTo },
    );
    if (response.status !== 200) {
      return renderModules(
        reply,
        signed.api,
        signed.me,
        { kind: 'error', text: `Not saved. ${problemText(response.body)}` },
        422,
      );
    }
    return renderModules(reply, signed.api, signed.me, {
      kind: 'success',
      text: `${response.body.title}: dates saved.`,
    });
  });

  app.get('/service/users', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['manager']);
    if (!signed) return reply;
    const serviceId = signed.me.serviceId ?? '';
    return sendHtml(reply, usersPage({ me: signed.me, serviceId, members: await membersOf(signed.api, serviceId) }));
  });

  app.post<{ Body: Body }>('/service/users', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['manager']);
    if (!signed) return reply;
    const serviceId = signed.me.serviceId ?? '';
    const b = request.body ?? {};
    const response = await signed.api.send<{ email: string; url: string; code: string } & Problem>(
      'POST',
      `/services/${serviceId}/invitations`,
      {
        email: (b.email ?? '').trim(),
        role: b.role === 'manager' ? 'manager' : 'practitioner',
        ...(b.practitionerRole ? { practitionerRole: b.practitionerRole } : {}),
      },
    );
    const notice: Notice =
      response.status === 201
        ? invitationNotice(response.body.email, response.body.url, response.body.code)
        : { kind: 'error', text: `Not invited. ${problemText(response.body)}` };
    return sendHtml(
      reply,
      usersPage({ me: signed.me, serviceId, members: await membersOf(signed.api, serviceId), notice }),
      response.status === 201 ? 201 : 422,
    );
  });

  app.post<{ Params: { userId: string } }>('/service/users/:userId/remove', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['manager']);
    if (!signed) return reply;
    const serviceId = signed.me.serviceId ?? '';
    const members = await membersOf(signed.api, serviceId);
    const member = members.find((m) => m.userId === request.params.userId);
    if (!member) return problemPage(reply, signed.me, 404, 'Not found');
    const response = await signed.api.send<Problem>('DELETE', `/services/${serviceId}/members/${member.userId}`);
    const notice: Notice =
      response.status === 204
        ? { kind: 'success', text: `${member.name} is no longer a member of the service. Their account is untouched.` }
        : { kind: 'error', text: `Not removed. ${problemText(response.body)}` };
    return sendHtml(
      reply,
      usersPage({ me: signed.me, serviceId, members: await membersOf(signed.api, serviceId), notice }),
      response.status === 204 ? 200 : 409,
    );
  });

  app.get('/service', async (_request, reply) => seeOther(reply, '/service/modules'));
}
