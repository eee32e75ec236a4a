/**
 * A manager takes their service's own cases out for their own analysis: cases open at any time
 * in a period, as CSV (a file per table) or XLSX (a sheet per table), with a codebook and value
 * labels. The purpose is required and recorded with the export in the audit log; free text and
 * sensitive fields are included only when asked for.
 */
import type { FastifyInstance } from 'fastify';
import { auditInTx } from '../lib/audit';
import { badRequest, notFound } from '../lib/errors';
import { errorResponses, isoDate, uuid } from '../lib/schemas';
import { findProject } from '../projects/store';
import { serviceExportTables } from '../service-export/columns';
import { csvTableNames, renderCsvTable, renderXlsx } from '../service-export/render';
import { exportRows } from '../service-export/rows';

type ExportBody = {
  from: string;
  to: string;
  format: 'csv' | 'xlsx';
  purpose: string;
  table?: string;
  includeFreeText?: boolean;
  projectId?: string;
};

export default async function serviceExportRoutes(app: FastifyInstance) {
  // The tables follow from the installed forms alone: built once, with and without free text.
  const tablesWithFreeText = serviceExportTables(app.registry, true);
  const tablesWithoutFreeText = serviceExportTables(app.registry, false);
  app.post<{ Body: ExportBody }>(
    '/api/v1/exports/service',
    {
      config: { access: ['manager'] },
      schema: {
        tags: ['reports'],
        summary: "The service's own cases of a period as CSV or XLSX, with a codebook and value labels (audited)",
        description:
          'Cases open at any time in the period, one row a case and one column a field; repeated groups (children) ' +
          'in their own table. CSV gives one table a request (`table`: `cases`, a repeated table, `codebook` or ' +
          '`value_labels`); XLSX gives all of them as sheets. Free text only with `includeFreeText`.',
        body: {
          type: 'object',
          required: ['from', 'to', 'format', 'purpose'],
          additionalProperties: false,
          properties: {
            from: isoDate,
            to: isoDate,
            format: { type: 'string', enum: ['csv', 'xlsx'] },
            purpose: { type: 'string', minLength: 10, maxLength: 500 },
            table: { type: 'string', maxLength: 60 },
            includeFreeText: { type: 'boolean', default: false },
            projectId: uuid,
          },
        },
        response: {
          200: {
            description: 'The file',
            content: {
              'text/csv': { schema: { type: 'string' } },
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
                schema: { type: 'string', format: 'binary' },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const auth = request.auth!;
      const body = request.body;
      if (body.to < body.from) {
        throw badRequest('The period ends before it starts', [{ pointer: '/to', message: 'must not be before from' }]);
      }
      const includeFreeText = body.includeFreeText === true;
      const tables = includeFreeText ? tablesWithFreeText : tablesWithoutFreeText;
      const table = body.table ?? 'cases';
      if (body.format === 'csv' && !csvTableNames(tables).includes(table)) {
        throw badRequest('No such table', [
          { pointer: '/table', message: `must be one of ${csvTableNames(tables).join(', ')}` },
        ]);
      }
      const serviceId = auth.serviceId!;
      const rows = await request.tenant(async (tx) => {
        if (body.projectId && !(await findProject(tx, serviceId, body.projectId))) throw notFound();
        const exported = await exportRows(tx, {
          serviceId,
          period: { from: body.from, to: body.to },
          ...(body.projectId ? { projectId: body.projectId } : {}),
          tables,
          sealer: app.sealer,
          includeFreeText,
        });
        await auditInTx(tx, request, {
          action: 'service_export.download',
          objectType: 'service',
          objectId: serviceId,
          status: 200,
          details: {
            from: body.from,
            to: body.to,
            format: body.format,
            table: body.format === 'csv' ? table : 'all',
            purpose: body.purpose,
            includeFreeText,
            cases: exported.get('cases')?.length ?? 0,
            ...(body.projectId ? { projectId: body.projectId } : {}),
          },
        });
        return exported;
      });
      const base = `harbour-service-export-${body.from}-to-${body.to}`;
      if (body.format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${base}-${table}.csv"`)
          .send(renderCsvTable(tables, rows, table));
      }
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${base}.xlsx"`)
        .send(await renderXlsx(tables, rows));
    },
  );
}
