/** A case as the API shows it: the caseload line, and the full record with responses and offered forms. */
import type { CaseDetailReply, CaseSummaryReply, FormSummary } from '@harbour/contract';
import { type Case, DEFAULT_REVIEW_INTERVAL_MONTHS, type Tx } from '@harbour/db';
import type { Registry } from '@harbour/forms';
import type { AnswerSealer } from '../security/sealed-answers';
import { type DueResponse, dueOf, reviewDueOn } from './case-due';
import { ukDate } from './dates';
import {
  casePeriod,
  loadModuleWindows,
  type ModuleWindow,
  type OfferedForm,
  offeredForms,
  perChildForms,
} from './module-activity';
import { loadServiceSettings } from './service-settings';

export const formSummary = (f: OfferedForm): FormSummary => ({
  key: f.key,
  moduleKey: f.moduleKey,
  version: f.version,
  stage: f.stage,
  audience: f.audience,
  title: f.title,
  ...(f.perChild ? { perChild: f.perChild } : {}),
  ...(f.ages ? { ages: f.ages } : {}),
});

export type CaseView = { registry: Registry; windows: ModuleWindow[]; today: string; reviewIntervalMonths: number };

/** What showing a service's cases needs besides the cases: its module windows and review interval. */
export async function loadCaseView(tx: Tx, registry: Registry, serviceId: string, today: string): Promise<CaseView> {
  const [windows, settings] = await Promise.all([loadModuleWindows(tx, serviceId), loadServiceSettings(tx, serviceId)]);
  return {
    registry,
    windows,
    today,
    reviewIntervalMonths: settings?.reviewIntervalMonths ?? DEFAULT_REVIEW_INTERVAL_MONTHS,
  };
}

/**
 * The date of a review response: its `review_date` answer, or the UK date it was submitted.
 * Only submitted responses of practitioner review forms count.
 */
export function reviewDateOf(answers: Record<string, unknown>, submittedAt: Date | null): string | null {
  if (submittedAt === null) return null;
  return typeof answers.review_date === 'string' ? answers.review_date : ukDate(submittedAt);
}

/** The keys of the practitioner review forms (`core.review`, and any module's). */
export const practitionerReviewForms = (registry: Registry): string[] =>
  registry
    .forms()
    .filter((f) => f.stage === 'review' && f.audience === 'practitioner')
    .map((f) => f.key);

export function caseForms(view: CaseView, kase: Pick<Case, 'opened_at' | 'closed_at'>): OfferedForm[] {
  return offeredForms(
    view.registry,
    view.windows,
    casePeriod({ openedAt: kase.opened_at, closedAt: kase.closed_at }, view.today),
  );
}

/** The forms answered for each child recorded on the case, where their module is active for it. */
export function childForms(view: CaseView, kase: Pick<Case, 'opened_at' | 'closed_at'>): OfferedForm[] {
  return perChildForms(
    view.registry,
    view.windows,
    casePeriod({ openedAt: kase.opened_at, closedAt: kase.closed_at }, view.today),
  );
}

export function summarizeCase(
  view: CaseView,
  kase: Case,
  workerName: string,
  responses: DueResponse[],
  lastReviewedOn: string | null,
): CaseSummaryReply {
  const keysOf = (status: DueResponse['status']) =>
    [...new Set(responses.filter((r) => r.status === status).map((r) => r.formKey))].sort();
  const review = { openedAt: kase.opened_at, lastReviewedOn, reviewIntervalMonths: view.reviewIntervalMonths };
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
    projectId: kase.project_id,
    submittedForms: keysOf('submitted'),
    draftForms: keysOf('draft'),
    due: dueOf({ ...review, status: kase.status, today: view.today, forms: caseForms(view, kase), responses }),
    lastReviewedOn,
    reviewDueOn: kase.status === 'open' ? reviewDueOn(review) : null,
    createdAt: kase.created_at,
    updatedAt: kase.updated_at,
  };
}

export async function workerName(tx: Tx, workerId: string): Promise<string> {
  const row = await tx.selectFrom('users').select('name').where('id', '=', workerId).executeTakeFirst();
  return row?.name ?? '';
}

