/** Importing cases from a CSV or JSON-lines file named by the data dictionary. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { IDEMPOTENCY_KEY_SCHEMA, requestHash } from '../cases/idempotency';
import { importCases } from '../cases/import/import-cases';
import { importColumnChoices } from '../cases/import/import-columns';
import { findImportMapping, listImportMappings, saveImportMapping } from '../cases/import/import-mappings';
import { ImportUploads, type JobContext } from '../cases/import/import-uploads';
import type { ImportFormat } from '../cases/import/parse-import';
import { mappedImport, type SpreadsheetKind, spreadsheetHeadings, spreadsheetRows } from '../cases/import/spreadsheet';
import { auditAlone, auditInTx } from '../lib/audit';
import { AppError, notFound } from '../lib/errors';
import { errorResponses, writeErrors } from '../lib/schemas';

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
const uploadId = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', format: 'uuid' } },
} as const;
const nullable = <T extends object>(schema: T) => ({ anyOf: [schema, { type: 'null' }] }) as const;
const uploadView = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['csv', 'xlsx'] },
    fileName: { type: ['string', 'null'] },
    headings: { type: 'array', items: { type: 'string' } },
    uploadedAt: { type: 'string', format: 'date-time' },
    state: { type: 'string', enum: ['uploaded', 'checking', 'checked', 'importing', 'imported', 'failed'] },
    progress: nullable({
      type: 'object',
      properties: {
        phase: { type: 'string', enum: ['reading', 'checking', 'importing'] },
        done: { type: 'integer' },
        total: { type: ['integer', 'null'] },
      },
    }),
    mapping: { type: ['string', 'null'], description: 'The saved mapping the last check or import used' },
    result: nullable(spreadsheetImportResult),
    problem: nullable({
      type: 'object',
      properties: {
        message: { type: 'string' },
        details: {
          type: 'array',
          items: { type: 'object', properties: { pointer: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    }),
  },
} as const;

function spreadsheetKind(contentType: string | undefined): SpreadsheetKind {
  const kind = SPREADSHEETS[(contentType ?? '').split(';')[0]!.trim().toLowerCase()];
  if (!kind) throw new AppError(415, `Send the file as text/csv or ${XLSX}`);
  return kind;
}

export default async function caseImportRoutes(app: FastifyInstance) {
  const uploads = new ImportUploads(app.clock);
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
      const kind = spreadsheetKind(request.headers['content-type']);
      const { mapping: name, preview } = request.query;
      const mapping = name ? await request.tenant((tx) => findImportMapping(tx, auth.serviceId!, name)) : {};
      if (!mapping) {
        throw new AppError(422, `There is no saved mapping called ${name}`, [
          { pointer: '/mapping', message: 'is not a saved mapping of this service' },
        ]);
      }
      const body = typeof request.body === 'string' ? Buffer.from(request.body) : request.body;
      return importCases({
        db: app.db,
        registry: app.registry,
        importer: { serviceId: auth.serviceId!, userId: auth.userId, email: auth.email, role: 'manager' },
        ip: request.ip,
        now: app.clock(),
        file: {
          format: 'spreadsheet',
          parsed: mappedImport(await spreadsheetRows(body, kind), mapping),
          fingerprint: requestHash(kind, body, JSON.stringify(mapping)),
        },
        log: request.log,
        keyring: app.keyring,
        dryRun: preview,
        ...(request.headers['idempotency-key'] && !preview
          ? { idempotencyKey: request.headers['idempotency-key'] }
          : {}),
      });
    },
  );

  app.get(
    '/api/v1/import-mappings',
    {
      config: { access: ['practitioner', 'manager'] },
      schema: {
        tags: ['cases'],
        summary: "The caller's service's saved mappings, the latest saved first",
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: { ...savedMapping.properties, updatedAt: { type: 'string', format: 'date-time' } },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => request.tenant((tx) => listImportMappings(tx, request.auth!.serviceId!)),
  );

  app.get(
    '/api/v1/cases/import/columns',
    {
      config: { access: ['practitioner', 'manager'], caseLevel: true },
      schema: {
        tags: ['cases'],
        summary: "The columns an import takes, to map a spreadsheet's headings to: the case's, then each form's fields",
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                column: { type: 'string' },
                label: { type: 'string' },
                form: { type: ['string', 'null'] },
                formTitle: { type: 'string' },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async () => importColumnChoices(app.registry),
  );

  app.post<{ Body: Buffer | string; Querystring: { fileName?: string } }>(
    '/api/v1/cases/import/uploads',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      config: { access: ['manager'], caseLevel: true },
      schema: {
        tags: ['cases'],
        summary:
          'Upload a spreadsheet (CSV or .xlsx) of past cases to map, check and import: kept in memory for an hour, answered with its headings',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { fileName: { type: 'string', pattern: '^[^/\\\\]{1,200}$' } },
        },
        body: {
          content: {
            'text/csv': { schema: { type: 'string' } },
            [XLSX]: { schema: { description: 'An Excel workbook (.xlsx): its first sheet, headings in row 1' } },
          },
        },
        response: { 201: uploadView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const auth = request.auth!;
      const kind = spreadsheetKind(request.headers['content-type']);
      const body = typeof request.body === 'string' ? Buffer.from(request.body) : request.body;
      const headings = await spreadsheetHeadings(body, kind);
      const upload = uploads.add({
        serviceId: auth.serviceId!,
        userId: auth.userId,
        kind,
        fileName: request.query.fileName ?? null,
        body,
        headings,
      });
      await auditAlone(app.db, request, {
        action: 'cases.import_upload',
        objectType: 'import_upload',
        objectId: upload.id,
        status: 201,
        details: { kind, bytes: body.length, headings: headings.length },
      });
      return reply.status(201).send(upload);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/cases/import/uploads/:id',
    {
      config: { access: ['manager'], caseLevel: true },
      schema: {
        tags: ['cases'],
        summary: "One of the caller's uploads: its state, the progress of its check or import, and the outcome",
        params: uploadId,
        response: { 200: uploadView, ...errorResponses },
      },
    },
    async (request) => uploads.find(request.params.id, uploader(request)),
  );

  app.post<{ Params: { id: string }; Body: { mapping: string } }>(
    '/api/v1/cases/import/uploads/:id/check',
    {
      config: { access: ['manager'], caseLevel: true },
      schema: {
        tags: ['cases'],
        summary:
          'Start checking every row of an upload with a saved mapping, writing nothing: its progress and each bad row and field are in the upload',
        params: uploadId,
        body: {
          type: 'object',
          required: ['mapping'],
          additionalProperties: false,
          properties: { mapping: mappingName },
        },
        response: { 202: uploadView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const who = uploader(request);
      uploads.find(request.params.id, who);
      const name = request.body.mapping;
      const columns = await request.tenant((tx) => findImportMapping(tx, who.serviceId, name));
      if (!columns) {
        throw new AppError(422, `There is no saved mapping called ${name}`, [
          { pointer: '/mapping', message: 'is not a saved mapping of this service' },
        ]);
      }
      return reply.status(202).send(uploads.check(request.params.id, who, { name, columns }, jobContext(request)));
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/cases/import/uploads/:id/import',
    {
      config: { access: ['manager'], caseLevel: true },
      schema: {
        tags: ['cases'],
        summary:
          'Start importing an upload with the mapping of its last check, which must have found no bad row (409 otherwise); each row whole or not at all',
        params: uploadId,
        response: { 202: uploadView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(202).send(uploads.import(request.params.id, uploader(request), jobContext(request))),
  );

  /** The caller, whose own uploads are the only ones they can see. */
  function uploader(request: FastifyRequest) {
    return { serviceId: request.auth!.serviceId!, userId: request.auth!.userId };
  }

  function jobContext(request: FastifyRequest): JobContext {
    const auth = request.auth!;
    return {
      db: app.db,
      registry: app.registry,
      importer: { serviceId: auth.serviceId!, userId: auth.userId, email: auth.email, role: 'manager' },
      ip: request.ip,
      now: app.clock(),
      log: app.log,
      keyring: app.keyring,
    };
  }

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
        file: { format, body: request.body },
        ...(key ? { idempotencyKey: key } : {}),
        log: request.log,
        keyring: app.keyring,
      });
    },
  );
}
