/**
 * What a caseload shows as due on a case. Pure, so the rules are tested without a database.
 *
 * - `intake`: a practitioner intake form of an always-active module (the core intake) is not submitted;
 * - `client_questionnaire`: a client intake form of an offered module has not come back; a client
 *   review form has not come back for the latest review once the practitioner's review is started;
 *   or a client exit form has not come back once the practitioner's exit record is started;
 * - `review`: the service's review interval (default three calendar months) has passed since the
 *   case opened or since its latest submitted review, and no exit is started.
 *
 * A closed case has nothing due.
 */
import type { FormAudience, FormStage } from '@harbour/forms';
import { addMonths } from './dates';

export type DueItem = 'intake' | 'client_questionnaire' | 'review';

export type DueForm = { key: string; stage: FormStage; audience: FormAudience; alwaysActive: boolean };

export type DueResponse = { formKey: string; occasion: number; status: 'draft' | 'submitted' };

export type DueInput = {
  status: 'open' | 'closed';
  openedAt: string;
  today: string;
  /** The forms offered to the case. */
  forms: DueForm[];
  /** The case's responses, each occasion of a review form its own. */
  responses: DueResponse[];
  /** The date of the latest submitted practitioner review, if any. */
  lastReviewedOn: string | null;
  /** Calendar months between reviews (the service's setting). */
  reviewIntervalMonths: number;
};

/** The date the next review falls due: the interval after the latest review, or after opening. */
export function reviewDueOn(input: Pick<DueInput, 'openedAt' | 'lastReviewedOn' | 'reviewIntervalMonths'>): string {
  return addMonths(input.lastReviewedOn ?? input.openedAt, input.reviewIntervalMonths);
}

export function dueOf(input: DueInput): DueItem[] {
  if (input.status === 'closed') return [];
  const statusOf = (key: string, occasion = 0) =>
    input.responses.find((r) => r.formKey === key && r.occasion === occasion)?.status;
  const submitted = (key: string, occasion = 0) => statusOf(key, occasion) === 'submitted';
  const practitionerForms = input.forms.filter((f) => f.audience === 'practitioner');
  const exitStarted = practitionerForms.some((f) => f.stage === 'exit' && statusOf(f.key) !== undefined);
  const reviewForms = new Set(practitionerForms.filter((f) => f.stage === 'review').map((f) => f.key));
  const latestReview = Math.max(0, ...input.responses.filter((r) => reviewForms.has(r.formKey)).map((r) => r.occasion));
  const due: DueItem[] = [];

  if (practitionerForms.some((f) => f.alwaysActive && f.stage === 'intake' && !submitted(f.key))) due.push('intake');

  const clientOutstanding = input.forms.some(
    (f) =>
      f.audience === 'client' &&
      ((f.stage === 'intake' && !submitted(f.key)) ||
        (f.stage === 'review' && latestReview > 0 && !submitted(f.key, latestReview)) ||
        (f.stage === 'exit' && exitStarted && !submitted(f.key))),
  );
  if (clientOutstanding) due.push('client_questionnaire');

  if (!exitStarted && input.today >= reviewDueOn(input)) due.push('review');
  return due;
}
