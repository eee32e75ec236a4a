/**
 * Saving one form's answers on a case: the single path for practitioners (HTTP) and for clients
 * (the questionnaire link). It checks that the form is offered to the case, applies defaults,
 * validates, scores, raises the case's flags, copies research consent from a submitted intake,
 * and guards against lost updates with the response's revision.
 */
import type { SavedResponseReply } from '@harbour/contract';
import type { ResponseSource, Tx } from '@harbour/db';
import type { Registry } from '@harbour/forms';
import { sql } from 'kysely';
import { AUDIT_COLUMNS, type AuditRow, auditSelection } from '../lib/audit';
import { AppError, conflict, unprocessable } from '../lib/errors';
import type { AnswerSealer } from '../security/sealed-answers';
import { caseFlags, checkAnswers, childRaisedFlags, isAnswersObject } from './check-answers';
import { CONSENT_FIELD, INTAKE_FORM } from './core-forms';
import { ukDate } from './dates';
import type { CaseToSave } from './find-case';
import { caseClientRules, casePeriod, inactiveModuleMessage, isModuleActive } from './module-activity';
import { checkOccasion, currentAnswers } from './occasions';

export type SaveResponseInput = {
  /** The case, locked in this transaction with what the save checks against (`lockCaseToSave`). */
  kase: CaseToSave;
  formKey: string;
  /**
   * The review or follow-up number for a form of those stages (1, 2, 3…; at most one more than the
   * case's last); absent or 0 for a form answered once per case.
   */
  occasion?: number;
  /** The answers object, as received. */
  answers: unknown;
  status: 'draft' | 'submitted';
  /**
   * The revision the writer last saw. Required to change an existing response when the source
   * is a practitioner; a client (through a one-time link) may replace a draft but never a
   * submitted response.
   */
  revision?: number;
  source: Exclude<ResponseSource, 'import'>;
  /** The staff member saving, or null for a client. */
  userId: string | null;
  now: Date;
  /** Encrypts the form's sensitive (free-text) answers before they are stored (app.sealer). */
  sealer: AnswerSealer;
  /**
   * The audit row of the save, written by the same statement as the response (one round trip
   * fewer); its details get the form, the status and the new revision.
   */
  audit?: Omit<AuditRow, 'details'>;
};

const formNotFound = (formKey: string) => new AppError(404, `There is no form called ${formKey}`);

/**
 * Stores the answers in the caller's transaction (which must be scoped to `serviceId`) and
 * returns the stored response. Throws AppError: 404 (case or form unknown), 409 (stale revision,
 * submitted → draft, closed case), 422 (answers invalid, module not active, wrong audience),
 * 428 (revision missing). The caller audits the write in the same transaction.
 */
