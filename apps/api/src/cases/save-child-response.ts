/**
 * Saving one child's response on a case: a child's own questionnaire (through a one-time link)
 * or the practitioner's record of the child's words. The child is one recorded on the case's
 * `children.intake`, by `child_ref`. The same checks as any save (form offered, audience,
 * validation with the case's other answers, sealing of free text, the case's flags), into
 * `child_responses`, one response a child and form.
 */
import type { ChildResponse, ResponseSource, Tx } from '@harbour/db';
import type { FormDefinition, ModuleDefinition, Registry, ScoreResults } from '@harbour/forms';
import { AppError, conflict, unprocessable } from '../lib/errors';
import type { AnswerSealer } from '../security/sealed-answers';
import { checkAnswers, isAnswersObject } from './check-answers';
import { ukDate } from './dates';
import type { CaseToSave } from './find-case';
import { caseClientRules, casePeriod, inactiveModuleMessage, isModuleActive } from './module-activity';
import { currentAnswers } from './occasions';
import type { StoredResponse } from './save-context';

/** The form that records the children of the household, whose `child_ref`s a child's response names. */
export const CHILDREN_FORM = 'children.intake';

export type SaveChildResponseInput = {
  /** The case, locked in this transaction with what the save checks against (`lockCaseToSave`). */
  kase: CaseToSave;
  childRef: string;
  formKey: string;
  answers: unknown;
  /** Required to change a saved response (practitioners); a child answers once. */
  revision?: number;
  source: Exclude<ResponseSource, 'import'>;
  userId: string | null;
  now: Date;
  sealer: AnswerSealer;
};

export type SavedChildResponse = {
  childRef: string;
  formKey: string;
  moduleKey: string;
  version: number;
  source: Exclude<ResponseSource, 'import'>;
  answers: Record<string, unknown>;
  scores: ScoreResults;
  revision: number;
  submittedAt: Date;
  caseFlags: string[];
};

/** The `child_ref`s the case's children.intake records (submitted or draft). */
export function recordedChildRefs(responses: StoredResponse[]): string[] {
  const children = responses.find((r) => r.formKey === CHILDREN_FORM)?.answers.children;
  if (!Array.isArray(children)) return [];
  return children.flatMap((child) => {
    const ref = typeof child === 'object' && child !== null ? (child as { child_ref?: unknown }).child_ref : undefined;
    return typeof ref === 'string' ? [ref] : [];
  });
}

/** A form a child's response may be of: installed, answered per child. Otherwise a 4xx naming why. */
export function perChildForm(registry: Registry, formKey: string): { form: FormDefinition; module: ModuleDefinition } {
  const form = registry.form(formKey);
  const module = registry.moduleOf(formKey);
  if (!form || !module) throw new AppError(404, `There is no form called ${formKey}`);
  if (!form.perChild) {
    throw unprocessable(`The form ${formKey} is about the case's client, not answered for each child`, [
      { pointer: '/formKey', message: 'is not a form answered for each child' },
    ]);
  }
  return { form, module };
}

