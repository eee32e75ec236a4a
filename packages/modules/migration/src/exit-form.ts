/** `migration.exit`: immigration advice and applications during support. */
import { answersSchema, boolean, code, type FormDefinition } from '@harbour/forms';

const applicationOutcomes = {
  not_applicable: 'Not applicable',
  applied: 'Applied, no decision yet',
  granted: 'Granted',
  refused: 'Refused',
};

const nrpfResolutions = { yes: 'Yes', no: 'No', not_applicable: 'Not applicable' };

export const exitForm: FormDefinition = {
  key: 'migration.exit',
  version: 1,
  stage: 'exit',
  audience: 'practitioner',
  title: 'Immigration at exit',
  description: 'Legal advice, applications and safe accommodation for a client with insecure status.',
  schema: answersSchema({
    legal_advice_accessed: boolean(),
    mvdac_application: code(applicationOutcomes),
    settlement_dv_application: code(applicationOutcomes),
    nrpf_resolved: code(nrpfResolutions),
    safe_accommodation_secured: boolean(),
    interpreter_provided: boolean(),
  }),
  ui: {
    order: [
      'legal_advice_accessed',
      'mvdac_application',
      'settlement_dv_application',
      'nrpf_resolved',
      'safe_accommodation_secured',
      'interpreter_provided',
    ],
    fields: {
      legal_advice_accessed: { label: 'Got immigration legal advice?', widget: 'yesno' },
      mvdac_application: {
        label: 'Migrant Victims of Domestic Abuse Concession (MVDAC)',
        options: applicationOutcomes,
        widget: 'radio',
      },
      settlement_dv_application: {
        label: 'Settlement under the domestic violence rule',
        options: applicationOutcomes,
        widget: 'radio',
      },
      nrpf_resolved: {
        label: 'No recourse to public funds resolved?',
        options: nrpfResolutions,
        widget: 'radio',
      },
      safe_accommodation_secured: { label: 'Safe accommodation secured?', widget: 'yesno' },
      interpreter_provided: { label: 'Interpreter provided?', widget: 'yesno' },
    },
  },
};
