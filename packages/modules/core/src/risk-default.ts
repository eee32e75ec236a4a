/**
 * The risk level defaults from the Dash score by the service's thresholds. A practitioner's own
 * risk level is never overwritten: professional judgement may put it above what the score says.
 */
import type { AnswerDefault, FormContext } from '@harbour/forms';

export function riskLevelFromDash(
  dashScore: number,
  settings: FormContext['settings'],
): 'high' | 'medium' | 'standard' {
  if (dashScore >= settings.riskHighFrom) return 'high';
  if (dashScore >= settings.riskMediumFrom) return 'medium';
  return 'standard';
}

export const riskLevelDefault: AnswerDefault = {
  forms: ['core.intake', 'core.review'],
  apply(answers, ctx) {
    const dash = answers.dash_score;
    if (answers.risk_level !== undefined || typeof dash !== 'number' || !Number.isInteger(dash)) return answers;
    return { ...answers, risk_level: riskLevelFromDash(dash, ctx.settings) };
  },
};
