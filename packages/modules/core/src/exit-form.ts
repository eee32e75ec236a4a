/** `core.exit`: what the practitioner records when a case closes (docs/data-dictionary.md). */
import { answersSchema, boolean, code, codes, date, type FormDefinition, integer, optionSets } from '@harbour/forms';
import { hintsFor, schemasFor } from './field-groups';
import { abuseTypes, riskLevels } from './intake-form';

const closureReasons = {
  planned: 'Planned closure: support complete',
  client_ended: 'The client ended support',
  lost_contact: 'Lost contact',
  moved_away: 'Moved out of the area',
  transferred: 'Transferred to another service',
  other: 'Other',
};

export const supportTypes = {
  safety_planning: 'Safety planning',
  marac: 'Marac',
  criminal_justice: 'Criminal justice',
  civil_order: 'Civil order (e.g. non-molestation order)',
  housing: 'Housing',
  sanctuary: 'Sanctuary scheme',
  refuge: 'Refuge',
  finance_benefits: 'Money and benefits',
  health: 'Health',
  mental_health: 'Mental health',
  substance_misuse: 'Drug or alcohol misuse',
  children_parenting: 'Children and parenting',
  immigration: 'Immigration',
  counselling: 'Counselling',
  group_programme: 'Group programme',
  education_employment: 'Education and employment',
  other: 'Other',
};

const riskLevelsAtExit = { ...riskLevels, not_known: 'Not known' };

export const exitForm: FormDefinition = {
  key: 'core.exit',
  version: 1,
  stage: 'exit',
  audience: 'practitioner',
  title: 'Exit',
  description: 'How support ended, what was provided, and the abuse and risk at the end.',
  schema: answersSchema(
    {
      exit_date: date(),
      closure_reason: code(closureReasons),
      contacts_count: integer(0),
      support_provided: codes(supportTypes),
      ...schemasFor(abuseTypes, code(optionSets.severityAtExit)),
      risk_level: code(riskLevelsAtExit),
      dash_score: integer(0, 24),
      feels_safer: code(optionSets.safer),
      wellbeing_improved: code(optionSets.yn),
      quality_of_life_improved: code(optionSets.yn),
      living_with_perpetrator: boolean(),
    },
    { required: ['exit_date', 'closure_reason'] },
  ),
  ui: {
    intro: 'Record how things stand when support ends.',
    order: [
      'exit_date',
      'closure_reason',
      'contacts_count',
      'support_provided',
      ...Object.keys(abuseTypes),
      'risk_level',
      'dash_score',
      'feels_safer',
      'wellbeing_improved',
      'quality_of_life_improved',
      'living_with_perpetrator',
    ],
    groups: {
      closure: { legend: 'Closure' },
      abuse: {
        legend: 'Abuse in the period before exit',
        help: 'The level of each type of abuse, as on the Severity of Abuse Grid.',
      },
      outcomes: { legend: 'Risk and outcomes at exit' },
    },
    fields: {
      exit_date: {
        label: 'Date support ended',
        help: 'Not before the referral date.',
        widget: 'date',
        group: 'closure',
      },
      closure_reason: { label: 'Why did support end?', options: closureReasons, widget: 'radio', group: 'closure' },
      contacts_count: {
        label: 'Number of contacts with the client during support',
        widget: 'number',
        group: 'closure',
      },
      support_provided: {
        label: 'Support provided',
        help: 'Tick all that apply.',
        options: supportTypes,
        widget: 'checkboxes',
        group: 'closure',
      },
      ...hintsFor(abuseTypes, { options: optionSets.severityAtExit, widget: 'radio', group: 'abuse' }),
      risk_level: { label: 'Risk level at exit', options: riskLevelsAtExit, widget: 'radio', group: 'outcomes' },
      dash_score: {
        label: 'Dash risk checklist score at exit',
        help: 'Only if the risk was reassessed.',
        widget: 'number',
        group: 'outcomes',
      },
      feels_safer: {
        label: 'Does the client feel safer?',
        help: "The client's own view, as they told you.",
        options: optionSets.safer,
        widget: 'radio',
        group: 'outcomes',
      },
      wellbeing_improved: {
        label: "Has the client's wellbeing improved?",
        options: optionSets.yn,
        widget: 'radio',
        group: 'outcomes',
      },
      quality_of_life_improved: {
        label: "Has the client's quality of life improved?",
        options: optionSets.yn,
        widget: 'radio',
        group: 'outcomes',
      },
      living_with_perpetrator: {
        label: 'Does the client live with the person causing harm?',
        widget: 'yesno',
        group: 'outcomes',
      },
    },
  },
};
