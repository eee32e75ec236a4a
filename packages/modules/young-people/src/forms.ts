/**
 * `young-people.intake` and `young-people.exit`: what a Youth Idva (or a young people's service)
 * records about a young person of 11 to 18 who is the client in their own right.
 */
import { answersSchema, boolean, code, codes, type FieldHint, type FormDefinition, optionSets } from '@harbour/forms';
import { abuseContexts, agencies, education, livesWith, relationshipAbuse, supportTypes } from './codes';

const yesNo = (label: string, extra: Partial<FieldHint> = {}): FieldHint => ({ label, widget: 'yesno', ...extra });

export const intakeForm: FormDefinition = {
  key: 'young-people.intake',
  version: 1,
  stage: 'intake',
  audience: 'practitioner',
  title: 'Young person at intake',
  description:
    'The abuse a young person faces, in their own relationships, at home, through exploitation or from peers; their education; the agencies involved.',
  schema: answersSchema(
    {
      abuse_contexts: { ...codes(abuseContexts), minItems: 1 },
      relationship_abuse: codes(relationshipAbuse),
      gang_involvement: code(optionSets.yn),
      missing_episodes: boolean(),
      lives_with: code(livesWith),
      education_status: code(education),
      agencies_involved: codes(agencies),
      social_care_status: code(optionSets.socialCare),
      safeguarding_referral: boolean(),
      trusted_adult: code(optionSets.yn),
    },
    { required: ['abuse_contexts', 'education_status'] },
  ),
  ui: {
    intro: 'The young person is the client. Record what you know at the first contact.',
    order: [
      'abuse_contexts',
      'relationship_abuse',
      'gang_involvement',
      'missing_episodes',
      'lives_with',
      'education_status',
      'agencies_involved',
      'social_care_status',
      'safeguarding_referral',
      'trusted_adult',
    ],
    groups: {
      abuse: { legend: 'The abuse the young person faces' },
      life: { legend: 'Home and education' },
      agencies: { legend: 'Agencies and safeguarding' },
    },
    fields: {
      abuse_contexts: {
        label: 'Where does the abuse come from?',
        help: 'Tick all that apply.',
        options: abuseContexts,
        widget: 'checkboxes',
        group: 'abuse',
      },
      relationship_abuse: {
        label: 'In their own relationship: what forms does the abuse take?',
        help: 'Tick all that apply, online and offline.',
        options: relationshipAbuse,
        widget: 'checkboxes',
        showWhen: { field: 'abuse_contexts', in: ['own_relationship'] },
        group: 'abuse',
      },
      gang_involvement: {
        label: 'Is the young person involved with a gang?',
        options: optionSets.yn,
        widget: 'radio',
        group: 'abuse',
      },
      missing_episodes: yesNo('Gone missing from home or care in the last 3 months?', { group: 'abuse' }),
      lives_with: {
        label: 'Who does the young person live with?',
        options: livesWith,
        widget: 'select',
        group: 'life',
      },
      education_status: { label: 'Education', options: education, widget: 'radio', group: 'life' },
      agencies_involved: {
        label: 'Other agencies involved',
        help: 'Tick all that apply.',
        options: agencies,
        widget: 'checkboxes',
        group: 'agencies',
      },
      social_care_status: {
        label: "Children's social care involvement",
        options: optionSets.socialCare,
        widget: 'select',
        group: 'agencies',
      },
      safeguarding_referral: yesNo('Safeguarding referral made at intake?', { group: 'agencies' }),
      trusted_adult: {
        label: 'Does the young person have a trusted adult?',
        options: optionSets.yn,
        widget: 'radio',
        group: 'agencies',
      },
    },
  },
};

export const exitForm: FormDefinition = {
  key: 'young-people.exit',
  version: 1,
  stage: 'exit',
  audience: 'practitioner',
  title: 'Young person at exit',
  description: 'The outcomes that matter for a young person as support ends.',
  schema: answersSchema(
    {
      abuse_stopped: code(optionSets.yn),
      feels_safer: code(optionSets.safer),
      understands_healthy_relationships: code(optionSets.yn),
      education_status: code(education),
      trusted_adult: code(optionSets.yn),
      safeguarding_referral: boolean(),
      support_received: codes(supportTypes),
    },
    { required: ['education_status'] },
  ),
  ui: {
    intro: 'Record how things stand for the young person when support ends.',
    order: [
      'abuse_stopped',
      'feels_safer',
      'understands_healthy_relationships',
      'education_status',
      'trusted_adult',
      'safeguarding_referral',
      'support_received',
    ],
    fields: {
      abuse_stopped: { label: 'Has the abuse stopped?', options: optionSets.yn, widget: 'radio' },
      feels_safer: {
        label: 'Does the young person feel safer?',
        help: "The young person's own view, as they told you.",
        options: optionSets.safer,
        widget: 'radio',
      },
      understands_healthy_relationships: {
        label: 'Do they understand what a healthy relationship is?',
        options: optionSets.yn,
        widget: 'radio',
      },
      education_status: { label: 'Education at exit', options: education, widget: 'radio' },
      trusted_adult: { label: 'Have they a trusted adult identified?', options: optionSets.yn, widget: 'radio' },
      safeguarding_referral: yesNo('Safeguarding referral made during support?'),
      support_received: {
        label: 'Support the young person received',
        help: 'Tick all that apply.',
        options: supportTypes,
        widget: 'checkboxes',
      },
    },
  },
};
