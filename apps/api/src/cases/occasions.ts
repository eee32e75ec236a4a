/**
 * Occasions of a case's forms. Intake and exit forms are answered once (occasion 0). Review and
 * follow-up forms are answered on numbered occasions 1, 2, 3…: review 2 is every review form's
 * response of occasion 2. Pure, so the rules are tested without a database.
 */
import { type FormDefinition, isRepeatedStage } from '@harbour/forms';
import { unprocessable } from '../lib/errors';

export type OccasionResponse = { formKey: string; occasion: number; answers: Record<string, unknown> };

/** The occasion a save addresses: 0 for a form answered once, 1… for a repeated form. */
export function checkOccasion(
  form: Pick<FormDefinition, 'key' | 'stage'>,
  occasion: number,
  responses: readonly (OccasionResponse & { stage: FormDefinition['stage'] | undefined })[],
): void {
  if (!isRepeatedStage(form.stage)) {
    if (occasion !== 0) {
      throw unprocessable(`${form.key} is answered once per case, not on numbered occasions`, [
        { pointer: '/occasion', message: 'must be left out: this form is not a review or follow-up form' },
      ]);
    }
    return;
  }
  if (occasion < 1) {
    throw unprocessable(`${form.key} is answered on numbered occasions: save it on a ${stageName(form.stage)}`, [
      { pointer: '/occasion', message: `is required: the number of the ${stageName(form.stage)}` },
    ]);
  }
  // Follow-ups are numbered by their point after closure and may go unanswered: only reviews
  // must follow one another without a gap.
  const last = Math.max(0, ...responses.filter((r) => r.stage === form.stage).map((r) => r.occasion));
  if (form.stage === 'review' && occasion > last + 1) {
    throw unprocessable(
      `${stageName(form.stage)} ${occasion} cannot start before ${stageName(form.stage)} ${last + 1}`,
      [{ pointer: '/occasion', message: `must be at most ${last + 1}` }],
    );
  }
}

const stageName = (stage: FormDefinition['stage']) => (stage === 'follow_up' ? 'follow-up' : 'review');

/**
 * The answers a case's rules and flags look at, by form key: each form answered once, and the
 * latest occasion of each repeated form (a flag follows the latest review, not an old one).
 */
export function currentAnswers(responses: readonly OccasionResponse[]): Record<string, Record<string, unknown>> {
  const latest = new Map<string, OccasionResponse>();
  for (const r of responses) {
    const seen = latest.get(r.formKey);
    if (!seen || r.occasion > seen.occasion) latest.set(r.formKey, r);
  }
  return Object.fromEntries([...latest].map(([key, r]) => [key, r.answers]));
}
