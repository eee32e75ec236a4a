import { randomBytes } from 'node:crypto';
import { PassThrough, type Writable } from 'node:stream';
import { withNationalScope } from '@harbour/db';
import { NATIONAL_THRESHOLD } from '@harbour/stats';
import { stringify } from 'csv-stringify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { auditAlone } from '../lib/audit';
import { badRequest, notFound, unprocessable } from '../lib/errors';
import { errorResponses, isoDate, uuid } from '../lib/schemas';
import {
  type CrosstabRequest,
  codesOfField,
  crosstabFields,
  crosstabOf,
  crosstabProblems,
  crosstabQuery,
  crosstabSize,
} from '../research/crosstab';
import { childLists, type ExportColumn, type ExportTable, exportColumns } from '../research/export-columns';
import { csvLines, jsonLines } from '../research/export-encoding';
import { parquetExport } from '../research/export-parquet';
import { exportReadme } from '../research/export-readme';
import {
  caseEncoder,
  caseRowsQuery,
  childRecord,
  childRowsQuery,
  type ExportValue,
  exportedForms,
  forEachBatch,
  type KAnonymityOutcome,
  kAnonymityOfRow,
  kAnonymityOutcome,
  occasionRecord,
  occasionRowsQuery,
} from '../research/export-rows';
import { STATISTICS_PACKAGES, type StatisticsPackage, syntaxExtension, syntaxOf } from '../research/export-syntax';
import { nationalCaseCount, type Period, researchPeriodProblems } from '../research/national-cases';
import { personRoots } from '../research/persons';
import { createExportKey, findExportKey, researchSettings, updateResearchSettings } from '../research/research-store';

const MAX_CROSSTAB_CELLS = 2500;

const periodProperties = { from: isoDate, to: isoDate } as const;

const codeSchema = {
  type: 'array',
  items: { type: 'object', properties: { code: { type: 'string' }, label: { type: 'string' } } },
} as const;

const dictionaryColumnSchema = {
  type: 'object',
  properties: {
    table: { type: 'string' },
    key: { type: 'string' },
    label: { type: 'string' },
    type: { type: 'string' },
    codes: codeSchema,
    form: { type: ['string', 'null'] },
    module: { type: ['string', 'null'] },
    version: { type: ['integer', 'null'] },
  },
} as const;

const countSchema = {
  type: 'object',
  properties: { count: { type: ['integer', 'null'] }, suppressed: { type: 'boolean' } },
} as const;

const crosstabResponse = {
  type: 'object',
  properties: {
    period: { type: 'object', properties: periodProperties },
    threshold: { type: 'integer' },
    rows: { type: 'array', items: { type: 'string' } },
    columns: { type: 'array', items: { type: 'string' } },
    filters: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, in: { type: 'array', items: { type: 'string' } } },
      },
    },
    rowCategories: {
      type: 'array',
      items: {
        type: 'object',
        properties: { codes: { type: 'array', items: { type: 'string' } }, label: { type: 'string' } },
      },
    },
    columnCategories: {
      type: 'array',
      items: {
        type: 'object',
        properties: { codes: { type: 'array', items: { type: 'string' } }, label: { type: 'string' } },
      },
    },
    cells: {
      type: 'array',
      items: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            count: { type: ['integer', 'null'] },
            suppressed: { type: 'boolean' },
            rowPercent: { type: ['number', 'null'] },
            columnPercent: { type: ['number', 'null'] },
          },
        },
      },
    },
    rowTotals: { type: 'array', items: countSchema },
    columnTotals: { type: 'array', items: countSchema },
    total: countSchema,
  },
} as const;

const settingsSchema = {
  type: 'object',
  properties: {
    kAnonymity: { type: 'integer' },
    crosstabThreshold: { type: 'integer' },
    minimumExportCases: { type: 'integer' },
  },
} as const;

