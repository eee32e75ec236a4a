/** The manager's home page: the dashboard, from the same API as `GET /api/v1/dashboard`. */
import type { FastifyInstance } from 'fastify';
import type { Problem } from '../api-client';
import { ukDate, type WebOptions } from '../options';
import { type DashboardJson, dashboardPage } from '../pages/dashboard';
import { problemPage, sendHtml, signedIn } from '../respond';

export default async function dashboardRoutes(app: FastifyInstance, options: WebOptions) {
  app.get<{ Querystring: { asOf?: string } }>('/dashboard', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['manager']);
    if (!signed) return reply;
    const response = await signed.api.get<DashboardJson & Problem>('/dashboard', {
      asOf: request.query.asOf ?? ukDate(options.clock()),
    });
    if (response.status !== 200) return problemPage(reply, signed.me, response.status, response.body.message);
    return sendHtml(reply, dashboardPage({ me: signed.me, dashboard: response.body }));
  });
}