export async function saveChildResponse(
  tx: Tx,
  registry: Registry,
  input: SaveChildResponseInput,
): Promise<SavedChildResponse> {
  const { kase } = input;
  const { service_id: serviceId, id: caseId } = kase;
  const { form, module } = perChildForm(registry, input.formKey);
  if (input.source === 'client' && form.audience !== 'client') {
    throw unprocessable(`The form ${form.key} is for practitioners, not for children`);
  }
  if (input.source === 'practitioner' && form.audience === 'client') {
    throw unprocessable(`The form ${form.key} is the child's own: it is answered through a questionnaire link`);
  }
  if (kase.status === 'closed' && input.source === 'practitioner') {
    throw conflict('This case is closed: its records can no longer be changed');
  }
  const today = ukDate(input.now);
  const { responses, windows, settings } = kase.context;
  const period = casePeriod({ openedAt: kase.opened_at, closedAt: kase.closed_at }, today);
  if (!isModuleActive(module, windows, period))
    throw unprocessable(inactiveModuleMessage(form.key, module, windows, period));
  if (!recordedChildRefs(responses).includes(input.childRef)) {
    throw unprocessable(`No child ${input.childRef} is recorded on this case's ${CHILDREN_FORM}`, [
      { pointer: '/childRef', message: `is not a child recorded on ${CHILDREN_FORM}` },
    ]);
  }
  if (!isAnswersObject(input.answers)) {
    throw unprocessable('The answers must be an object of field keys and values', [
      { pointer: '/answers', message: 'must be an object' },
    ]);
  }
  const existing = await tx
    .selectFrom('child_responses')
    .select(['version', 'submitted_at'])
    .where('service_id', '=', serviceId)
    .where('case_id', '=', caseId)
    .where('child_ref', '=', input.childRef)
    .where('form_key', '=', form.key)
    .executeTakeFirst();
  if (existing && input.source === 'client') throw conflict(`${form.key} has already been answered for this child`);
  if (existing && input.revision !== existing.version) {
    throw new AppError(
      409,
      `${form.key} of ${input.childRef} was changed since you loaded it: reload it (current revision ${existing.version})`,
      [{ pointer: '/revision', message: `the current revision is ${existing.version}` }],
    );
  }

  const otherAnswers = currentAnswers(responses);
  const checked = checkAnswers(registry, form.key, input.answers, 'submitted', {
    today,
    otherAnswers,
    settings,
    clients: caseClientRules(registry, windows, period),
  });
  if (!checked.ok) {
    throw unprocessable(
      `${form.title} cannot be submitted: ${checked.errors.length} answer(s) need attention`,
      checked.errors.map((e) => ({ pointer: `/answers${e.pointer}`, message: e.message })),
    );
  }
  const forStorage = await input.sealer.sealAnswers(tx, {
    serviceId,
    caseId,
    formKey: form.key,
    childRef: input.childRef,
    answers: checked.answers,
  });
  const values = {
    module_key: module.key,
    form_version: form.version,
    source: input.source,
    answers: JSON.stringify(forStorage.answers),
    sealed: JSON.stringify(forStorage.sealed),
    scores: JSON.stringify(checked.scores),
    updated_by: input.userId,
    updated_at: input.now,
  };
  const stored: Pick<ChildResponse, 'version' | 'submitted_at'> = existing
    ? await tx
        .updateTable('child_responses')
        .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
        .where('service_id', '=', serviceId)
        .where('case_id', '=', caseId)
        .where('child_ref', '=', input.childRef)
        .where('form_key', '=', form.key)
        .returning(['version', 'submitted_at'])
        .executeTakeFirstOrThrow()
    : await tx
        .insertInto('child_responses')
        .values({
          ...values,
          service_id: serviceId,
          case_id: caseId,
          child_ref: input.childRef,
          form_key: form.key,
          created_by: input.userId,
          submitted_at: input.now,
        })
        .returning(['version', 'submitted_at'])
        .executeTakeFirstOrThrow();
  // A child's answers add to the case's flags; the case's own saves keep them (saveResponse).
  const flags = [...new Set([...kase.flags, ...checked.flags])].sort();
  await tx
    .updateTable('cases')
    .set((eb) => ({ flags, updated_at: input.now, version: eb('version', '+', 1) }))
    .where('service_id', '=', serviceId)
    .where('id', '=', caseId)
    .execute();
  return {
    childRef: input.childRef,
    formKey: form.key,
    moduleKey: module.key,
    version: form.version,
    source: input.source,
    answers: checked.answers,
    scores: checked.scores,
    revision: stored.version,
    submittedAt: stored.submitted_at,
    caseFlags: flags,
  };
}

/** A case's child responses (of one child, or all), answers unsealed for the staff who may read them. */
export async function listChildResponses(
  tx: Tx,
  sealer: AnswerSealer,
  kase: { service_id: string; id: string },
  childRef?: string,
) {
  const rows = await tx
    .selectFrom('child_responses')
    .selectAll()
    .where('service_id', '=', kase.service_id)
    .where('case_id', '=', kase.id)
    .$if(childRef !== undefined, (q) => q.where('child_ref', '=', childRef as string))
    .orderBy('child_ref')
    .orderBy('form_key')
    .execute();
  return Promise.all(
    rows.map(async (row) => ({
      childRef: row.child_ref,
      formKey: row.form_key,
      moduleKey: row.module_key,
      version: row.form_version,
      source: row.source,
      answers: await sealer.unsealAnswers(tx, {
        serviceId: row.service_id,
        caseId: row.case_id,
        formKey: row.form_key,
        childRef: row.child_ref,
        answers: row.answers,
        sealed: row.sealed,
      }),
      scores: row.scores,
      revision: row.version,
      submittedAt: row.submitted_at,
    })),
  );
}
