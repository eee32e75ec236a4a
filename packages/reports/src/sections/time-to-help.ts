/**
 * Time to help: how long the abuse had gone on before this help, and the client's contacts with
 * police, A&E, GPs and other professionals in the year before (SafeLives, "Getting it right
 * first time": 2.7 years on average; 85% had some contact with professionals). Cases opened in
 * the period with a submitted intake; each figure over the cases that answered it.
 */
import type { FigureDef } from '../figure-def';
import { numberField } from '../sql/expressions';
import { hasIntake, intake } from './core-forms';
import type { SectionDef } from './section-def';

const CONTACTS = [
  { field: 'prior_police_reports_12m', key: 'police', label: 'Reported to the police' },
  { field: 'prior_ae_visits_12m', key: 'ae', label: 'Went to A&E' },
  { field: 'prior_gp_visits_12m', key: 'gp', label: 'Saw a GP' },
  { field: 'prior_professional_contacts_12m', key: 'professional', label: 'Contacted other professionals' },
];

const answered = (field: string) => `(${hasIntake} and ${numberField(intake, field)} is not null)`;

export const timeToHelp: SectionDef = {
  key: 'time_to_help',
  title: 'Time to help',
  population:
    'Cases opened in the period with a submitted intake form, each figure over the clients for whom it was recorded: how long the abuse had gone on before this help, and contacts in the 12 months before it.',
  figures: [
    {
      key: 'abuse_duration_years_mean',
      label: 'Years of abuse before this help (mean)',
      population: 'opened',
      query: { kind: 'mean', value: `(${numberField(intake, 'abuse_duration_months')} / 12.0)` },
      benchmark: 'national',
    },
    ...CONTACTS.flatMap((contact): FigureDef[] => [
      {
        key: `prior_${contact.key}_any`,
        label: `${contact.label} in the year before (at least once)`,
        population: 'opened',
        query: {
          kind: 'rate',
          denominator: answered(contact.field),
          numerator: `(${numberField(intake, contact.field)} >= 1)`,
        },
        benchmark: 'national',
      },
      {
        key: `prior_${contact.key}_mean`,
        label: `${contact.label}: times in the year before (mean)`,
        population: 'opened',
        query: { kind: 'mean', value: numberField(intake, contact.field) },
      },
    ]),
  ],
};
