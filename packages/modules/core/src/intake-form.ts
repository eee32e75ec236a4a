/** `core.intake`: what the practitioner records when a case opens (docs/data-dictionary.md). */
import {
  answersSchema,
  askedOnlyWhen,
  boolean,
  code,
  codes,
  date,
  type FieldHint,
  type FormDefinition,
  integer,
  optionSets,
  patterned,
} from '@harbour/forms';
import { hintsFor, schemasFor } from './field-groups';

export const referralSources = {
  police: 'Police',
  marac: 'Marac',
  health_ae: 'Health: A&E',
  health_gp: 'Health: GP',
  health_maternity: 'Health: maternity',
  health_mental_health: 'Health: mental health services',
  health_other: 'Health: other',
  childrens_social_care: "Children's social care",
  adult_social_care: 'Adult social care',
  housing: 'Housing',
  education: 'Education',
  probation: 'Probation',
  criminal_justice_other: 'Criminal justice: other',
  voluntary_sector: 'Voluntary sector',
  da_service: 'Domestic abuse service',
  self: 'Self-referral',
  family_friend: 'Family or friend',
  other: 'Other',
};

const genders = {
  female: 'Female',
  male: 'Male',
  non_binary: 'Non-binary',
  other: 'Other',
  not_known: 'Not known',
  prefer_not_to_say: 'Prefers not to say',
};

const sexualOrientations = {
  heterosexual: 'Heterosexual or straight',
  gay_lesbian: 'Gay or lesbian',
  bisexual: 'Bisexual',
  other: 'Other',
  not_known: 'Not known',
  prefer_not_to_say: 'Prefers not to say',
};

/** Census 2021 ethnic groups. */
const ethnicities = {
  asian_bangladeshi: 'Asian: Bangladeshi',
  asian_chinese: 'Asian: Chinese',
  asian_indian: 'Asian: Indian',
  asian_pakistani: 'Asian: Pakistani',
  asian_other: 'Asian: any other Asian background',
  black_african: 'Black: African',
  black_caribbean: 'Black: Caribbean',
  black_other: 'Black: any other Black background',
  mixed_white_asian: 'Mixed: White and Asian',
  mixed_white_black_african: 'Mixed: White and Black African',
  mixed_white_black_caribbean: 'Mixed: White and Black Caribbean',
  mixed_other: 'Mixed: any other mixed background',
  white_british: 'White: English, Welsh, Scottish, Northern Irish or British',
  white_irish: 'White: Irish',
  white_gypsy_traveller: 'White: Gypsy or Irish Traveller',
  white_roma: 'White: Roma',
  white_other: 'White: any other White background',
  other_arab: 'Other ethnic group: Arab',
  other_any: 'Other ethnic group: any other',
  not_known: 'Not known',
  prefer_not_to_say: 'Prefers not to say',
};

const disabilityTypes = {
  physical: 'Physical',
  sensory: 'Sensory (sight or hearing)',
  learning: 'Learning disability',
  mental_health: 'Mental health',
  long_term_condition: 'Long-term condition',
  neurodivergent: 'Neurodivergent (e.g. autism, ADHD)',
  other: 'Other',
};

/** A child's abusers: only on the cases of services with a module for children as clients. */
export const childClientRelationships = {
  parent: 'Parent or carer',
  sibling: 'Brother or sister',
  peer: 'Another young person (not a partner)',
};

const perpetratorRelationships = {
  current_partner: 'Current partner',
  ex_partner: 'Ex-partner',
  family_member: 'Family member',
  ...childClientRelationships,
  other: 'Other',
};

/** Who agreed to research for the client: under 16, a parent or carer, or the client judged Gillick competent. */
export const consentBases = {
  self: 'The client',
  parent_carer: 'A parent or carer, for the client',
  gillick_competent: 'The client, judged Gillick competent',
};

const perpetratorGenders = { female: 'Female', male: 'Male', other: 'Other', not_known: 'Not known' };

export const riskLevels = { high: 'High', medium: 'Medium', standard: 'Standard' };

