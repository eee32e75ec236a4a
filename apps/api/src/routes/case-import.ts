/** Importing cases from a CSV or JSON-lines file named by the data dictionary. */
import type { FastifyInstance } from 'fastify';
import { IDEMPOTENCY_KEY_SCHEMA } from '../cases/idempotency';
import { importCases } from '../cases/import/import-cases';
import { findImportMapping, saveImportMapping } from '../cases/import/import-mappings';
import type { ImportFormat } from '../cases/import/parse-import';
import { mappedImportCsv, type SpreadsheetKind, spreadsheetRows } from '../cases/import/spreadsheet';
import { writeErrors } from '../cases/schemas';
import { auditInTx } from '../lib/audit';
import { AppError, notFound } from '../lib/errors';
import { errorResponses } from '../lib/schemas';

const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;
const FORMATS: Record<string, ImportFormat> = { 'text/csv': 'csv', 'application/x-ndjson': 'ndjson' };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SPREADSHEETS: Record<string, SpreadsheetKind> = { 'text/csv': 'csv', [XLSX]: 'xlsx' };

const mappingName = { type: 'string', pattern: '^[A-Za-z0-9 _.-]{1,100}$' } as const;
const mappingColumns = {
  type: 'object',
  maxProperties: 500,
  propertyNames: { maxLength: 200 },
  additionalProperties: { type: ['string', 'null'], maxLength: 200 },
} as const;

const importedCount = { type: 'integer' } as const;
const rejectedRows = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      row: { type: 'integer' },
      errors: {
        type: 'array',
        items: { type: 'object', properties: { pointer: { type: 'string' }, message: { type: 'string' } } },
      },
    },
  },
} as const;
const importResult = { type: 'object', properties: { imported: importedCount, rejected: rejectedRows } } as const;
const spreadsheetImportResult = {
  type: 'object',
  properties: {
    imported: importedCount,
    valid: { type: 'integer', description: 'In a preview: the rows that would be imported' },
    rejected: rejectedRows,
  },
} as const;
const savedMapping = { type: 'object', properties: { name: { type: 'string' }, columns: mappingColumns } } as const;

