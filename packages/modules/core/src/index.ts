/**
 * The `core` module: the intake, review and exit records, the client questionnaires at each of
 * them and the client's follow-up questionnaire after closure, which every service uses.
 */
import { dateNotBefore, dateNotInFuture, defineModule } from '@harbour/forms';
import { clientExitForm, clientFollowUpForm, clientIntakeForm, clientReviewForm } from './client-forms';
import { childAbuserCodes, clientAge, consentUnderSixteen } from './client-rules';
import { exitForm } from './exit-form';
import { intakeForm } from './intake-form';
import { reviewForm } from './review-form';
import { riskLevelDefault } from './risk-default';
import { who5Percent } from './who5-score';

export { AGE_OF_OWN_CONSENT } from './client-rules';
export { examples } from './examples';
export { riskLevelFromDash } from './risk-default';

export default defineModule({
  key: 'core',
  version: 1,
  title: 'Core',
  description: 'Intake, review and exit records, and the client questionnaires that every service uses.',
  alwaysActive: true,
  clients: { minimumAge: 13, childClients: false },
  forms: [intakeForm, reviewForm, exitForm, clientIntakeForm, clientReviewForm, clientExitForm, clientFollowUpForm],
  scores: [who5Percent],
  rules: [
    dateNotInFuture('core.intake', 'referral_date'),
    dateNotInFuture('core.exit', 'exit_date'),
    dateNotBefore('core.exit', 'exit_date', { form: 'core.intake', field: 'referral_date', label: 'referral date' }),
    clientAge,
    childAbuserCodes,
    consentUnderSixteen,
    dateNotInFuture('core.review', 'review_date'),
    dateNotBefore('core.review', 'review_date', {
      form: 'core.intake',
      field: 'referral_date',
      label: 'referral date',
    }),
  ],
  defaults: [riskLevelDefault],
  report: [],
});