/** Whole calendar quarters only (research/national-cases.ts says why). */
function checkedPeriod(query: Period): Period {
  const problems = researchPeriodProblems(query);
  if (problems.length > 0) throw badRequest('Research periods are whole calendar quarters', problems);
  return { from: query.from, to: query.to };
}

function dictionaryCsv(columns: ExportColumn[]): Promise<string> {
  const rows = columns.map((c) => [
    c.table,
    c.key,
    c.label,
    c.type,
    c.codes.map((code) => `${code.code}=${code.label}`).join('|'),
    c.form ?? '',
    c.module ?? '',
    c.version ?? '',
  ]);
  return new Promise((resolve, reject) =>
    stringify([['table', 'key', 'label', 'type', 'codes', 'form', 'module', 'version'], ...rows], (error, output) =>
      error ? reject(error) : resolve(output),
    ),
  );
}

/** Waits until `stream` wants more, or fails when it was closed (the client went away). */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = () => finish();
    const onClose = () => finish(new Error('the export stream closed before the end'));
    const finish = (error?: Error) => {
      stream.off('drain', onDrain);
      stream.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    stream.on('drain', onDrain);
    stream.on('close', onClose);
  });
}

async function write(stream: Writable, chunk: unknown): Promise<void> {
  if (stream.destroyed) throw new Error('the export stream closed before the end');
  if (!stream.write(chunk)) await drained(stream);
}

type ExportFormat = 'csv' | 'jsonl' | 'parquet';

const exportContentType: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
};

const filenameOf = (table: ExportTable, period: Period, format: string) =>
  `harbour-${table}-${period.from}-${period.to}.${format}`;

