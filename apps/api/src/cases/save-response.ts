/**
 * Saving one form's answers on a case: the single path for practitioners (HTTP) and for clients
 * (the questionnaire link). It checks that the form is offered to the case, applies defaults,
 * validates, scores, raises the case's flags, copies research consent from a submitted intake,
 * and guards against lost updates with the response's revision.
 */
import type { ResponseSource, Tx } from '@harbour/db';
import type { Registry, ScoreResults } from '@harbour/forms';
import { sql } from 'kysely';
import type { AuditRow } from '../lib/audit';
import { AppError, conflict, unprocessable } from '../lib/errors';
import type { AnswerSealer } from '../security/sealed-answers';
import { caseFlags, checkAnswers, childRaisedFlags, isAnswersObject } from './check-answers';
import { CONSENT_FIELD, INTAKE_FORM } from './core-forms';
import { ukDate } from './dates';
import { type LockedCase, lockCase } from './find-case';
import { caseClientRules, casePeriod, inactiveModuleMessage, isModuleActive } from './module-activity';
import { loadSaveContext } from './save-context';

export type SaveResponseInput = {
  serviceId: string;
  caseId: string;
  formKey: string;
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
   * The case row, when the caller has already locked it in this transaction (`inCase` with
   * `lock`), and the save's context when it was read with the lock (`forSave`).
   */
  lockedCase?: LockedCase;
  /**
   * The audit row of the save, written by the same statement as the response (one round trip
   * fewer); its details get the form, the status and the new revision.
   */
  audit?: Omit<AuditRow, 'details'>;
};

export type SavedResponse = {
  formKey: string;
  moduleKey: string;
  version: number;
  status: 'draft' | 'submitted';
  source: ResponseSource;
  answers: Record<string, unknown>;
  scores: ScoreResults;
  revision: number;
  updatedAt: Date;
  submittedAt: Date | null;
  /** The case's flags after the save. */
  caseFlags: string[];
};

const formNotFound = (formKey: string) => new AppError(404, `There is no form called ${formKey}`);

/**
 * Stores the answers in the caller's transaction (which must be scoped to `serviceId`) and
 * returns the stored response. Throws AppError: 404 (case or form unknown), 409 (stale revision,
 * submitted → draft, closed case), 422 (answers invalid, module not active, wrong audience),
 * 428 (revision missing). The caller audits the write in the same transaction.
 */
export async function saveResponse(tx: Tx, registry: Registry, input: SaveResponseInput): Promise<SavedResponse> {
  const kase = input.lockedCase ?? (await lockCase(tx, input.serviceId, input.caseId));
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
  const { responses, windows, settings } =
    input.lockedCase?.saveContext ?? (await loadSaveContext(tx, input.serviceId, input.caseId));
  const period = casePeriod({ openedAt: kase.opened_at, closedAt: kase.closed_at }, today);
  if (!isModuleActive(module, windows, period)) {
    throw unprocessable(inactiveModuleMessage(form.key, module, windows, period));
  }
  if (!isAnswersObject(input.answers)) {
    throw unprocessable('The answers must be an object of field keys and values', [
      { pointer: '/answers', message: 'must be an object' },
    ]);
  }

  const existing = responses.find((r) => r.formKey === form.key);
  if (existing) {
    if (existing.status === 'submitted' && input.status === 'draft') {
      throw conflict(`${form.key} has been submitted and cannot go back to a draft; submit your changes instead`);
    }
    if (input.source === 'client') {
      if (existing.status === 'submitted') throw conflict(`${form.key} has already been answered`);
    } else if (input.revision === undefined) {
      throw new AppError(
        428,
        `${form.key} has been saved before: send the revision you last saw (current revision ${existing.version})`,
      );
    } else if (input.revision !== existing.version) {
      throw staleRevision(form.key, existing.version);
    }
  } else if (input.revision !== undefined && input.revision !== 0) {
    throw staleRevision(form.key, 0);
  }

  const otherAnswers = Object.fromEntries(
    responses.filter((r) => r.formKey !== form.key).map((r) => [r.formKey, r.answers]),
  );
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
    serviceId: input.serviceId,
    caseId: input.caseId,
    formKey: form.key,
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
      ...caseFlags(registry, { ...otherAnswers, [form.key]: checked.answers }),
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
            .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
            .where('service_id', '=', input.serviceId)
            .where('case_id', '=', input.caseId)
            .where('form_key', '=', form.key)
            .where('version', '=', existing.version)
            .returning(['version', 'updated_at', 'submitted_at', 'source'])
        : db
            .insertInto('responses')
            .values({
              ...values,
              service_id: input.serviceId,
              case_id: input.caseId,
              form_key: form.key,
              created_by: input.userId,
            })
            .onConflict((oc) => oc.doNothing())
            .returning(['version', 'updated_at', 'submitted_at', 'source']),
    )
    .with('flagged', (db) =>
      db
        .updateTable('cases')
        .set((eb) => ({ flags, ...consent, updated_at: input.now, version: eb('version', '+', 1) }))
        .where('service_id', '=', input.serviceId)
        .where('id', '=', input.caseId)
        .where((eb) => eb.exists(eb.selectFrom('stored').select('version')))
        .returning('id'),
    )
    .with('audited', (db) =>
      db
        .insertInto('audit_log')
        .columns(['user_id', 'service_id', 'role', 'action', 'object_type', 'object_id', 'ip', 'status', 'details'])
        .expression((eb) => {
          const a = input.audit;
          return eb
            .selectFrom('stored')
            .select([
              sql<string>`${a?.user_id ?? null}::uuid`.as('user_id'),
              sql<string>`${a?.service_id ?? null}::uuid`.as('service_id'),
              sql<string>`${a?.role ?? null}::text`.as('role'),
              sql<string>`${a?.action ?? null}::text`.as('action'),
              sql<string>`${a?.object_type ?? null}::text`.as('object_type'),
              sql<string>`${a?.object_id ?? null}::text`.as('object_id'),
              sql<string>`${a?.ip ?? null}::inet`.as('ip'),
              sql<number>`${a?.status ?? null}::int`.as('status'),
              sql<string>`jsonb_build_object('form', ${form.key}::text, 'status', ${input.status}::text, 'revision', stored.version)`.as(
                'details',
              ),
            ])
            .where(sql<boolean>`${a !== undefined}::boolean`);
        }),
    )
    .selectFrom('stored')
    .selectAll()
    .executeTakeFirst();
  if (!stored) throw staleRevision(form.key, existing?.version ?? 1);

  return {
    formKey: form.key,
    moduleKey: module.key,
    version: form.version,
    status: input.status,
    source: stored.source,
    answers: checked.answers,
    scores: checked.scores,
    revision: stored.version,
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
