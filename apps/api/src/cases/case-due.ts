/**
 * What a caseload shows as due on a case. Pure, so the rules are tested without a database.
 *
 * - `intake`: a practitioner intake form of an always-active module (the core intake) is not submitted;
 * - `client_questionnaire`: a client intake form of an offered module has not come back, or a client
 *   exit form has not come back once the practitioner's exit record is started;
 * - `review`: the case has been open three months or more with no review submitted and no exit started.
 *
 * A closed case has nothing due.
 */
import type { FormAudience, FormStage } from '@harbour/forms';
import { addMonths } from './dates';

export type DueItem = 'intake' | 'client_questionnaire' | 'review';

export type DueForm = { key: string; stage: FormStage; audience: FormAudience; alwaysActive: boolean };

export type DueInput = {
  status: 'open' | 'closed';
  openedAt: string;
  today: string;
  /** The forms offered to the case. */
  forms: DueForm[];
  /** The case's responses: form key → status. */
  responses: Record<string, 'draft' | 'submitted'>;
};

export const REVIEW_AFTER_MONTHS = 3;

export function dueOf(input: DueInput): DueItem[] {
  if (input.status === 'closed') return [];
  const submitted = (key: string) => input.responses[key] === 'submitted';
  const practitionerForms = input.forms.filter((f) => f.audience === 'practitioner');
  const exitStarted = practitionerForms.some((f) => f.stage === 'exit' && input.responses[f.key] !== undefined);
  const due: DueItem[] = [];

  if (practitionerForms.some((f) => f.alwaysActive && f.stage === 'intake' && !submitted(f.key))) due.push('intake');

  const clientOutstanding = input.forms.some(
    (f) =>
      f.audience === 'client' && !submitted(f.key) && (f.stage === 'intake' || (f.stage === 'exit' && exitStarted)),
  );
  if (clientOutstanding) due.push('client_questionnaire');

  const reviewed = input.forms.some((f) => f.stage === 'review' && submitted(f.key));
  if (!reviewed && !exitStarted && input.today >= addMonths(input.openedAt, REVIEW_AFTER_MONTHS)) due.push('review');
  return due;
}