export async function saveResponse(tx: Tx, registry: Registry, input: SaveResponseInput): Promise<SavedResponseReply> {
  const { kase, audit } = input;
  const { service_id: serviceId, id: caseId } = kase;
  const form = registry.form(input.formKey);
  const module = registry.moduleOf(input.formKey);
  if (!form || !module) throw formNotFound(input.formKey);
  if (input.source === 'client' && form.audience !== 'client') {
    throw unprocessable(`The form ${form.key} is for practitioners, not for clients`);
  }
  if (kase.status === 'closed' && input.source === 'practitioner') {
    throw conflict('This case is closed: its records can no longer be changed');
  }
  const today = ukDate(input.now);
  const { responses, windows, settings } = kase.context;
  const period = casePeriod({ openedAt: kase.opened_at, closedAt: kase.closed_at }, today);
  if (!isModuleActive(module, windows, period)) {
    throw unprocessable(inactiveModuleMessage(form.key, module, windows, period));
  }
  if (!isAnswersObject(input.answers)) {
    throw unprocessable('The answers must be an object of field keys and values', [
      { pointer: '/answers', message: 'must be an object' },
    ]);
  }

  const occasion = input.occasion ?? 0;
  checkOccasion(
    form,
    occasion,
    responses.map((r) => ({ ...r, stage: registry.form(r.formKey)?.stage })),
  );
  const existing = responses.find((r) => r.formKey === form.key && r.occasion === occasion);
  if (existing) {
    if (existing.status === 'submitted' && input.status === 'draft') {
      throw conflict(`${form.key} has been submitted and cannot go back to a draft; submit your changes instead`);
    }
    if (input.source === 'client') {
      if (existing.status === 'submitted') throw conflict(`${form.key} has already been answered`);
    } else if (input.revision === undefined) {
      throw new AppError(
        428,
        `${form.key} has been saved before: send the revision you last saw (current revision ${existing.revision})`,
      );
    } else if (input.revision !== existing.revision) {
      throw staleRevision(form.key, existing.revision);
    }
  } else if (input.revision !== undefined && input.revision !== 0) {
    throw staleRevision(form.key, 0);
  }

  const otherAnswers = currentAnswers(responses.filter((r) => r.formKey !== form.key));
  const clients = caseClientRules(registry, windows, period);
  if (form.perChild && !clients.childClients) {
    throw unprocessable(
      `The form ${form.key} is answered for each child of the case: save it for the child (/children/{childRef}/responses)`,
    );
  }
  const checked = checkAnswers(registry, form.key, input.answers, input.status, {
    today,
    otherAnswers,
    settings,
    clients,
  });
  if (!checked.ok) {
    throw unprocessable(
      input.status === 'submitted'
        ? `${form.title} cannot be submitted: ${checked.errors.length} answer(s) need attention`
        : `${form.title} has answers that are not valid`,
      checked.errors.map((e) => ({ pointer: `/answers${e.pointer}`, message: e.message })),
    );
  }

  const forStorage = await input.sealer.sealAnswers(tx, {
    serviceId,
    caseId,
    formKey: form.key,
    occasion,
    answers: checked.answers,
  });
  const values = {
    module_key: module.key,
    form_version: form.version,
    status: input.status,
    source: input.source,
    answers: JSON.stringify(forStorage.answers),
    sealed: JSON.stringify(forStorage.sealed),
    scores: JSON.stringify(checked.scores),
    updated_by: input.userId,
    updated_at: input.now,
    submitted_at: input.status === 'submitted' ? (existing?.submittedAt ?? input.now) : null,
  };
  const flags = [
    ...new Set([
      ...caseFlags(
        registry,
        currentAnswers([
          ...responses.filter((r) => !(r.formKey === form.key && r.occasion === occasion)),
          { formKey: form.key, occasion, answers: checked.answers },
        ]),
      ),
      ...childRaisedFlags(registry, kase.flags),
    ]),
  ].sort();
  const consent =
    form.key === INTAKE_FORM && input.status === 'submitted' && typeof checked.answers[CONSENT_FIELD] === 'boolean'
      ? { consent_research: checked.answers[CONSENT_FIELD] as boolean }
      : {};
  // The response and the case's flags in one statement: one round trip, and both or neither.
  const stored = await tx
    .with('stored', (db) =>
      existing
        ? db
            .updateTable('responses')
            .set((eb) => ({ ...values, revision: eb('revision', '+', 1) }))
            .where('service_id', '=', serviceId)
            .where('case_id', '=', caseId)
            .where('form_key', '=', form.key)
            .where('occasion', '=', occasion)
            .where('revision', '=', existing.revision)
            .returning(['revision', 'updated_at', 'submitted_at', 'source'])
        : db
            .insertInto('responses')
            .values({
              ...values,
              service_id: serviceId,
              case_id: caseId,
              form_key: form.key,
              occasion,
              created_by: input.userId,
            })
            .onConflict((oc) => oc.doNothing())
            .returning(['revision', 'updated_at', 'submitted_at', 'source']),
    )
    .with('flagged', (db) =>
      db
        .updateTable('cases')
        .set((eb) => ({ flags, ...consent, updated_at: input.now, version: eb('version', '+', 1) }))
        .where('service_id', '=', serviceId)
        .where('id', '=', caseId)
        .where((eb) => eb.exists(eb.selectFrom('stored').select('revision')))
        .returning('id'),
    )
    .with('audited', (db) =>
      db
        .insertInto('audit_log')
        .columns(AUDIT_COLUMNS)
        .expression((eb) =>
          eb
            .selectFrom('stored')
            .select(
              auditSelection(
                audit,
                sql`jsonb_strip_nulls(jsonb_build_object('form', ${form.key}::text, 'occasion', ${occasion || null}::int, 'status', ${input.status}::text, 'revision', stored.revision))`,
              ),
            )
            .where(sql<boolean>`${audit !== undefined}::boolean`),
        ),
    )
    .selectFrom('stored')
    .selectAll()
    .executeTakeFirst();
  if (!stored) throw staleRevision(form.key, existing?.revision ?? 1);

  return {
    formKey: form.key,
    occasion: occasion || null,
    moduleKey: module.key,
    version: form.version,
    status: input.status,
    source: stored.source,
    answers: checked.answers,
    scores: checked.scores,
    revision: stored.revision,
    updatedAt: stored.updated_at,
    submittedAt: stored.submitted_at,
    caseFlags: flags,
  };
}

function staleRevision(formKey: string, current: number) {
  return new AppError(
    409,
    `${formKey} was changed by someone else since you loaded it (current revision ${current}): reload it, then apply your changes`,
    [{ pointer: '/revision', message: `the current revision is ${current}` }],
  );
}