export default async function caseImportRoutes(app: FastifyInstance) {
  // Registered inside this plugin, so these content types are accepted by the import alone.
  for (const type of Object.keys(FORMATS)) {
    app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) =>
      done(null, body),
    );
  }
  app.addContentTypeParser(XLSX, { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) =>
    done(null, body),
  );

  app.put<{ Params: { name: string }; Body: { columns: Record<string, string | null> } }>(
    '/api/v1/import-mappings/:name',
    {
      config: { access: ['manager'] },
      schema: {
        tags: ['cases'],
        summary: "Save a mapping from a spreadsheet's headings to import columns, for this and later uploads",
        params: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: mappingName } },
        body: {
          type: 'object',
          required: ['columns'],
          additionalProperties: false,
          properties: { columns: mappingColumns },
        },
        response: { 200: savedMapping, ...errorResponses },
      },
    },
    async (request) => {
      const auth = request.auth!;
      await request.tenant(async (tx) => {
        await saveImportMapping(tx, {
          serviceId: auth.serviceId!,
          name: request.params.name,
          columns: request.body.columns,
          userId: auth.userId,
          now: app.clock(),
        });
        await auditInTx(tx, request, {
          action: 'import_mapping.saved',
          objectType: 'import_mapping',
          status: 200,
          details: { name: request.params.name },
        });
      });
      return { name: request.params.name, columns: request.body.columns };
    },
  );

  app.get<{ Params: { name: string } }>(
    '/api/v1/import-mappings/:name',
    {
      config: { access: ['practitioner', 'manager'] },
      schema: {
        tags: ['cases'],
        summary: "A saved mapping of the caller's service",
        params: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: mappingName } },
        response: { 200: savedMapping, ...errorResponses },
      },
    },
    async (request) => {
      const columns = await request.tenant((tx) =>
        findImportMapping(tx, request.auth!.serviceId!, request.params.name),
      );
      if (!columns) throw notFound();
      return { name: request.params.name, columns };
    },
  );

  app.post<{
    Body: Buffer | string;
    Querystring: { mapping?: string; preview: boolean };
    Headers: { 'idempotency-key'?: string };
  }>(
    '/api/v1/cases/import/spreadsheet',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      config: { access: ['manager'], caseLevel: true },
      schema: {
        tags: ['cases'],
        summary:
          'Import past cases from a spreadsheet (CSV or .xlsx) whose headings a saved mapping turns into import columns; preview=true checks every row and writes nothing',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { mapping: mappingName, preview: { type: 'boolean', default: false } },
        },
        headers: { type: 'object', properties: { 'idempotency-key': IDEMPOTENCY_KEY_SCHEMA } },
        body: {
          content: {
            'text/csv': { schema: { type: 'string' } },
            [XLSX]: { schema: { description: 'An Excel workbook (.xlsx): its first sheet, headings in row 1' } },
          },
        },
        response: { 200: spreadsheetImportResult, ...writeErrors, ...errorResponses },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const mediaType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const kind = SPREADSHEETS[mediaType];
      if (!kind) throw new AppError(415, `Send the file as text/csv or ${XLSX}`);
      const { mapping: name, preview } = request.query;
      const mapping = name ? await request.tenant((tx) => findImportMapping(tx, auth.serviceId!, name)) : {};
      if (!mapping) {
        throw new AppError(422, `There is no saved mapping called ${name}`, [
          { pointer: '/mapping', message: 'is not a saved mapping of this service' },
        ]);
      }
      const body = typeof request.body === 'string' ? Buffer.from(request.body) : request.body;
      const { csv, sheetRowOf } = mappedImportCsv(await spreadsheetRows(body, kind), mapping);
      const result = await importCases({
        db: app.db,
        registry: app.registry,
        importer: { serviceId: auth.serviceId!, userId: auth.userId, email: auth.email, role: 'manager' },
        ip: request.ip,
        now: app.clock(),
        body: csv,
        format: 'csv',
        log: request.log,
        keyring: app.keyring,
        dryRun: preview,
        ...(request.headers['idempotency-key'] && !preview
          ? { idempotencyKey: request.headers['idempotency-key'] }
          : {}),
      });
      // rows as the spreadsheet numbers them (headings are row 1), where the manager will look
      return { ...result, rejected: result.rejected.map((r) => ({ ...r, row: sheetRowOf(r.row) })) };
    },
  );

  app.post<{ Body: string; Headers: { 'idempotency-key'?: string } }>(
    '/api/v1/cases/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      config: { access: ['practitioner', 'manager'], caseLevel: true },
      schema: {
        tags: ['cases'],
        summary:
          'Import cases, one a row: CSV (text/csv, arrays as a|b|c) or JSON lines (application/x-ndjson); columns case.reference, case.opened_at, case.worker_email, case.practitioner_role and <formKey>.<field> of the data dictionary',
        headers: { type: 'object', properties: { 'idempotency-key': IDEMPOTENCY_KEY_SCHEMA } },
        body: {
          content: {
            'text/csv': { schema: { type: 'string' } },
            'application/x-ndjson': { schema: { type: 'string' } },
          },
        },
        response: { 200: importResult, ...writeErrors, ...errorResponses },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const mediaType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const format = FORMATS[mediaType];
      if (!format) throw new AppError(415, 'Send the file as text/csv or application/x-ndjson');
      const key = request.headers['idempotency-key'];
      return importCases({
        db: app.db,
        registry: app.registry,
        importer: {
          serviceId: auth.serviceId!,
          userId: auth.userId,
          email: auth.email,
          role: auth.role as 'practitioner' | 'manager',
        },
        ip: request.ip,
        now: app.clock(),
        body: request.body,
        format,
        ...(key ? { idempotencyKey: key } : {}),
        log: request.log,
        keyring: app.keyring,
      });
    },
  );
}
