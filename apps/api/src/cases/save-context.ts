/**
 * What saving a response needs to know besides the case row: the case's responses, the
 * service's module windows and its form settings — read in one round trip. Called after the
 * case row is locked, so that the statement's snapshot sees every save that went before.
 */
import type { ResponseStatus, ServiceSettings, Tx } from '@harbour/db';
import type { FormContext } from '@harbour/forms';
import { sql } from 'kysely';
import type { ModuleWindow } from './module-activity';
import { formSettings } from './service-settings';

export type StoredResponse = {
  formKey: string;
  answers: Record<string, unknown>;
  status: ResponseStatus;
  version: number;
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

export async function loadSaveContext(tx: Tx, serviceId: string, caseId: string): Promise<SaveContext> {
  // json dates are ISO strings ('2025-04-01'), as the pool's date parser returns them too
  const { rows } = await sql<Row>`
    select
      coalesce((select json_agg(json_build_object('formKey', r.form_key, 'answers', r.answers,
                  'status', r.status, 'version', r.version, 'submittedAt', r.submitted_at))
                from responses r where r.service_id = ${serviceId} and r.case_id = ${caseId}), '[]') as responses,
      coalesce((select json_agg(json_build_object('moduleKey', m.module_key, 'activeFrom', m.active_from,
                  'activeTo', m.active_to))
                from service_modules m where m.service_id = ${serviceId}), '[]') as windows,
      (select s.settings from services s where s.id = ${serviceId}) as settings
  `.execute(tx);
  const row = rows[0] as Row;
  return {
    responses: row.responses.map((r) => ({
      ...r,
      submittedAt: r.submittedAt === null ? null : new Date(r.submittedAt),
    })),
    windows: row.windows,
    settings: formSettings(row.settings),
  };
}
