/** The manager's home page: the dashboard, from the same API as `GET /api/v1/dashboard`. */
import type { FastifyInstance } from 'fastify';
import type { Problem } from '../api-client';
import { ukDate, type WebOptions } from '../options';
import { type DashboardJson, dashboardPage } from '../pages/dashboard';
import { problemPage, sendHtml, signedIn } from '../respond';
import { projectsOf } from './projects';

export default async function dashboardRoutes(app: FastifyInstance, options: WebOptions) {
  app.get<{ Querystring: { asOf?: string; projectId?: string } }>('/dashboard', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['manager']);
    if (!signed) return reply;
    const projects = await projectsOf(signed.api);
    // "All cases" sends an empty projectId; an id of no project of the service is a page not found.
    const project = request.query.projectId ? projects.find((p) => p.id === request.query.projectId) : undefined;
    if (request.query.projectId && !project) {
      return problemPage(reply, signed.me, 404, 'Not found');
    }
    const asOf = request.query.asOf ?? ukDate(options.clock());
    const response = await signed.api.get<DashboardJson & Problem>('/dashboard', { asOf, projectId: project?.id });
    if (response.status !== 200) return problemPage(reply, signed.me, response.status, response.body.message);
    return sendHtml(
      reply,
      dashboardPage({
        me: signed.me,
        dashboard: response.body,
        filter: { projects, asOf: request.query.asOf, ...(project ? { project } : {}) },
      }),
    );
  });
}
