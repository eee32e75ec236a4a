/**
 * Funding reports: the service report (managers; practitioners for their own caseload) and the
 * national report (researchers, admins), as JSON, CSV or PDF. Every download is audited.
 */
import {
  applyTemplate,
  buildReportModel,
  type PdfOptions,
  type ReportModel,
  ReportRequestError,
  renderCsv,
  renderJson,
  renderPdf,
  reportTrend,
} from '@harbour/reports';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { auditAlone } from '../lib/audit';
import { badRequest, forbidden, notFound } from '../lib/errors';
import { errorResponses, isoDate, practitionerRoles, uuid } from '../lib/schemas';
import { findProject } from '../projects/store';
import { readBranding } from '../reports/branding';

type Format = 'json' | 'csv' | 'pdf';
type NationalQuery = { from: string; to: string; format: Format };
type ServiceQuery = NationalQuery & { practitionerRole?: string; workerId?: string; projectId?: string };

const format = { type: 'string', enum: ['json', 'csv', 'pdf'], default: 'json' } as const;

const reportResponse = {
  description:
    'The report model `{scope, period, filters, generatedAt, sections: [{key, title, figures, tables, charts}]}` (format=json), ' +
    'one row per figure (format=csv), or the PDF (format=pdf, an attachment).',
  content: {
    'application/json': { schema: { type: 'object', additionalProperties: true } },
    'text/csv': { schema: { type: 'string' } },
    'application/pdf': { schema: { type: 'string', format: 'binary' } },
  },
} as const;

function filenameOf(model: ReportModel, ext: Format): string {
  const scope = model.scope.kind === 'national' ? 'national' : 'service';
  return `harbour-${scope}-report-${model.period.from}-to-${model.period.to}.${ext}`;
}

async function send(reply: FastifyReply, model: ReportModel, as: Format, pdfOptions?: () => Promise<PdfOptions>) {
  if (as === 'json') return reply.type('application/json; charset=utf-8').send(renderJson(model));
  const attachment = `attachment; filename="${filenameOf(model, as)}"`;
  if (as === 'csv') {
    return reply.type('text/csv; charset=utf-8').header('content-disposition', attachment).send(renderCsv(model));
  }
  return reply
    .type('application/pdf')
    .header('content-disposition', attachment)
    .send(await renderPdf(model, pdfOptions ? await pdfOptions() : {}));
}

function checkedPeriod({ from, to }: NationalQuery) {
  if (to < from) {
    throw badRequest('The period ends before it starts', [{ pointer: '/to', message: 'must not be before from' }]);
  }
  return { from, to };
}

export default async function reportRoutes(app: FastifyInstance) {
  const modules = app.registry.modules();

  const build = async (options: Parameters<typeof buildReportModel>[1]) => {
    try {
      return await buildReportModel(app.readDb, { ...options, now: app.clock(), primary: app.db });
    } catch (error) {
      if (error instanceof ReportRequestError) {
        throw error.code === 'unknown_service' ? notFound() : badRequest(error.message);
      }
      throw error;
    }
  };

  const audit = (request: FastifyRequest, model: ReportModel, as: Format) =>
    auditAlone(app.db, request, {
      action: 'report.download',
      objectType: model.scope.kind === 'national' ? 'national_report' : 'service_report',
      objectId: model.scope.kind === 'service' ? model.scope.serviceId : 'national',
      status: 200,
      details: { ...model.period, filters: model.filters, format: as },
    });

  app.get<{ Querystring: ServiceQuery }>(
    '/api/v1/reports/service',
    {
      config: { access: ['manager', 'practitioner'] },
      schema: {
        tags: ['reports'],
        summary: "The service's report for a period, practitioner role or worker (JSON, CSV or PDF)",
        description:
          'Managers get the whole service or any filter; a practitioner gets the report of their own caseload only. ' +
          'Intake sections count cases opened in the period, outcome sections cases closed in it, caseload cases open at ' +
          'any time in it. Disclosure control (k = 5 by default) is applied before any format is written.',
        querystring: {
          type: 'object',
          required: ['from', 'to'],
          additionalProperties: false,
          properties: {
            from: isoDate,
            to: isoDate,
            practitionerRole: { type: 'string', enum: [...practitionerRoles] },
            workerId: uuid,
            projectId: uuid,
            format,
          },
        },
        response: { 200: reportResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const auth = request.auth!;
      const { practitionerRole, workerId, projectId } = request.query;
      if (auth.role === 'practitioner' && workerId && workerId !== auth.userId) {
        throw forbidden("A practitioner's report covers their own caseload only");
      }
      const project = projectId ? await request.tenant((tx) => findProject(tx, auth.serviceId!, projectId)) : undefined;
      if (projectId && !project) throw notFound();
      const built = await build({
        scope: { kind: 'service', serviceId: auth.serviceId! },
        period: checkedPeriod(request.query),
        filters: {
          ...(practitionerRole ? { practitionerRole } : {}),
          ...(auth.role === 'practitioner' ? { workerId: auth.userId } : workerId ? { workerId } : {}),
          ...(projectId ? { projectId } : {}),
        },
        modules,
        actor: { userId: auth.userId, role: auth.role! },
      });
      // A project's report shows the sections of its template.
      const model = project ? applyTemplate(built, project.sections) : built;
      await audit(request, model, request.query.format);
      // The PDF's summary has the trend of the quarters to the period's end, and the service's
      // own name, logo and narrative: only in this service's copy.
      const pdfOptions = async (): Promise<PdfOptions> => {
        const [trend, branding] = await Promise.all([
          reportTrend(app.readDb, {
            serviceId: auth.serviceId!,
            filters: model.filters,
            actor: { userId: auth.userId, role: auth.role! },
            period: model.period,
            modules,
            k: model.disclosureThreshold,
          }),
          auth.role === 'manager' ? request.tenant((tx) => readBranding(tx, auth.serviceId!)) : undefined,
        ]);
        return {
          trend: trend.map((p) => ({
            label: p.quarter.label,
            opened: p.figures.get('cases_opened'),
            stopped: p.figures.get('all_abuse_stopped'),
          })),
          ...(branding ? { branding } : {}),
          ...(project ? { project: { name: project.name, funder: project.funder } } : {}),
        };
      };
      return send(reply, model, request.query.format, pdfOptions);
    },
  );

  app.get<{ Querystring: NationalQuery }>(
    '/api/v1/reports/national',
    {
      config: { access: ['researcher', 'admin'] },
      schema: {
        tags: ['reports'],
        summary: 'The national dataset report for a period (JSON, CSV or PDF)',
        description:
          'Services that share with the national dataset, clients who consented to research; counts below 10 are hidden.',
        querystring: {
          type: 'object',
          required: ['from', 'to'],
          additionalProperties: false,
          properties: { from: isoDate, to: isoDate, format },
        },
        response: { 200: reportResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const auth = request.auth!;
      const model = await build({
        scope: { kind: 'national' },
        period: checkedPeriod(request.query),
        modules,
        actor: { userId: auth.userId, role: auth.role! },
      });
      await audit(request, model, request.query.format);
      return send(reply, model, request.query.format);
    },
  );
}