export default async function researchRoutes(app: FastifyInstance) {
  const allColumns = exportColumns(app.registry);
  const lists = childLists(allColumns);
  const forms = exportedForms(allColumns.filter((c) => c.table === 'cases'));
  const fields = crosstabFields(app.registry.dictionary());
  const scope = (request: FastifyRequest) => ({ userId: request.auth!.userId, role: request.auth!.role });

  app.get<{ Querystring: { format: 'json' | 'csv' } }>(
    '/api/v1/research/dictionary',
    {
      config: { access: ['researcher'] },
      schema: {
        tags: ['research'],
        summary: 'The data dictionary of every exported column (JSON or CSV)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { format: { type: 'string', enum: ['json', 'csv'], default: 'json' } },
        },
        response: {
          200: { type: 'object', properties: { columns: { type: 'array', items: dictionaryColumnSchema } } },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const columns = allColumns.map(({ source: _source, ...column }) => column);
      if (request.query.format === 'json') return { columns };
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="harbour-dictionary.csv"')
        .send(await dictionaryCsv(allColumns));
    },
  );

  app.get<{
    Querystring: Period & { format: ExportFormat; table: ExportTable; export?: string };
  }>(
    '/api/v1/research/export',
    {
      config: { access: ['researcher'] },
      schema: {
        tags: ['research'],
        summary:
          'Pseudonymised case-level rows of the national dataset over whole quarters, streamed (CSV, JSON lines or Parquet)',
        description:
          'One row per case opened in the period (table=cases), per child (table=children), per review ' +
          '(table=reviews) or per follow-up after closure (table=follow_ups). A new export ' +
          'gets a new pseudonymisation key and answers its id in X-Harbour-Export; pass it as `export` to ' +
          'fetch the other table with the same pseudonyms (for 24 hours). The Link header points to the ' +
          'README and the data dictionary; X-Harbour-K-Anonymity gives the k-anonymity outcome. Parquet has typed ' +
          'columns (a list of codes is a repeated text column); /research/export/syntax reads the CSV into SPSS, ' +
          'Stata, R or SAS with labels.',
        querystring: {
          type: 'object',
          required: ['from', 'to'],
          additionalProperties: false,
          properties: {
            ...periodProperties,
            format: { type: 'string', enum: ['csv', 'jsonl', 'parquet'], default: 'csv' },
            table: { type: 'string', enum: ['cases', 'children', 'reviews', 'follow_ups'], default: 'cases' },
            export: uuid,
          },
        },
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const { format, table } = request.query;
      const period = checkedPeriod(request.query);
      const userId = request.auth!.userId;
      const now = app.clock();
      const exportKey = request.query.export
        ? await findExportKey(app.db, userId, request.query.export, now)
        : await createExportKey(app.db, userId, period, now);
      if (!exportKey) throw notFound();
      if (exportKey.period.from !== period.from || exportKey.period.to !== period.to) {
        throw badRequest(`Export ${exportKey.id} covers ${exportKey.period.from} to ${exportKey.period.to}`, [
          { pointer: '/from', message: 'must be the period of the export' },
        ]);
      }
      const { kAnonymity, minimumExportCases } = await researchSettings(app.db);
      const population = await withNationalScope(app.readDb, scope(request), (tx) => nationalCaseCount(tx, period));
      if (population < minimumExportCases) {
        throw unprocessable(`An export needs at least ${minimumExportCases} cases: choose a longer period`, [
          { pointer: '/to', message: `the period holds too few cases (fewer than ${minimumExportCases})` },
        ]);
      }
      const columns = allColumns.filter((c) => c.table === table);
      const salt = randomBytes(16).toString('hex');
      const out = new PassThrough();
      const keys = columns.map((c) => c.key);
      const encode = format === 'csv' ? csvLines : (records: ExportValue[][]) => jsonLines(keys, records);
      const header = format === 'csv' ? csvLines([keys]) : '';
      const parquet = format === 'parquet' ? await parquetExport(columns, out) : undefined;

      // One statement reads the rows and counts the k-anonymity groups; the handler answers once
      // the first batch brings the counts (they go in the headers and the audit row) while the
      // rows keep flowing, a batch at a time.
      let started!: (outcome: KAnonymityOutcome | null) => void;
      let failed!: (error: unknown) => void;
      const ready = new Promise<KAnonymityOutcome | null>((resolve, reject) => {
        started = resolve;
        failed = reject;
      });
      let first = true;
      const writeBatch = async (records: ExportValue[][], outcome: KAnonymityOutcome | null) => {
        const opening = first;
        if (first) {
          first = false;
          started(outcome);
        }
        if (parquet) await parquet.write(records);
        else await write(out, (opening ? header : '') + encode(records));
      };
      withNationalScope(app.readDb, scope(request), async (tx) => {
        if (table === 'cases') {
          const record = caseEncoder(columns, exportKey.key, kAnonymity, await personRoots(tx));
          await forEachBatch(tx, caseRowsQuery(period, kAnonymity, salt, forms), (rows) =>
            writeBatch(rows.map(record), kAnonymityOfRow(rows[0], kAnonymity)),
          );
        } else if (table === 'reviews' || table === 'follow_ups') {
          const occasionForms = exportedForms(columns);
          await forEachBatch(tx, occasionRowsQuery(period, kAnonymity, salt, occasionForms), (rows) =>
            writeBatch(
              rows.map((row) => occasionRecord(columns, row, exportKey.key)),
              null,
            ),
          );
        } else {
          await forEachBatch(tx, childRowsQuery(period, lists, salt), (rows) =>
            writeBatch(
              rows.map((row) => childRecord(columns, lists, row, exportKey.key)),
              null,
            ),
          );
        }
      })
        .then(async () => {
          if (parquet) await parquet.close();
          else out.end();
        })
        .catch((error: unknown) => {
          failed(error);
          if (!out.destroyed) {
            request.log.error({ err: error }, 'research export stopped');
            out.destroy(error as Error);
          }
        });
      let outcome: KAnonymityOutcome | null;
      try {
        outcome = await ready;
        await auditAlone(app.db, request, {
          action: 'research.export',
          objectType: 'national_dataset',
          objectId: exportKey.id,
          status: 200,
          details: { ...period, format, table, export: exportKey.id, kAnonymity: outcome ?? { k: kAnonymity } },
        });
      } catch (error) {
        out.destroy();
        throw error;
      }
      const query = `from=${period.from}&to=${period.to}&export=${exportKey.id}`;
      reply
        .type(exportContentType[format])
        .header('content-disposition', `attachment; filename="${filenameOf(table, period, format)}"`)
        .header('x-harbour-export', exportKey.id)
        .header('x-harbour-export-expires', exportKey.expiresAt.toISOString())
        .header(
          'link',
          `</api/v1/research/export/readme?${query}>; rel="describedby"; type="text/markdown", ` +
            '</api/v1/research/dictionary?format=csv>; rel="describedby"; type="text/csv"',
        );
      if (outcome) {
        reply.header(
          'x-harbour-k-anonymity',
          `k=${outcome.k}; cases=${outcome.cases}; generalised=${outcome.generalised}; blanked=${outcome.blanked}`,
        );
      }
      return reply.send(out);
    },
  );

  app.get<{ Querystring: Period & { export?: string } }>(
    '/api/v1/research/export/readme',
    {
      config: { access: ['researcher'] },
      schema: {
        tags: ['research'],
        summary: 'The README of an export: period, inclusion and pseudonymisation rules, k-anonymity outcome',
        querystring: {
          type: 'object',
          required: ['from', 'to'],
          additionalProperties: false,
          properties: { ...periodProperties, export: uuid },
        },
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const period = checkedPeriod(request.query);
      const now = app.clock();
      const exportKey = request.query.export
        ? await findExportKey(app.db, request.auth!.userId, request.query.export, now)
        : undefined;
      if (request.query.export && !exportKey) throw notFound();
      const { kAnonymity } = await researchSettings(app.db);
      const outcome = await withNationalScope(app.readDb, scope(request), (tx) =>
        kAnonymityOutcome(tx, period, kAnonymity),
      );
      const count = (table: ExportTable) => allColumns.filter((c) => c.table === table).length;
      return reply.type('text/markdown; charset=utf-8').send(
        exportReadme({
          period,
          generatedAt: now,
          outcome,
          columns: {
            cases: count('cases'),
            children: count('children'),
            reviews: count('reviews'),
            follow_ups: count('follow_ups'),
          },
          ...(exportKey ? { exportId: exportKey.id, expiresAt: exportKey.expiresAt } : {}),
        }),
      );
    },
  );

  app.get<{ Querystring: Period & { table: ExportTable; package: StatisticsPackage } }>(
    '/api/v1/research/export/syntax',
    {
      config: { access: ['researcher'] },
      schema: {
        tags: ['research'],
        summary: "A syntax file that reads an export's CSV with types, variable labels and value labels",
        description:
          'SPSS (.sps), Stata (.do), R (.R) or SAS (.sas), after the REDCap convention. It names the CSV file the ' +
          'export of the same period and table downloads as; keep the two together.',
        querystring: {
          type: 'object',
          required: ['from', 'to', 'package'],
          additionalProperties: false,
          properties: {
            ...periodProperties,
            table: { type: 'string', enum: ['cases', 'children'], default: 'cases' },
            package: { type: 'string', enum: [...STATISTICS_PACKAGES] },
          },
        },
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const period = checkedPeriod(request.query);
      const { table, package: statisticsPackage } = request.query;
      const columns = allColumns.filter((c) => c.table === table);
      const extension = syntaxExtension[statisticsPackage];
      return reply
        .type('text/plain; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filenameOf(table, period, extension)}"`)
        .send(syntaxOf(statisticsPackage, columns, filenameOf(table, period, 'csv')));
    },
  );

  app.get(
    '/api/v1/research/crosstab/fields',
    {
      config: { access: ['researcher'] },
      schema: {
        tags: ['research'],
        summary: 'The coded fields a crosstab may use, with their codes and labels',
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                key: { type: 'string' },
                label: { type: 'string' },
                form: { type: 'string' },
                codes: codeSchema,
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async () =>
      [...fields.values()].map((entry) => ({
        key: entry.key,
        label: entry.label,
        form: entry.form,
        codes: codesOfField(entry),
      })),
  );

  app.post<{ Body: CrosstabRequest }>(
    '/api/v1/research/crosstab',
    {
      config: { access: ['researcher'] },
      schema: {
        tags: ['research'],
        summary:
          'Counts of national-dataset cases by coded fields over whole quarters, perturbed by cell key and with disclosure control',
        body: {
          type: 'object',
          required: ['from', 'to', 'rows', 'columns'],
          additionalProperties: false,
          properties: {
            ...periodProperties,
            rows: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'string', maxLength: 200 } },
            columns: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'string', maxLength: 200 } },
            filters: {
              type: 'array',
              maxItems: 10,
              items: {
                type: 'object',
                required: ['field', 'in'],
                additionalProperties: false,
                properties: {
                  field: { type: 'string', maxLength: 200 },
                  in: {
                    type: 'array',
                    minItems: 1,
                    maxItems: 300,
                    items: { type: 'string', maxLength: 100 },
                  },
                },
              },
            },
          },
        },
        response: { 200: crosstabResponse, ...errorResponses },
      },
    },
    async (request) => {
      const body = request.body;
      checkedPeriod(body);
      const problems = crosstabProblems(body, fields);
      if (problems.length > 0) throw badRequest(problems.map((p) => p.message).join('; '), problems);
      if (crosstabSize(body, fields) > MAX_CROSSTAB_CELLS) {
        throw badRequest(`A crosstab has at most ${MAX_CROSSTAB_CELLS} cells: choose fewer or smaller fields`);
      }
      const counts = await withNationalScope(app.readDb, scope(request), async (tx) => {
        const { rows } = await crosstabQuery(body, fields).execute(tx);
        return rows;
      });
      const table = crosstabOf(body, fields, counts, NATIONAL_THRESHOLD);
      await auditAlone(app.db, request, {
        action: 'research.crosstab',
        objectType: 'national_dataset',
        status: 200,
        details: { from: body.from, to: body.to, rows: body.rows, columns: body.columns, filters: body.filters ?? [] },
      });
      return table;
    },
  );

  app.get(
    '/api/v1/research/settings',
    {
      config: { access: ['researcher', 'admin'] },
      schema: {
        tags: ['research'],
        summary: 'The k of k-anonymity and the fewest cases of exports, and the disclosure threshold of crosstabs',
        response: { 200: settingsSchema, ...errorResponses },
      },
    },
    async () => ({ ...(await researchSettings(app.db)), crosstabThreshold: NATIONAL_THRESHOLD }),
  );

  app.put<{ Body: { kAnonymity: number; minimumExportCases?: number } }>(
    '/api/v1/research/settings',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['research'],
        summary: 'Change the k of k-anonymity applied to research exports, and the fewest cases an export may have',
        body: {
          type: 'object',
          required: ['kAnonymity'],
          additionalProperties: false,
          properties: {
            kAnonymity: { type: 'integer', minimum: 2, maximum: 100 },
            minimumExportCases: { type: 'integer', minimum: 10, maximum: 100000 },
          },
        },
        response: { 200: settingsSchema, ...errorResponses },
      },
    },
    async (request) => {
      await updateResearchSettings(app.db, request.body, request.auth!.userId);
      await auditAlone(app.db, request, {
        action: 'research.settings',
        objectType: 'research_settings',
        status: 200,
        details: { ...request.body },
      });
      return { ...(await researchSettings(app.db)), crosstabThreshold: NATIONAL_THRESHOLD };
    },
  );
}
