/**
 * The manager's dashboard as JSON: the last complete quarter and year against the ones before
 * and the national dataset, eight quarters of trend, and data-quality alerts. The web app's
 * home page for managers renders the same model.
 */

import { buildDashboard, DashboardRequestError } from '@harbour/reports';
import type { FastifyInstance } from 'fastify';
import { auditSummary } from '../audits/store';
import { ukDate } from '../cases/dates';
import { badRequest, notFound } from '../lib/errors';
import { errorResponses, isoDate, practitionerRoles, uuid } from '../lib/schemas';
import { findProject } from '../projects/store';

type DashboardQuery = { asOf?: string; practitionerRole?: string; workerId?: string; projectId?: string };

/** The twelve months ending on `asOf` (`back` = 1: the twelve before them). */
function twelveMonthsTo(asOf: string, back: number): { from: string; to: string } {
  const day = (iso: string, years: number, days: number) => {
    const date = new Date(`${iso}T00:00:00Z`);
    date.setUTCFullYear(date.getUTCFullYear() + years);
    date.setUTCDate(date.getUTCDate() + days);
    return date.toISOString().slice(0, 10);
  };
  return { from: day(asOf, -1 - back, 1), to: day(asOf, -back, 0) };
}

export default async function dashboardRoutes(app: FastifyInstance) {
  app.get<{ Querystring: DashboardQuery }>(
    '/api/v1/dashboard',
    {
      config: { access: ['manager'] },
      schema: {
        tags: ['reports'],
        summary: "The service's dashboard: quarter and year against the previous ones and the national dataset",
        description:
          'Cases opened and open, high-risk share, Marac referrals, abuse stopped, feels safer, client questionnaire ' +
          'response rate and cases per worker, for the last complete quarter and the last four quarters, with the ' +
          'eight quarters before `asOf` (today by default) as a trend, and data-quality alerts with their cases. ' +
          "Each quarter's figures equal that quarter's service report.",
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            asOf: isoDate,
            practitionerRole: { type: 'string', enum: [...practitionerRoles] },
            workerId: uuid,
            projectId: uuid,
          },
        },
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const { practitionerRole, workerId, projectId } = request.query;
      if (projectId) {
        const project = await request.tenant((tx) => findProject(tx, auth.serviceId!, projectId));
        if (!project) throw notFound();
      }
      try {
        const dashboard = await buildDashboard(app.db, {
          serviceId: auth.serviceId!,
          asOf: request.query.asOf ?? ukDate(app.clock()),
          filters: {
            ...(practitionerRole ? { practitionerRole } : {}),
            ...(workerId ? { workerId } : {}),
            ...(projectId ? { projectId } : {}),
          },
          actor: { userId: auth.userId, role: auth.role! },
          modules: app.registry.modules(),
          now: app.clock(),
        });
        // Case-file audit scores of the twelve months to asOf (files are scored as they go, not by
        // quarter) and the twelve before: the service's own, never national.
        const [year, previousYear] = await request.tenant((tx) =>
          Promise.all([
            auditSummary(tx, auth.serviceId!, twelveMonthsTo(dashboard.asOf, 0)),
            auditSummary(tx, auth.serviceId!, twelveMonthsTo(dashboard.asOf, 1)),
          ]),
        );
        return { ...dashboard, audits: { year, previousYear } };
      } catch (error) {
        if (error instanceof DashboardRequestError) throw badRequest(error.message);
        throw error;
      }
    },
  );
}
