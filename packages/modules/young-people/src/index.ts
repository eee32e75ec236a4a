/**
 * The `young-people` module: young people of 11 to 18 as clients in their own right (Youth
 * Idvas, young people's services). Where it is active, the core intake takes clients from 11
 * and the codes for a child's abusers (parent, sibling, peer).
 */
import { defineModule } from '@harbour/forms';
import { exitForm, intakeForm } from './forms';
import { report } from './report';
import { synthetic } from './synthetic';

export { OUT_OF_EDUCATION } from './codes';
export { examples } from './examples';

export default defineModule({
  key: 'young-people',
  version: 1,
  title: 'Young people',
  description:
    'Young people of 11 to 18 as clients in their own right: the abuse they face, exploitation, education, agencies and outcomes.',
  clients: { minimumAge: 11, childClients: true },
  forms: [intakeForm, exitForm],
  report,
  synthetic,
});
