/**
 * `core.client_intake` and `core.client_exit`: the client's own short questionnaire, written for
 * a reading age of about 11. The WHO-5 items carry the project's own short descriptions; a
 * deployment may load the published wording from a text pack.
 */
import {
  answersSchema,
  code,
  type FieldHint,
  type FormDefinition,
  type FormStage,
  integer,
  itemKeys,
  type JsonSchema,
  optionSets,
  text,
} from '@harbour/forms';

export const who5Items = itemKeys('who5', 5);

const who5Scale = {
  '0': 'Never',
  '1': 'Sometimes',
  '2': 'Less than half the time',
  '3': 'More than half the time',
  '4': 'Most of the time',
  '5': 'All the time',
};

const who5Labels: Record<string, string> = {
  who5_1: 'were you in a good mood?',
  who5_2: 'did you feel calm?',
  who5_3: 'did you feel full of energy?',
  who5_4: 'did you wake up feeling rested?',
  who5_5: 'was your day full of things you care about?',
};

const agreement = {
  '1': 'I strongly disagree',
  '2': 'I disagree',
  '3': 'I am not sure',
  '4': 'I agree',
  '5': 'I strongly agree',
};

const knowsHelp = { yes: 'Yes', no: 'No', not_known: 'I am not sure' };

const sharedFields: Record<string, JsonSchema> = {
  safety_now: integer(0, 10),
  ...Object.fromEntries(who5Items.map((key) => [key, integer(0, 5)])),
  confidence_future: integer(1, 5),
  knows_where_to_get_help: code(optionSets.yn),
};

const exitOnlyFields: Record<string, JsonSchema> = {
  support_helped_safety: integer(1, 5),
  felt_listened_to: integer(1, 5),
  would_recommend: code(optionSets.yn),
  comments: text(2000),
};

const sharedHints: Record<string, FieldHint> = {
  safety_now: {
    label: 'How safe do you feel right now?',
    help: '0 means not safe at all. 10 means completely safe.',
    widget: 'scale',
    scaleLabels: { min: 'Not safe at all', max: 'Completely safe' },
  },
  ...Object.fromEntries(
    who5Items.map((key) => [key, { label: who5Labels[key], options: who5Scale, widget: 'scale', group: 'who5' }]),
  ),
  confidence_future: { label: 'I feel hopeful about the future.', options: agreement, widget: 'scale' },
  knows_where_to_get_help: {
    label: 'Do you know where to get help if you need it?',
    options: knowsHelp,
    widget: 'radio',
  },
};

const exitOnlyHints: Record<string, FieldHint> = {
  support_helped_safety: { label: 'The support I got helped me feel safer.', options: agreement, widget: 'scale' },
  felt_listened_to: { label: 'I felt listened to.', options: agreement, widget: 'scale' },
  would_recommend: {
    label: 'Would you tell a friend to get help from us?',
    options: { yes: 'Yes', no: 'No', not_known: 'I am not sure' },
    widget: 'radio',
  },
  comments: {
    label: 'Is there anything else you want to tell us?',
    help: 'Only your support service will read this.',
    widget: 'textarea',
  },
};

const titles = { intake: 'How are you?', review: 'How are you getting on?', exit: 'How are you now?' };

const descriptions = {
  intake: 'The client tells the service how they feel as support starts.',
  review: 'The client tells the service how they feel at a review, while support continues.',
  exit: 'The client tells the service how they feel as support ends, and what they thought of it.',
};

function clientForm(stage: Extract<FormStage, 'intake' | 'review' | 'exit'>): FormDefinition {
  const exit = stage === 'exit';
  const fields = exit ? { ...sharedFields, ...exitOnlyFields } : sharedFields;
  const hints = exit ? { ...sharedHints, ...exitOnlyHints } : sharedHints;
  return {
    key: `core.client_${stage}`,
    version: 1,
    stage,
    audience: 'client',
    title: titles[stage],
    description: descriptions[stage],
    schema: answersSchema(fields),
    ui: {
      intro: 'These questions are about you. There are no right or wrong answers. You can skip any question.',
      order: Object.keys(fields),
      groups: {
        who5: {
          legend: 'Think about the last two weeks. How much of the time…',
          help: 'Based on the WHO-5 Well-Being Index.',
        },
      },
      fields: hints,
    },
    ...(exit ? { sensitive: ['comments'] } : {}),
  };
}

export const clientIntakeForm = clientForm('intake');
export const clientReviewForm = clientForm('review');
export const clientExitForm = clientForm('exit');

/**
 * Harm since support ended. The follow-up link reaches a client after closure, perhaps on a
 * shared phone: nothing on the page may say what the service is about, so the question names no
 * kind of service or of harm.
 */
const harmedSince = { no: 'No', yes: 'Yes', prefer_not_to_say: 'I would rather not say' };

const followUpFields: Record<string, JsonSchema> = {
  harmed_since: code(harmedSince),
  safety_now: integer(0, 10),
  confidence_future: integer(1, 5),
  knows_where_to_get_help: code(optionSets.yn),
};

/** `core.client_follow_up`: the short questionnaire sent at each follow-up point after closure. */
export const clientFollowUpForm: FormDefinition = {
  key: 'core.client_follow_up',
  version: 1,
  stage: 'follow_up',
  audience: 'client',
  title: 'How are things now?',
  description:
    'Sent to the client at each follow-up point after the case closed, if they agreed: whether harm has stopped and whether they feel safe.',
  schema: answersSchema(followUpFields),
  ui: {
    intro: 'A few short questions. You can skip any question.',
    order: Object.keys(followUpFields),
    fields: {
      harmed_since: {
        label: 'Since we were last in touch, has anyone hurt you, frightened you or tried to control you?',
        options: harmedSince,
        widget: 'radio',
      },
      safety_now: sharedHints.safety_now as FieldHint,
      confidence_future: sharedHints.confidence_future as FieldHint,
      knows_where_to_get_help: sharedHints.knows_where_to_get_help as FieldHint,
    },
  },
};
