/** The `migration` module: immigration status, no recourse to public funds, and related abuse. */
import { defineModule } from '@harbour/forms';
import { exitForm } from './exit-form';
import { intakeForm } from './intake-form';
import { report } from './report';
import { synthetic } from './synthetic';

export { examples } from './examples';

export default defineModule({
  key: 'migration',
  version: 1,
  title: 'Migration',
  description: 'For clients with insecure immigration status: status, NRPF, advice and applications.',
  forms: [intakeForm, exitForm],
  report,
  synthetic,
});
