/**
 * Writing planned import rows. Rows go in batches, each batch one transaction with one statement
 * per table, so a row's case, responses and audit row commit together or not at all. Should a
 * batch fail in the database, its rows are written again one transaction each, so one bad row
 * costs only itself.
 */
import type { Tx } from '@harbour/db';
import { FACTS_PER_STATEMENT } from '@harbour/reports';
import { sql } from 'kysely';
import type { PlannedCase } from './plan-row';

/** `sealed` holds the free-text answers encrypted (AnswerSealer.sealWithKey); `answers` the rest. */
export type WriteScope = { serviceId: string; userId: string; role: string; ip: string; now: Date };
export type SealResponse = (
  caseId: string,
  formKey: string,
  occasion: number,
  answers: Record<string, unknown>,
) => { answers: Record<string, unknown>; sealed: Record<string, string> };

export async function writeCases(
  tx: Tx,
  scope: WriteScope,
  plans: PlannedCase[],
  sealResponse: SealResponse,
): Promise<void> {
  if (plans.length === 0) return;
  // case_facts kept once a statement rather than once a row (a rebuild of the batch's cases after
  // its responses): the row triggers were 40 % of an import's statements (docs/benchmarks.md)
  await sql`select set_config(${FACTS_PER_STATEMENT.name}, ${FACTS_PER_STATEMENT.value}, true)`.execute(tx);
  const cases = plans.map((p) => ({
    id: p.id,
    reference: p.reference,
    worker_id: p.workerId,
    practitioner_role: p.practitionerRole,
    opened_at: p.openedAt,
    closed_at: p.closedAt,
    status: p.closedAt ? 'closed' : 'open',
    flags: p.flags,
    consent_research: p.consentResearch,
  }));
  await sql`
    insert into cases (service_id, id, reference, worker_id, practitioner_role, opened_at, closed_at,
                       status, flags, consent_research, created_at, updated_at)
    select ${scope.serviceId}::uuid, x.id, x.reference, x.worker_id, x.practitioner_role, x.opened_at,
           x.closed_at, x.status, x.flags, x.consent_research, ${scope.now}, ${scope.now}
    from jsonb_to_recordset(${JSON.stringify(cases)}::jsonb) as x(id uuid, reference text, worker_id uuid,
      practitioner_role text, opened_at date, closed_at date, status text, flags text[], consent_research boolean)
  `.execute(tx);

  const responses = plans.flatMap((p) =>
    p.responses.map((r) => {
      const { answers, sealed } = sealResponse(p.id, r.formKey, r.occasion, r.answers);
      return {
        case_id: p.id,
        form_key: r.formKey,
        occasion: r.occasion,
        module_key: r.moduleKey,
        form_version: r.formVersion,
        answers,
        sealed,
        scores: r.scores,
      };
    }),
  );
  if (responses.length > 0) {
    await sql`
      insert into responses (service_id, case_id, form_key, occasion, module_key, form_version, status, source,
                             answers, sealed, scores, created_by, updated_by, created_at, updated_at, submitted_at)
      select ${scope.serviceId}::uuid, x.case_id, x.form_key, x.occasion, x.module_key, x.form_version, 'submitted', 'import',
             x.answers, x.sealed, x.scores, ${scope.userId}::uuid, ${scope.userId}::uuid, ${scope.now}, ${scope.now}, ${scope.now}
      from jsonb_to_recordset(${JSON.stringify(responses)}::jsonb) as x(case_id uuid, form_key text, occasion smallint,
        module_key text, form_version integer, answers jsonb, sealed jsonb, scores jsonb)
    `.execute(tx);
  }

  await sql`
    insert into audit_log (user_id, service_id, role, action, object_type, object_id, ip, status, details)
    select ${scope.userId}::uuid, ${scope.serviceId}::uuid, ${scope.role}, 'case.imported', 'case', x.id,
           ${scope.ip}::inet, 201, jsonb_build_object('forms', x.forms)
    from jsonb_to_recordset(${JSON.stringify(plans.map((p) => ({ id: p.id, forms: [...new Set(p.responses.map((r) => r.formKey))] })))}::jsonb)
      as x(id text, forms jsonb)
  `.execute(tx);
}
