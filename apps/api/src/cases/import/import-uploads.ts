/**
 * Spreadsheets a manager has uploaded to map, check and import (the web app's import page). A
 * file is kept in this process's memory only, for an hour: it holds personal data, so it is never
 * written to disk or to the database before the import itself; a restart forgets it and the
 * manager uploads it again. Checking and importing run as jobs after the request that starts them
 * has been answered, so that a page can show their progress while a long file is read and checked.
 */
import { randomUUID } from 'node:crypto';
import { AppError, conflict, notFound } from '../../lib/errors';
import { requestHash } from '../idempotency';
import { type ImportRequest, type ImportResult, importCases } from './import-cases';
import { type ColumnMapping, mappedImport, type SheetRow, type SpreadsheetKind, spreadsheetRows } from './spreadsheet';

const KEPT_MS = 60 * 60 * 1000;
/** Files kept for one person: a new upload beyond these forgets their oldest that is not running. */
const KEPT_A_PERSON = 3;

export type UploadState = 'uploaded' | 'checking' | 'checked' | 'importing' | 'imported' | 'failed';
export type UploadProgress = { phase: 'reading' | 'checking' | 'importing'; done: number; total: number | null };
export type UploadProblem = { message: string; details: { pointer: string; message: string }[] };

type Upload = {
  id: string;
  serviceId: string;
  userId: string;
  kind: SpreadsheetKind;
  fileName: string | null;
  body: Buffer;
  headings: string[];
  uploadedAt: Date;
  /** The sheet's rows, read by the first job and kept for the next. */
  rows?: SheetRow[];
  state: UploadState;
  progress: UploadProgress | null;
  /** The mapping the last check or import used, as it was then. */
  mapping: { name: string; columns: ColumnMapping } | null;
  result: ImportResult | null;
  problem: UploadProblem | null;
};

/** An upload as the API shows it: never the file itself. */
export type UploadView = Pick<
  Upload,
  'id' | 'kind' | 'fileName' | 'headings' | 'state' | 'progress' | 'result' | 'problem'
> & { uploadedAt: string; mapping: string | null };

/** What a job needs besides the file: the import's request less its file and progress. */
export type JobContext = Omit<ImportRequest, 'file' | 'dryRun' | 'onProgress' | 'idempotencyKey'>;

export class ImportUploads {
  private readonly uploads = new Map<string, Upload>();

  constructor(private readonly clock: () => Date) {}

  add(input: Pick<Upload, 'serviceId' | 'userId' | 'kind' | 'fileName' | 'body' | 'headings'>): UploadView {
    this.forgetExpired();
    const theirs = [...this.uploads.values()].filter((u) => u.userId === input.userId && !isRunning(u));
    for (const old of theirs.slice(0, Math.max(0, theirs.length - KEPT_A_PERSON + 1))) this.uploads.delete(old.id);
    const upload: Upload = {
      ...input,
      id: randomUUID(),
      uploadedAt: this.clock(),
      state: 'uploaded',
      progress: null,
      mapping: null,
      result: null,
      problem: null,
    };
    this.uploads.set(upload.id, upload);
    return view(upload);
  }

  /** One of the caller's own uploads; anyone else's is not found, as if it did not exist. */
  find(id: string, who: { serviceId: string; userId: string }): UploadView {
    return view(this.own(id, who));
  }

  /** Starts checking every row with a mapping; nothing is written. */
  check(id: string, who: { serviceId: string; userId: string }, mapping: Upload['mapping'] & {}, ctx: JobContext) {
    const upload = this.own(id, who);
    if (isRunning(upload)) throw conflict('The file is being checked or imported: wait for it to finish');
    if (upload.state === 'imported') throw conflict('This file has been imported already');
    upload.mapping = mapping;
    this.run(upload, 'checking', ctx);
    return view(upload);
  }

  /**
   * Starts importing the rows with the mapping of their last check, only when that check found no
   * bad row: nothing of a file is written until every row is right.
   */
  import(id: string, who: { serviceId: string; userId: string }, ctx: JobContext): UploadView {
    const upload = this.own(id, who);
    if (upload.state === 'imported') throw conflict('This file has been imported already');
    if (upload.state !== 'checked' || !upload.result) {
      throw conflict('Check the file before importing it');
    }
    if (upload.result.rejected.length > 0) {
      throw conflict(
        `The last check found ${upload.result.rejected.length} rows with problems: fix them and upload the file again`,
      );
    }
    this.run(upload, 'importing', ctx);
    return view(upload);
  }

  private own(id: string, who: { serviceId: string; userId: string }): Upload {
    this.forgetExpired();
    const upload = this.uploads.get(id);
    if (!upload || upload.serviceId !== who.serviceId || upload.userId !== who.userId) throw notFound();
    return upload;
  }

  private forgetExpired(): void {
    const now = this.clock().getTime();
    for (const upload of this.uploads.values()) {
      if (now - upload.uploadedAt.getTime() > KEPT_MS && !isRunning(upload)) this.uploads.delete(upload.id);
    }
  }

  /** The job, answered to nobody: its outcome is the upload's state, which the page asks for. */
  private run(upload: Upload, state: 'checking' | 'importing', ctx: JobContext): void {
    const mapping = upload.mapping as { name: string; columns: ColumnMapping };
    upload.state = state;
    upload.result = null;
    upload.problem = null;
    upload.progress = { phase: upload.rows ? state : 'reading', done: 0, total: null };
    const job = async () => {
      upload.rows ??= await spreadsheetRows(upload.body, upload.kind, {
        onRows: (done) => {
          upload.progress = { phase: 'reading', done, total: null };
        },
      });
      return importCases({
        ...ctx,
        file: {
          format: 'spreadsheet',
          parsed: mappedImport(upload.rows, mapping.columns),
          fingerprint: requestHash(upload.kind, upload.body, JSON.stringify(mapping.columns)),
        },
        dryRun: state === 'checking',
        onProgress: (done, total) => {
          upload.progress = { phase: state, done, total };
        },
      });
    };
    job().then(
      (result) => {
        upload.result = result;
        upload.state = state === 'checking' ? 'checked' : 'imported';
        upload.progress = null;
      },
      (error: unknown) => {
        upload.state = 'failed';
        upload.progress = null;
        if (error instanceof AppError && error.statusCode < 500) {
          upload.problem = { message: error.message, details: error.details ?? [] };
        } else {
          ctx.log.error({ err: error, upload: upload.id }, 'spreadsheet import job failed');
          upload.problem = { message: 'The file could not be checked or imported: try again', details: [] };
        }
      },
    );
  }
}

const isRunning = (upload: Upload) => upload.state === 'checking' || upload.state === 'importing';

function view(upload: Upload): UploadView {
  return {
    id: upload.id,
    kind: upload.kind,
    fileName: upload.fileName,
    headings: upload.headings,
    uploadedAt: upload.uploadedAt.toISOString(),
    state: upload.state,
    progress: upload.progress,
    mapping: upload.mapping?.name ?? null,
    result: upload.result,
    problem: upload.problem,
  };
}
