/** `mental-health.intake` and `mental-health.exit`: the practitioner's record of mental health. */
import { answersSchema, boolean, code, codes, type FormDefinition, optionSets } from '@harbour/forms';

const conditions = {
  depression: 'Depression',
  anxiety: 'Anxiety',
  ptsd: 'Post-traumatic stress disorder (PTSD)',
  psychosis: 'Psychosis',
  personality_disorder: 'Personality disorder',
  eating_disorder: 'Eating disorder',
  other: 'Other',
};

export const intakeForm: FormDefinition = {
  key: 'mental-health.intake',
  version: 1,
  stage: 'intake',
  audience: 'practitioner',
  title: 'Mental health at intake',
  description: "The client's mental health and the support they already have.",
  schema: answersSchema({
    mh_conditions: codes(conditions),
    mh_current_support: boolean(),
    mh_self_harm_12m: boolean(),
    mh_suicidal_thoughts: boolean(),
    mh_suicide_attempt_12m: boolean(),
  }),
  ui: {
    order: [
      'mh_conditions',
      'mh_current_support',
      'mh_self_harm_12m',
      'mh_suicidal_thoughts',
      'mh_suicide_attempt_12m',
    ],
    fields: {
      mh_conditions: {
        label: 'Mental health conditions',
        help: 'Diagnosed or disclosed. Tick all that apply.',
        options: conditions,
        widget: 'checkboxes',
      },
      mh_current_support: { label: 'Getting support for their mental health now?', widget: 'yesno' },
      mh_self_harm_12m: { label: 'Self-harmed in the last 12 months?', widget: 'yesno' },
      mh_suicidal_thoughts: { label: 'Having thoughts of suicide?', widget: 'yesno' },
      mh_suicide_attempt_12m: { label: 'Attempted suicide in the last 12 months?', widget: 'yesno' },
    },
  },
};

export const exitForm: FormDefinition = {
  key: 'mental-health.exit',
  version: 1,
  stage: 'exit',
  audience: 'practitioner',
  title: 'Mental health at exit',
  description: 'Mental health support during the case, and whether things improved.',
  schema: answersSchema({
    mh_referred: boolean(),
    mh_accessed: boolean(),
    mh_improved: code(optionSets.yn),
  }),
  ui: {
    order: ['mh_referred', 'mh_accessed', 'mh_improved'],
    fields: {
      mh_referred: { label: 'Referred to mental health services during support?', widget: 'yesno' },
      mh_accessed: { label: 'Used mental health services during support?', widget: 'yesno' },
      mh_improved: {
        label: "In your view, has the client's mental health improved?",
        options: optionSets.yn,
        widget: 'radio',
      },
    },
  },
};