export const abuseTypes = {
  abuse_physical: 'Physical abuse',
  abuse_sexual: 'Sexual abuse',
  abuse_harassment_stalking: 'Harassment and stalking',
  abuse_jealous_controlling: 'Jealous and controlling behaviour',
  abuse_economic: 'Economic abuse',
};

const priorContacts = {
  prior_police_reports_12m: 'Reports to the police',
  prior_ae_visits_12m: 'Visits to A&E',
  prior_gp_visits_12m: 'Visits to a GP',
  prior_professional_contacts_12m: 'Contacts with other professionals',
};

const needs = {
  needs_mental_health: 'Mental health',
  needs_self_harm: 'Self-harm, or planned or attempted suicide',
  needs_substance_misuse: 'Drug misuse',
  needs_alcohol: 'Alcohol misuse',
  needs_financial: 'Money and debt',
  needs_housing: 'Housing',
  needs_immigration: 'Immigration',
};

const yesNo = (label: string, extra: Partial<FieldHint> = {}): FieldHint => ({ label, widget: 'yesno', ...extra });

export const intakeForm: FormDefinition = {
  key: 'core.intake',
  version: 1,
  stage: 'intake',
  audience: 'practitioner',
  title: 'Intake',
  description: 'Who the client is, how they came to the service, the risk they face and their needs.',
  schema: answersSchema(
    {
      referral_date: date(),
      referral_source: code(referralSources),
      repeat_client: boolean(),
      consent_research: boolean(),
      consent_basis: code(consentBases),
      age: integer(11, 110),
      gender: code(genders),
      trans: code(optionSets.ynp),
      sexual_orientation: code(sexualOrientations),
      ethnicity: code(ethnicities),
      disability: code(optionSets.ynp),
      disability_types: { ...codes(disabilityTypes), minItems: 1 },
      pregnant: code(optionSets.yn),
      local_authority: patterned(
        '^[EWSN][0-9]{8}$',
        'an ONS local authority code: E, W, S or N and eight digits, such as E09000033',
      ),
      interpreter_needed: boolean(),
      perpetrator_relationship: code(perpetratorRelationships),
      perpetrator_gender: code(perpetratorGenders),
      living_with_perpetrator: boolean(),
      multiple_perpetrators: boolean(),
      dash_score: integer(0, 24),
      risk_level: code(riskLevels),
      marac_referral: boolean(),
      marac_repeat: boolean(),
      ...schemasFor(abuseTypes, code(optionSets.severity)),
      abuse_duration_months: integer(0),
      ...schemasFor(priorContacts, integer(0)),
      children_in_household: integer(0, 20),
      children_social_care: code(optionSets.socialCare),
      ...schemasFor(needs, boolean()),
    },
    {
      required: ['referral_date', 'referral_source', 'consent_research', 'risk_level'],
      allOf: [askedOnlyWhen('disability_types', { field: 'disability', equals: 'yes' })],
    },
  ),
  ui: {
    intro: 'Record what you know at the first contact. Leave a question blank if it was not asked or is not known.',
    order: [
      'referral_date',
      'referral_source',
      'repeat_client',
      'consent_research',
      'consent_basis',
      'age',
      'gender',
      'trans',
      'sexual_orientation',
      'ethnicity',
      'disability',
      'disability_types',
      'pregnant',
      'local_authority',
      'interpreter_needed',
      'perpetrator_relationship',
      'perpetrator_gender',
      'living_with_perpetrator',
      'multiple_perpetrators',
      'dash_score',
      'risk_level',
      'marac_referral',
      'marac_repeat',
      ...Object.keys(abuseTypes),
      'abuse_duration_months',
      ...Object.keys(priorContacts),
      'children_in_household',
      'children_social_care',
      ...Object.keys(needs),
    ],
    groups: {
      referral: { legend: 'Referral' },
      client: { legend: 'About the client' },
      perpetrator: { legend: 'The person causing harm' },
      risk: { legend: 'Risk' },
      abuse: {
        legend: 'Abuse in the period before intake',
        help: 'The level of each type of abuse, as on the Severity of Abuse Grid.',
      },
      history: { legend: 'In the 12 months before intake', help: 'Numbers of times; 0 if none.' },
      children: { legend: 'Children' },
      needs: { legend: 'Needs disclosed at intake' },
    },
    fields: {
      referral_date: { label: 'Date of referral', widget: 'date', group: 'referral' },
      referral_source: {
        label: 'Who referred the client?',
        options: referralSources,
        widget: 'select',
        group: 'referral',
      },
      repeat_client: yesNo('Supported by this service in the last 12 months?', { group: 'referral' }),
      consent_research: yesNo('Does the client agree to their data joining the national dataset for research?', {
        help: 'Only pseudonymised data is shared: no names, no free text, no exact dates.',
        group: 'referral',
      }),
      consent_basis: {
        label: 'Who gave that agreement?',
        help: 'Under 16: a parent or carer, or the client with your recorded judgement that they are Gillick competent.',
        options: consentBases,
        widget: 'radio',
        showWhen: { field: 'consent_research', equals: true },
        group: 'referral',
      },
      age: {
        label: 'Age at intake',
        help: '13 or over; from 11 on the cases of a service working with young people.',
        widget: 'number',
        group: 'client',
      },
      gender: { label: 'Gender', options: genders, widget: 'radio', group: 'client' },
      trans: {
        label: 'Is their gender different from the sex registered at birth?',
        options: optionSets.ynp,
        widget: 'radio',
        group: 'client',
      },
      sexual_orientation: {
        label: 'Sexual orientation',
        options: sexualOrientations,
        widget: 'select',
        group: 'client',
      },
      ethnicity: { label: 'Ethnic group', options: ethnicities, widget: 'select', group: 'client' },
      disability: {
        label: 'Does the client have a disability?',
        options: optionSets.ynp,
        widget: 'radio',
        group: 'client',
      },
      disability_types: {
        label: 'Type of disability',
        help: 'Tick all that apply.',
        options: disabilityTypes,
        widget: 'checkboxes',
        showWhen: { field: 'disability', equals: 'yes' },
        group: 'client',
      },
      pregnant: { label: 'Is the client pregnant?', options: optionSets.yn, widget: 'radio', group: 'client' },
      local_authority: {
        label: "Client's local authority",
        help: 'The ONS code, for example E09000033 for Westminster.',
        group: 'client',
      },
      interpreter_needed: yesNo('Does the client need an interpreter?', { group: 'client' }),
      perpetrator_relationship: {
        label: 'Relationship to the client',
        options: perpetratorRelationships,
        widget: 'radio',
        group: 'perpetrator',
      },
      perpetrator_gender: { label: 'Gender', options: perpetratorGenders, widget: 'radio', group: 'perpetrator' },
      living_with_perpetrator: yesNo('Does the client live with them?', { group: 'perpetrator' }),
      multiple_perpetrators: yesNo('Is more than one person causing harm?', { group: 'perpetrator' }),
      dash_score: {
        label: 'Dash risk checklist score',
        help: 'The number of ticks on the Dash checklist, 0 to 24.',
        widget: 'number',
        group: 'risk',
      },
      risk_level: {
        label: 'Risk level',
        help: "If left blank, it is set from the Dash score by the service's thresholds. Professional judgement may set it higher.",
        options: riskLevels,
        widget: 'radio',
        group: 'risk',
      },
      marac_referral: yesNo('Referred to Marac?', { group: 'risk' }),
      marac_repeat: yesNo('Discussed at a Marac in the last 12 months?', {
        help: 'A repeat Marac referral.',
        showWhen: { field: 'marac_referral', equals: true },
        group: 'risk',
      }),
      ...hintsFor(abuseTypes, { options: optionSets.severity, widget: 'radio', group: 'abuse' }),
      abuse_duration_months: {
        label: 'How long had the abuse gone on before this help? (months)',
        widget: 'number',
        group: 'abuse',
      },
      ...hintsFor(priorContacts, { widget: 'number', group: 'history' }),
      children_in_household: { label: 'Number of children in the household', widget: 'number', group: 'children' },
      children_social_care: {
        label: "Highest level of children's social care involvement",
        options: optionSets.socialCare,
        widget: 'select',
        group: 'children',
      },
      ...hintsFor(needs, { widget: 'yesno', group: 'needs' }),
    },
  },
};
