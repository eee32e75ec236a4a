/** `migration.intake`: immigration status and the abuse that exploits it. */
import { answersSchema, boolean, code, type FormDefinition, integer, optionSets } from '@harbour/forms';
import { countries } from './countries';

const immigrationStatuses = {
  british_irish: 'British or Irish citizen',
  eu_settled: 'EU Settlement Scheme: settled status',
  eu_pre_settled: 'EU Settlement Scheme: pre-settled status',
  spouse_partner_visa: 'Spouse or partner visa',
  other_visa: 'Another visa',
  asylum_seeker: 'Asylum seeker',
  refugee: 'Refugee',
  no_status: 'No immigration status',
  not_known: 'Not known',
};

const englishLevels = { fluent: 'Fluent', some: 'Some English', none: 'No English' };

const concerns = {
  documents_withheld: 'Passport or documents kept from the client?',
  forced_marriage: 'Forced marriage?',
  honour_based_abuse: "So-called 'honour'-based abuse?",
  fgm_concern: 'Concern about female genital mutilation (FGM)?',
  trafficking_concern: 'Concern about trafficking or modern slavery?',
};

export const intakeForm: FormDefinition = {
  key: 'migration.intake',
  version: 1,
  stage: 'intake',
  audience: 'practitioner',
  title: 'Immigration at intake',
  description: "The client's immigration status, recourse to public funds and related abuse.",
  schema: answersSchema({
    country_of_birth: { ...code(countries), description: 'a two-letter ISO 3166-1 country code, such as GB' },
    years_in_uk: integer(0),
    immigration_status: code(immigrationStatuses),
    nrpf: code(optionSets.yn),
    english_proficiency: code(englishLevels),
    status_used_as_abuse: boolean(),
    ...Object.fromEntries(Object.keys(concerns).map((key) => [key, boolean()])),
  }),
  ui: {
    order: [
      'country_of_birth',
      'years_in_uk',
      'immigration_status',
      'nrpf',
      'english_proficiency',
      'status_used_as_abuse',
      ...Object.keys(concerns),
    ],
    groups: { concerns: { legend: 'Concerns at intake' } },
    fields: {
      country_of_birth: { label: 'Country of birth', options: countries, widget: 'select' },
      years_in_uk: { label: 'Years lived in the UK', help: '0 if less than a year.', widget: 'number' },
      immigration_status: { label: 'Immigration status', options: immigrationStatuses, widget: 'select' },
      nrpf: {
        label: 'No recourse to public funds (NRPF)?',
        help: 'The client cannot claim most benefits or housing help because of their immigration status.',
        options: optionSets.yn,
        widget: 'radio',
      },
      english_proficiency: {
        label: 'How well does the client speak English?',
        options: englishLevels,
        widget: 'radio',
      },
      status_used_as_abuse: {
        label: 'Immigration status or documents used to control the client?',
        widget: 'yesno',
        group: 'concerns',
      },
      ...Object.fromEntries(
        Object.entries(concerns).map(([key, label]) => [key, { label, widget: 'yesno', group: 'concerns' }]),
      ),
    },
  },
};
