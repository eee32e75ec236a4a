/**
 * `children.intake` and `children.exit`: one entry per child in `children[]`. A child has no name
 * in Harbour, only a `child_ref` (C1, C2, …) unique within the case.
 */
import {
  answersSchema,
  boolean,
  code,
  codes,
  type FieldHint,
  type FormDefinition,
  integer,
  type JsonSchema,
  listOf,
  optionSets,
  patterned,
  type UiHints,
} from '@harbour/forms';

const childRef = patterned('^C[0-9]{1,2}$', 'C and one or two digits, such as C1');

const childRefHint: FieldHint = {
  label: 'Child reference',
  help: 'C1, C2 and so on. Never a name.',
};

const genders = { female: 'Female', male: 'Male', other: 'Other', not_known: 'Not known' };
const harmTypes = { physical: 'Physical', emotional: 'Emotional', sexual: 'Sexual', neglect: 'Neglect' };
const fatherEngagement = { yes: 'Yes', no: 'No', not_applicable: 'Not applicable' };
const supportTypes = {
  one_to_one: 'One-to-one support',
  group_work: 'Group work',
  therapeutic: 'Therapeutic support',
  parenting_support: 'Parenting support',
  school_liaison: 'Liaison with school',
  safety_planning: 'Safety planning',
};

function childrenForm(
  stage: 'intake' | 'exit',
  description: string,
  item: Record<string, JsonSchema>,
  hints: UiHints,
): FormDefinition {
  return {
    key: `children.${stage}`,
    version: 1,
    stage,
    audience: 'practitioner',
    title: stage === 'intake' ? 'Children at intake' : 'Children at exit',
    description,
    schema: answersSchema(
      { children: listOf(answersSchema(item, { required: ['child_ref'] })) },
      { required: ['children'] },
    ),
    ui: {
      order: ['children'],
      fields: {
        children: {
          label: stage === 'intake' ? 'Children in the household' : 'Children recorded at intake',
          help: 'One entry for each child.',
          widget: 'items',
          items: hints,
        },
      },
    },
  };
}

export const intakeForm = childrenForm(
  'intake',
  "Each child in the household: their age, the harm they have experienced and agencies' involvement.",
  {
    child_ref: childRef,
    age: integer(0, 17),
    gender: code(genders),
    lives_with_client: boolean(),
    perpetrator_is_parent: boolean(),
    exposed: boolean(),
    directly_harmed: boolean(),
    harm_types: codes(harmTypes),
    social_care_status: code(optionSets.socialCare),
    school_concerns: boolean(),
    behaviour_concerns: boolean(),
    harmful_behaviour: boolean(),
    voice_of_child_recorded: boolean(),
    father_engaged: code(fatherEngagement),
  },
  {
    order: [
      'child_ref',
      'age',
      'gender',
      'lives_with_client',
      'perpetrator_is_parent',
      'exposed',
      'directly_harmed',
      'harm_types',
      'social_care_status',
      'school_concerns',
      'behaviour_concerns',
      'harmful_behaviour',
      'voice_of_child_recorded',
      'father_engaged',
    ],
    fields: {
      child_ref: childRefHint,
      age: { label: 'Age', widget: 'number' },
      gender: { label: 'Gender', options: genders, widget: 'radio' },
      lives_with_client: { label: 'Lives with the client?', widget: 'yesno' },
      perpetrator_is_parent: { label: 'Is the person causing harm their parent?', widget: 'yesno' },
      exposed: { label: 'Has seen or heard the abuse?', widget: 'yesno' },
      directly_harmed: { label: 'Has been harmed directly?', widget: 'yesno' },
      harm_types: { label: 'Types of harm', help: 'Tick all that apply.', options: harmTypes, widget: 'checkboxes' },
      social_care_status: {
        label: "Children's social care involvement",
        options: optionSets.socialCare,
        widget: 'select',
      },
      school_concerns: { label: 'Concerns at school or nursery?', widget: 'yesno' },
      behaviour_concerns: { label: 'Concerns about their behaviour?', widget: 'yesno' },
      harmful_behaviour: { label: 'Showing harmful behaviour towards others?', widget: 'yesno' },
      voice_of_child_recorded: {
        label: "Child's own account heard and recorded?",
        widget: 'yesno',
      },
      father_engaged: {
        label: 'Was the father (or father figure) involved in the assessment?',
        options: fatherEngagement,
        widget: 'radio',
      },
    },
  },
);

export const exitForm = childrenForm(
  'exit',
  'How each child recorded at intake is doing as support ends, and the support they received.',
  {
    child_ref: childRef,
    feels_safer: code(optionSets.safer),
    relationship_with_safe_parent_improved: code(optionSets.yn),
    behaviour_improved: code(optionSets.yn),
    school_improved: code(optionSets.yn),
    still_exposed: boolean(),
    voice_of_child_recorded: boolean(),
    support_received: codes(supportTypes),
  },
  {
    order: [
      'child_ref',
      'feels_safer',
      'relationship_with_safe_parent_improved',
      'behaviour_improved',
      'school_improved',
      'still_exposed',
      'voice_of_child_recorded',
      'support_received',
    ],
    fields: {
      child_ref: { ...childRefHint, help: 'The reference given to the child at intake.' },
      feels_safer: { label: 'Does the child feel safer?', options: optionSets.safer, widget: 'radio' },
      relationship_with_safe_parent_improved: {
        label: 'Relationship with the safe parent improved?',
        options: optionSets.yn,
        widget: 'radio',
      },
      behaviour_improved: { label: 'Behaviour improved?', options: optionSets.yn, widget: 'radio' },
      school_improved: { label: 'Things at school or nursery improved?', options: optionSets.yn, widget: 'radio' },
      still_exposed: { label: 'Still seeing or hearing abuse?', widget: 'yesno' },
      voice_of_child_recorded: { label: "Child's own account heard and recorded?", widget: 'yesno' },
      support_received: {
        label: 'Support the child received',
        help: 'Tick all that apply.',
        options: supportTypes,
        widget: 'checkboxes',
      },
    },
  },
);
