/**
 * `core.review`: what the practitioner records at each review of an open case. Each review is its
 * own occasion (1, 2, 3…); "since the last measure" means since intake for the first review and
 * since the previous review after that.
 */
import { answersSchema, boolean, code, codes, date, type FormDefinition, integer, optionSets } from '@harbour/forms';
import { supportTypes } from './exit-form';
import { hintsFor, schemasFor } from './field-groups';
import { abuseTypes, riskLevels } from './intake-form';

const riskLevelsAtReview = { ...riskLevels, not_known: 'Not known' };

export const reviewForm: FormDefinition = {
  key: 'core.review',
  version: 1,
  stage: 'review',
  audience: 'practitioner',
  title: 'Review',
  description: 'Risk, abuse, safety and wellbeing while support continues, and the support given so far.',
  schema: answersSchema(
    {
      review_date: date(),
      risk_level: code(riskLevelsAtReview),
      dash_score: integer(0, 24),
      ...schemasFor(abuseTypes, code(optionSets.severityAtExit)),
      feels_safer: code(optionSets.safer),
      wellbeing_improved: code(optionSets.yn),
      support_provided: codes(supportTypes),
      marac_since_intake: boolean(),
      living_with_perpetrator: boolean(),
    },
    { required: ['review_date', 'risk_level'] },
  ),
  ui: {
    intro: 'Record how things stand now. Abuse is since the last measure: intake, or the previous review.',
    order: [
      'review_date',
      'risk_level',
      'dash_score',
      ...Object.keys(abuseTypes),
      'feels_safer',
      'wellbeing_improved',
      'support_provided',
      'marac_since_intake',
      'living_with_perpetrator',
    ],
    groups: {
      risk: { legend: 'Risk now' },
      abuse: {
        legend: 'Abuse since the last measure',
        help: 'The level of each type of abuse, as on the Severity of Abuse Grid.',
      },
      outcomes: { legend: 'Safety, wellbeing and support' },
    },
    fields: {
      review_date: {
        label: 'Date of this review',
        help: 'Not before the referral date.',
        widget: 'date',
        group: 'risk',
      },
      risk_level: { label: 'Risk level now', options: riskLevelsAtReview, widget: 'radio', group: 'risk' },
      dash_score: {
        label: 'Dash risk checklist score now',
        help: 'Only if the risk was reassessed. The risk level follows from it when left blank.',
        widget: 'number',
        group: 'risk',
      },
      ...hintsFor(abuseTypes, { options: optionSets.severityAtExit, widget: 'radio', group: 'abuse' }),
      feels_safer: {
        label: 'Does the client feel safer than at intake?',
        help: "The client's own view, as they told you.",
        options: optionSets.safer,
        widget: 'radio',
        group: 'outcomes',
      },
      wellbeing_improved: {
        label: "Has the client's wellbeing improved since intake?",
        options: optionSets.yn,
        widget: 'radio',
        group: 'outcomes',
      },
      support_provided: {
        label: 'Support given so far',
        help: 'Tick all that apply.',
        options: supportTypes,
        widget: 'checkboxes',
        group: 'outcomes',
      },
      marac_since_intake: {
        label: 'Has the case been heard at Marac since intake?',
        widget: 'yesno',
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
