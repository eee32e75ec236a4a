/** A case as the API shows it: the caseload line, and the full record with responses and offered forms. */
import type { Case, ResponseStatus, Tx } from '@harbour/db';
import type { Registry } from '@harbour/forms';
import type { AnswerSealer } from '../security/sealed-answers';
import { type DueItem, dueOf } from './case-due';
import { casePeriod, type ModuleWindow, type OfferedForm, offeredForms } from './module-activity';

export type CaseSummary = {
  id: string;
  serviceId: string;
  reference: string | null;
  workerId: string;
  workerName: string;
  practitionerRole: string | null;
  openedAt: string;
  closedAt: string | null;
  status: 'open' | 'closed';
  flags: string[];
  consentResearch: boolean | null;
  sharedWithService: boolean;
  submittedForms: string[];
  draftForms: string[];
  due: DueItem[];
  createdAt: Date;
  updatedAt: Date;
};

export type FormSummary = Pick<OfferedForm, 'key' | 'moduleKey' | 'version' | 'stage' | 'audience' | 'title'>;

export const formSummary = (f: OfferedForm): FormSummary => ({
  key: f.key,
  moduleKey: f.moduleKey,
  version: f.version,
  stage: f.stage,
  audience: f.audience,
  title: f.title,
});

export type CaseView = { registry: Registry; windows: ModuleWindow[]; today: string };

export function caseForms(view: CaseView, kase: Pick<Case, 'opened_at' | 'closed_at'>): OfferedForm[] {
  return offeredForms(
    view.registry,
    view.windows,
    casePeriod({ openedAt: kase.opened_at, closedAt: kase.closed_at }, view.today),
  );
}

export function summarizeCase(
  view: CaseView,
  kase: Case,
  workerName: string,
  responses: { formKey: string; status: 'draft' | 'submitted' }[],
): CaseSummary {
  const byForm = Object.fromEntries(responses.map((r) => [r.formKey, r.status]));
  return {
    id: kase.id,
    serviceId: kase.service_id,
    reference: kase.reference,
    workerId: kase.worker_id,
    workerName,
    practitionerRole: kase.practitioner_role,
    openedAt: kase.opened_at,
    closedAt: kase.closed_at,
    status: kase.status,
    flags: kase.flags,
    consentResearch: kase.consent_research,
    sharedWithService: kase.shared_with_service,
    submittedForms: responses
      .filter((r) => r.status === 'submitted')
      .map((r) => r.formKey)
      .sort(),
    draftForms: responses
      .filter((r) => r.status === 'draft')
      .map((r) => r.formKey)
      .sort(),
    due: dueOf({
      status: kase.status,
      openedAt: kase.opened_at,
      today: view.today,
      forms: caseForms(view, kase),
      responses: byForm,
    }),
    createdAt: kase.created_at,
    updatedAt: kase.updated_at,
  };
}

/** The form and status of each of a case's responses. */
export async function responseStatuses(
  tx: Tx,
  serviceId: string,
  caseId: string,
): Promise<{ formKey: string; status: ResponseStatus }[]> {
  const rows = await tx
    .selectFrom('responses')
    .select(['form_key', 'status'])
    .where('service_id', '=', serviceId)
    .where('case_id', '=', caseId)
    .execute();
  return rows.map((r) => ({ formKey: r.form_key, status: r.status }));
}

export async function workerName(tx: Tx, workerId: string): Promise<string> {
  const row = await tx.selectFrom('users').select('name').where('id', '=', workerId).executeTakeFirst();
  return row?.name ?? '';
}

/** The whole case: its caseload line, every response, and the forms offered to it. */
export async function caseDetail(tx: Tx, view: CaseView, kase: Case, sealer: AnswerSealer) {
  const responses = await tx
    .selectFrom('responses')
    .select([
      'form_key',
      'module_key',
      'form_version',
      'status',
      'source',
      'answers',
      'sealed',
      'scores',
      'version',
      'updated_at',
      'submitted_at',
    ])
    .where('service_id', '=', kase.service_id)
    .where('case_id', '=', kase.id)
    .orderBy('created_at')
    .execute();
  const summary = summarizeCase(
    view,
    kase,
    await workerName(tx, kase.worker_id),
    responses.map((r) => ({ formKey: r.form_key, status: r.status })),
  );
  const opened = await Promise.all(
    responses.map((r) =>
      sealer.unsealAnswers(tx, {
        serviceId: kase.service_id,
        caseId: kase.id,
        formKey: r.form_key,
        answers: r.answers,
        sealed: r.sealed,
      }),
    ),
  );
  return {
    ...summary,
    responses: responses.map((r, i) => ({
      formKey: r.form_key,
      moduleKey: r.module_key,
      version: r.form_version,
      status: r.status,
      source: r.source,
      answers: opened[i],
      scores: r.scores,
      revision: r.version,
      updatedAt: r.updated_at,
      submittedAt: r.submitted_at,
    })),
    forms: caseForms(view, kase).map(formSummary),
  };
}
