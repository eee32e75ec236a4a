/** The `core` module: the intake, exit and client questionnaires every service uses. */
import { dateNotBefore, dateNotInFuture, defineModule } from '@harbour/forms';
import { clientExitForm, clientIntakeForm } from './client-forms';
import { childAbuserCodes, clientAge, consentUnderSixteen } from './client-rules';
import { exitForm } from './exit-form';
import { intakeForm } from './intake-form';
import { riskLevelDefault } from './risk-default';
import { who5Percent } from './who5-score';

export { AGE_OF_OWN_CONSENT } from './client-rules';
export { examples } from './examples';
export { riskLevelFromDash } from './risk-default';

export default defineModule({
  key: 'core',
  version: 1,
  title: 'Core',
  description: 'Intake and exit records and the client questionnaire that every service uses.',
  alwaysActive: true,
  clients: { minimumAge: 13, childClients: false },
  forms: [intakeForm, exitForm, clientIntakeForm, clientExitForm],
  scores: [who5Percent],
  rules: [
    dateNotInFuture('core.intake', 'referral_date'),
    dateNotInFuture('core.exit', 'exit_date'),
    dateNotBefore('core.exit', 'exit_date', { form: 'core.intake', field: 'referral_date', label: 'referral date' }),
    clientAge,
    childAbuserCodes,
    consentUnderSixteen,
  ],
  defaults: [riskLevelDefault],
  report: [],
});
