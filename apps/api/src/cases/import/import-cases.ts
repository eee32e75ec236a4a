/**
 * `POST /cases/import`: a file of cases, one a row, each validated and written whole or not at
 * all; the answer says how many came in and why each other row did not. With an Idempotency-Key
 * the result is stored, so sending the same file again imports nothing twice.
 */
import { setImmediate } from 'node:timers/promises';
import { type Db, type TenantContext, withTenant } from '@harbour/db';
import type { FieldError, Registry } from '@harbour/forms';
import type { FastifyBaseLogger } from 'fastify';
import { unprocessable } from '../../lib/errors';
import type { Keyring } from '../../security/keyring';
import { AnswerSealer } from '../../security/sealed-answers';
import { ukDate } from '../dates';
import { claimKey, type IdempotencyScope, recordResult, requestHash } from '../idempotency';
import { loadModuleWindows } from '../module-activity';
import { loadFormSettings } from '../service-settings';
import { answerColumn, importColumns, isCaseColumn } from './import-columns';
import { type ImportFormat, type ParsedImport, parseImport } from './parse-import';
import { type ImportContext, type PlannedCase, planRow } from './plan-row';
import { type SealResponse, type WriteScope, writeCases } from './write-cases';

export const IMPORT_ROUTE = 'POST /api/v1/cases/import';
/**
 * Batches written at once: the database works on them, on every core it has, while this process
 * checks the next rows. Four batches of 250 keep two cores busier than two of 500 did
 * (docs/benchmarks.md, "Import"); an import holds at most four of the pool's connections.
 */
const BATCH_ROWS = 250;
const WRITERS = 4;
const YIELD_EVERY_ROWS = 50;

export type ImportResult = {
  imported: number;
  rejected: { row: number; errors: FieldError[] }[];
  /** In a preview: the rows that would be imported (nothing is written). */
  valid?: number;
};

export type ImportRequest = {
  db: Db;
  registry: Registry;
  importer: { serviceId: string; userId: string; email: string; role: 'practitioner' | 'manager' };
  ip: string;
  now: Date;
  file: ImportFile;
  idempotencyKey?: string;
  log: FastifyBaseLogger;
  /** The service's data keys: free-text answers are sealed before they are written. */
  keyring: Keyring;
  /** Check every row as the import would, and write nothing: each bad row named with its fields. */
  dryRun?: boolean;
  /** Told how many rows have been checked (and, in an import, sent to be written) as the import goes. */
  onProgress?: (checked: number, total: number) => void;
};

/**
 * The file as sent (CSV or JSON lines), or a spreadsheet already read and mapped to import
 * columns, known to an Idempotency-Key by its `fingerprint` (the file's bytes and its mapping).
 */
export type ImportFile =
  | { format: ImportFormat; body: string }
  | { format: 'spreadsheet'; parsed: ParsedImport; fingerprint: Buffer };

export async function importCases(request: ImportRequest): Promise<ImportResult> {
  const { importer } = request;
  const tenant = { serviceId: importer.serviceId, userId: importer.userId, role: importer.role };
  const scope: IdempotencyScope | undefined =
    request.idempotencyKey && !request.dryRun
      ? { serviceId: importer.serviceId, userId: importer.userId, route: IMPORT_ROUTE, key: request.idempotencyKey }
      : undefined;
  if (scope) {
    const { file } = request;
    const hash = file.format === 'spreadsheet' ? file.fingerprint : requestHash(file.format, file.body);
    const stored = await withTenant(request.db, tenant, (tx) => claimKey(tx, scope, hash));
    if (stored) return stored.body as ImportResult;
  }
  try {
    const result = await importRows(request);
    await withTenant(request.db, tenant, async (tx) => {
      await tx
        .insertInto('audit_log')
        .values({
          user_id: importer.userId,
          service_id: importer.serviceId,
          role: importer.role,
          action: request.dryRun ? 'cases.import_preview' : 'cases.import',
          object_type: 'case',
          ip: request.ip,
          status: 200,
          details: JSON.stringify({
            format: request.file.format,
            imported: result.imported,
            rejected: result.rejected.length,
            ...(request.dryRun ? { valid: result.valid } : {}),
          }),
        })
        .execute();
      if (scope) await recordResult(tx, scope, { status: 200, body: result });
    });
    return result;
  } catch (error) {
    // the key is released so the same file can be sent again once the problem is fixed
    if (scope) {
      await withTenant(request.db, tenant, (tx) =>
        tx
          .deleteFrom('idempotency_keys')
          .where('service_id', '=', scope.serviceId)
          .where('user_id', '=', scope.userId)
          .where('route', '=', scope.route)
          .where('key', '=', scope.key)
          .execute(),
      );
    }
    throw error;
  }
}

