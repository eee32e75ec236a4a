/** The `mental-health` module: the practitioner's record, and PHQ-9 and GAD-7 asked of the client. */
import { defineModule } from '@harbour/forms';
import { clientExitForm, clientIntakeForm, clientReviewForm } from './client-forms';
import { clientForms, gad7Total, phq9Total } from './instruments';
import { exitForm, intakeForm } from './practitioner-forms';
import { report } from './report';
import { synthetic } from './synthetic';

export { examples } from './examples';

export default defineModule({
  key: 'mental-health',
  version: 1,
  title: 'Mental health',
  description: 'Mental health needs and support, with the PHQ-9 and GAD-7 at intake, at each review and at exit.',
  forms: [intakeForm, exitForm, clientIntakeForm, clientReviewForm, clientExitForm],
  scores: [phq9Total, gad7Total],
  flags: [
    {
      key: 'phq9_item9',
      forms: clientForms,
      label: 'Thoughts of self-harm reported (PHQ-9 item 9): contact the client promptly',
      test: (answers) => typeof answers.phq9_9 === 'number' && answers.phq9_9 > 0,
    },
  ],
  report,
  synthetic,
});
