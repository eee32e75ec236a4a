/** The `children` module: one entry per child of the household, at intake and at exit. */
import { defineModule } from '@harbour/forms';
import { exitChildrenRecordedAtIntake, uniqueChildRefs } from './child-rules';
import { exitForm, intakeForm } from './forms';
import { report } from './report';
import { synthetic } from './synthetic';
import { childWordsForm, notSafeAtHome, voiceForms } from './voice-forms';

export { examples } from './examples';
export { VOICE_EXIT_FORMS, VOICE_INTAKE_FORMS } from './voice-forms';

export default defineModule({
  key: 'children',
  version: 1,
  title: 'Children',
  description:
    "The children of the household: the harm they experienced, how they are at exit, and the child's own voice: their own questionnaires and their words.",
  forms: [intakeForm, exitForm, ...voiceForms, childWordsForm],
  flags: [notSafeAtHome],
  rules: [uniqueChildRefs, exitChildrenRecordedAtIntake],
  report,
  synthetic,
});