async function importRows(request: ImportRequest): Promise<ImportResult> {
  const { importer, registry } = request;
  const tenant = { serviceId: importer.serviceId, userId: importer.userId, role: importer.role };
  const { file } = request;
  const parsed = file.format === 'spreadsheet' ? file.parsed : parseImport(file.body, file.format);
  const columns = importColumns(registry);
  const unknown = (parsed.columns ?? []).filter((c) => !isCaseColumn(c) && !answerColumn(columns, c));
  if (unknown.length > 0) {
    throw unprocessable(
      'The file has columns that are not in the data dictionary: nothing was imported',
      unknown.map((c) => ({ pointer: `/${c}`, message: 'is not a column of the data dictionary' })),
    );
  }

  const today = ukDate(request.now);
  const { context, dataKey } = await withTenant(request.db, tenant, async (tx) => {
    const members = await tx
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.email', 'm.practitioner_role'])
      .where('m.service_id', '=', importer.serviceId)
      .where('u.disabled_at', 'is', null)
      .execute();
    const context: ImportContext = {
      registry,
      columns,
      workers: new Map(
        members.map((m) => [m.email.toLowerCase(), { userId: m.id, practitionerRole: m.practitioner_role }]),
      ),
      importer: { userId: importer.userId, email: importer.email.toLowerCase(), role: importer.role },
      windows: await loadModuleWindows(tx, importer.serviceId),
      settings: await loadFormSettings(tx, importer.serviceId),
      today,
    };
    return { context, dataKey: await request.keyring.currentKey(tx, importer.serviceId) };
  });
  const sealer = new AnswerSealer(request.keyring, registry);
  const sealResponse: SealResponse = (caseId, formKey, occasion, answers) =>
    sealer.sealWithKey(dataKey, { serviceId: importer.serviceId, caseId, formKey, occasion, answers });

  // Rows are checked a batch at a time in this process while the database writes the batches
  // before it, several at a time: checking and writing overlap instead of taking turns.
  const rejected: ImportResult['rejected'] = [];
  const scope: WriteScope = { ...tenant, ip: request.ip, now: request.now };
  let imported = 0;
  let valid = 0;
  let failure: unknown;
  const writing = new Set<Promise<void>>();
  for (let start = 0; start < parsed.count && failure === undefined; start += BATCH_ROWS) {
    const batch: { row: number; plan: PlannedCase }[] = [];
    for (const [index, parsedRow] of parsed.rows(start, start + BATCH_ROWS).entries()) {
      // let the writes in flight send their next statements
      if (index % YIELD_EVERY_ROWS === 0) await setImmediate();
      if ('error' in parsedRow) {
        rejected.push({
          row: parsedRow.row,
          errors: [{ pointer: '', message: `Row ${parsedRow.row} ${parsedRow.error}` }],
        });
        continue;
      }
      const result = planRow(context, parsedRow.values, parsedRow.fromCsv);
      if (result.ok) batch.push({ row: parsedRow.row, plan: result.plan });
      else rejected.push({ row: parsedRow.row, errors: result.errors });
    }
    request.onProgress?.(Math.min(start + BATCH_ROWS, parsed.count), parsed.count);
    if (request.dryRun) {
      valid += batch.length;
      continue;
    }
    const written = writeBatch(request, tenant, scope, sealResponse, batch).then(
      (outcome) => {
        imported += outcome.imported;
        rejected.push(...outcome.rejected);
      },
      (error: unknown) => {
        failure ??= error;
      },
    );
    writing.add(written);
    void written.finally(() => writing.delete(written));
    if (writing.size >= WRITERS) await Promise.race(writing);
  }
  await Promise.all(writing);
  if (failure !== undefined) throw failure;
  rejected.sort((a, b) => a.row - b.row);
  return request.dryRun ? { imported, rejected, valid } : { imported, rejected };
}

/** A value or constraint the database refused (SQLSTATE classes 22 and 23), as opposed to the database being unreachable. */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

/**
 * One batch in one transaction; should the database refuse it, each of its rows in its own, so
 * that one bad row costs only itself.
 */
async function writeBatch(
  request: ImportRequest,
  tenant: TenantContext,
  scope: WriteScope,
  sealResponse: SealResponse,
  batch: { row: number; plan: PlannedCase }[],
): Promise<ImportResult> {
  try {
    await withTenant(request.db, tenant, (tx) =>
      writeCases(
        tx,
        scope,
        batch.map((b) => b.plan),
        sealResponse,
      ),
    );
    return { imported: batch.length, rejected: [] };
  } catch (batchError) {
    if (!isDataError(batchError)) throw batchError;
    request.log.warn(
      { err: { code: (batchError as { code?: string }).code } },
      'import batch refused; writing its rows one by one',
    );
  }
  const outcome: ImportResult = { imported: 0, rejected: [] };
  for (const { row, plan } of batch) {
    try {
      await withTenant(request.db, tenant, (tx) => writeCases(tx, scope, [plan], sealResponse));
      outcome.imported += 1;
    } catch (rowError) {
      if (!isDataError(rowError)) throw rowError;
      request.log.warn({ err: { code: (rowError as { code?: string }).code }, row }, 'import row not stored');
      outcome.rejected.push({
        row,
        errors: [{ pointer: '', message: 'could not be stored: check its dates and values' }],
      });
    }
  }
  return outcome;
}
