/**
 * A module that lives only in the tests: it proves that a new module is a package that
 * default-exports defineModule(...) and is registered, with no change to `forms`. Version 2 of
 * its form renames a key, so it also carries an answer migration.
 */
import {
  answersSchema,
  boolean,
  code,
  date,
  dateNotInFuture,
  defineModule,
  type FormDefinition,
  integer,
  type UiHints,
} from '@harbour/forms';

const tenures = {
  owner: 'Owns their home',
  private_rent: 'Rents privately',
  social_rent: 'Rents from the council or a housing association',
  temporary: 'Temporary accommodation',
  homeless: 'Homeless',
};

const ui = (statusKey: string): UiHints => ({
  order: [statusKey, 'moved_on', 'nights_in_refuge'],
  fields: {
    [statusKey]: { label: 'Where does the client live?', options: tenures, widget: 'radio' },
    moved_on: { label: 'Date they moved to their current home', widget: 'date' },
    nights_in_refuge: { label: 'Nights spent in a refuge', widget: 'number' },
  },
});

const intakeV1: FormDefinition = {
  key: 'housing.intake',
  version: 1,
  stage: 'intake',
  audience: 'practitioner',
  title: 'Housing at intake',
  schema: answersSchema({ status: code(tenures), moved_on: date(), nights_in_refuge: integer(0, 365) }),
  ui: ui('status'),
};

const intakeV2: FormDefinition = {
  ...intakeV1,
  version: 2,
  schema: answersSchema(
    { tenure: code(tenures), moved_on: date(), nights_in_refuge: integer(0, 365), at_risk_of_eviction: boolean() },
    { required: ['tenure'] },
  ),
  ui: {
    ...ui('tenure'),
    order: [...ui('tenure').order, 'at_risk_of_eviction'],
    fields: { ...ui('tenure').fields, at_risk_of_eviction: { label: 'At risk of eviction?', widget: 'yesno' } },
  },
};

export const housingModule = defineModule({
  key: 'housing',
  version: 1,
  title: 'Housing',
  description: 'Where the client lives, and housing outcomes.',
  forms: [intakeV1, intakeV2],
  rules: [dateNotInFuture('housing.intake', 'moved_on')],
  flags: [
    {
      key: 'homeless',
      forms: ['housing.intake'],
      label: 'Client is homeless',
      test: (answers) => answers.tenure === 'homeless',
    },
  ],
  migrations: [
    {
      form: 'housing.intake',
      fromVersion: 1,
      toVersion: 2,
      migrate: ({ status, ...rest }) => (status === undefined ? rest : { ...rest, tenure: status }),
    },
  ],
});
