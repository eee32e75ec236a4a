/** The `children` module: one entry per child of the household, at intake and at exit. */
import { defineModule } from '@harbour/forms';
import { exitChildrenRecordedAtIntake, uniqueChildRefs } from './child-rules';
import { exitForm, intakeForm } from './forms';
import { report } from './report';
import { synthetic } from './synthetic';

export { examples } from './examples';

export default defineModule({
  key: 'children',
  version: 1,
  title: 'Children',
  description: 'The children of the household: the harm they experienced, their voice, and how they are at exit.',
  forms: [intakeForm, exitForm],
  rules: [uniqueChildRefs, exitChildrenRecordedAtIntake],
  report,
  synthetic,
});
