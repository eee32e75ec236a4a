import type { FormContext } from '@harbour/forms';

/** A form context for tests: today is 30 June 2026, the default Dash thresholds. */
export function contextWith(otherAnswers: FormContext['otherAnswers'] = {}): FormContext {
  return { today: '2026-06-30', otherAnswers, settings: { riskHighFrom: 14, riskMediumFrom: 10 } };
}
