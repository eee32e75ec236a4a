/**
 * What saving a response needs to know besides the case row: the case's responses, the
 * service's module windows and its form settings. Read with the statement that locks the case
 * (`contextColumns`), or in a round trip of its own after the lock when that statement's
 * snapshot may be older than the lock (`loadSaveContext`).
 */
import type { ResponseStatus, ServiceSettings, Tx } from '@harbour/db';
import type { FormContext } from '@harbour/forms';
import { type RawBuilder, sql } from 'kysely';
import type { ModuleWindow } from './module-activity';
import { formSettings } from './service-settings';

export type StoredResponse = {
  formKey: string;
  /** 0 for a form answered once; the review or follow-up number otherwise. */
  occasion: number;
  answers: Record<string, unknown>;
  status: ResponseStatus;
  /** The response's revision: 1 when first saved, one more each save. */
  revision: number;
  submittedAt: Date | null;
};

export type SaveContext = {
  responses: StoredResponse[];
  windows: ModuleWindow[];
  settings: FormContext['settings'];
};

type Row = {
  responses: (Omit<StoredResponse, 'submittedAt'> & { submittedAt: string | null })[];
  windows: ModuleWindow[];
  settings: ServiceSettings | null;
};

// json dates are ISO strings ('2025-04-01'), as the pool's date parser returns them too
const responsesOf = (serviceId: Sql, caseId: Sql) => sql<Row['responses']>`coalesce((select
    json_agg(json_build_object('formKey', r.form_key, 'occasion', r.occasion, 'answers', r.answers, 'status', r.status,
      'revision', r.revision, 'submittedAt', r.submitted_at))
    from responses r where r.service_id = ${serviceId} and r.case_id = ${caseId}), '[]')`;
const windowsOf = (serviceId: Sql) => sql<Row['windows']>`coalesce((select
    json_agg(json_build_object('moduleKey', m.module_key, 'activeFrom', m.active_from, 'activeTo', m.active_to))
    from service_modules m where m.service_id = ${serviceId}), '[]')`;
const settingsOf = (serviceId: Sql) =>
  sql<Row['settings']>`(select s.settings from services s where s.id = ${serviceId})`;

type Sql = RawBuilder<unknown>;

export async function loadSaveContext(tx: Tx, serviceId: string, caseId: string): Promise<SaveContext> {
  const [service, kase] = [sql`${serviceId}::uuid`, sql`${caseId}::uuid`];
  const { rows } = await sql<Row>`select ${responsesOf(service, kase)} as responses,
    ${windowsOf(service)} as windows, ${settingsOf(service)} as settings`.execute(tx);
  return saveContextOf(rows[0] as Row);
}

/**
 * The context as columns of the statement that locks the case (`cases` unaliased), with the
 * case's version as that statement's snapshot saw it: when the lock had to wait for another
 * save, the locked row is newer than the snapshot, and the context must be read again.
 */
export function contextColumns() {
  const [service, kase] = [sql.ref('cases.service_id'), sql.ref('cases.id')];
  return [
    responsesOf(service, kase).as('context_responses'),
    windowsOf(service).as('context_windows'),
    settingsOf(service).as('context_settings'),
    sql<number>`(select c.version from cases c where c.service_id = cases.service_id and c.id = cases.id)`.as(
      'context_version',
    ),
  ];
}

export type ContextColumns = {
  context_responses: Row['responses'];
  context_windows: Row['windows'];
  context_settings: Row['settings'];
  context_version: number;
};

/** The context read with the lock, or null when the lock waited and the snapshot is older. */
export function contextFromLock(row: ContextColumns & { version: number }): SaveContext | null {
  if (row.context_version !== row.version) return null;
  return saveContextOf({
    responses: row.context_responses,
    windows: row.context_windows,
    settings: row.context_settings,
  });
}

function saveContextOf(row: Row): SaveContext {
  return {
    responses: row.responses.map((r) => ({
      ...r,
      submittedAt: r.submittedAt === null ? null : new Date(r.submittedAt),
    })),
    windows: row.windows,
    settings: formSettings(row.settings),
  };
}