/** What a case's line needs of each of its responses. */
type ResponseState = {
  form_key: string;
  occasion: number;
  status: DueResponse['status'];
  answers: Record<string, unknown>;
  submitted_at: Date | null;
};

/** The date of each submitted practitioner review, by its occasion. */
function reviewDatesOf(registry: Registry, responses: ResponseState[]) {
  const reviewForms = new Set(practitionerReviewForms(registry));
  return responses
    .filter((r) => reviewForms.has(r.form_key))
    .map((r) => ({ occasion: r.occasion, date: reviewDateOf(r.answers, r.submitted_at) }));
}

async function summaryOf(
  tx: Tx,
  view: CaseView,
  kase: Case,
  responses: ResponseState[],
  reviewDates: { date: string | null }[],
): Promise<CaseSummaryReply> {
  return summarizeCase(
    view,
    kase,
    await workerName(tx, kase.worker_id),
    responses.map((r) => ({ formKey: r.form_key, occasion: r.occasion, status: r.status })),
    latestDate(reviewDates.map((r) => r.date)),
  );
}

/** One case's caseload line, read afresh (after the case changed). */
export async function caseSummary(tx: Tx, view: CaseView, kase: Case): Promise<CaseSummaryReply> {
  const responses = await tx
    .selectFrom('responses')
    .select(['form_key', 'occasion', 'status', 'answers', 'submitted_at'])
    .where('service_id', '=', kase.service_id)
    .where('case_id', '=', kase.id)
    .execute();
  return summaryOf(tx, view, kase, responses, reviewDatesOf(view.registry, responses));
}

/** The whole case: its caseload line, every response, and the forms offered to it. */
export async function caseDetail(tx: Tx, view: CaseView, kase: Case, sealer: AnswerSealer): Promise<CaseDetailReply> {
  const responses = await tx
    .selectFrom('responses')
    .select([
      'form_key',
      'occasion',
      'module_key',
      'form_version',
      'status',
      'source',
      'answers',
      'sealed',
      'scores',
      'revision',
      'updated_at',
      'submitted_at',
    ])
    .where('service_id', '=', kase.service_id)
    .where('case_id', '=', kase.id)
    .orderBy('occasion')
    .orderBy('created_at')
    .execute();
  const reviewDates = reviewDatesOf(view.registry, responses);
  const summary = await summaryOf(tx, view, kase, responses, reviewDates);
  const stored = await Promise.all(
    responses.map(async (r) => ({
      formKey: r.form_key,
      occasion: r.occasion || null,
      moduleKey: r.module_key,
      version: r.form_version,
      status: r.status,
      source: r.source,
      answers: await sealer.unsealAnswers(tx, {
        serviceId: kase.service_id,
        caseId: kase.id,
        formKey: r.form_key,
        occasion: r.occasion,
        answers: r.answers,
        sealed: r.sealed,
      }),
      scores: r.scores,
      revision: r.revision,
      updatedAt: r.updated_at,
      submittedAt: r.submitted_at,
    })),
  );
  return {
    ...summary,
    responses: stored,
    reviews: reviewsOf(view.registry, responses, reviewDates),
    forms: caseForms(view, kase).map(formSummary),
    childForms: childForms(view, kase).map(formSummary),
  };
}

/** One line per review occasion: its date (from the practitioner's review) and its forms by status. */
function reviewsOf(
  registry: Registry,
  responses: { form_key: string; occasion: number; status: 'draft' | 'submitted' }[],
  dates: { occasion: number; date: string | null }[],
) {
  const reviewResponses = responses.filter((r) => r.occasion > 0 && registry.form(r.form_key)?.stage === 'review');
  const occasions = [...new Set(reviewResponses.map((r) => r.occasion))].sort((a, b) => a - b);
  return occasions.map((occasion) => {
    const of = reviewResponses.filter((r) => r.occasion === occasion);
    return {
      occasion,
      reviewDate: latestDate(dates.filter((d) => d.occasion === occasion).map((d) => d.date)),
      submittedForms: of.filter((r) => r.status === 'submitted').map((r) => r.form_key),
      draftForms: of.filter((r) => r.status === 'draft').map((r) => r.form_key),
    };
  });
}

const latestDate = (dates: (string | null)[]): string | null =>
  dates.reduce<string | null>((a, b) => (b !== null && (a === null || b > a) ? b : a), null);
