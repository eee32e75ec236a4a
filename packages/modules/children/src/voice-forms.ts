/**
 * The child's own voice: questionnaires a child or young person answers themselves, by age band
 * (8–12: short, with pictures and words; 13–18: the young person's version), at intake and at
 * exit; and the practitioner's record of what the child said, in the child's words. Each is
 * answered once per child recorded in `children.intake` (by `child_ref`), or by the client of a
 * young person's case. The same question has the same key in both bands (docs/data-dictionary.md).
 */
import {
  answersSchema,
  code,
  type FieldHint,
  type FlagDefinition,
  type FormDefinition,
  type JsonSchema,
  text,
} from '@harbour/forms';

export type Picture = 'happy' | 'okay' | 'sad' | 'unsure';

const safety = { safe: 'Safe', sometimes_safe: 'Sometimes safe', not_safe: 'Not safe', not_sure: 'I am not sure' };
const safetyPictures: Record<string, Picture> = {
  safe: 'happy',
  sometimes_safe: 'okay',
  not_safe: 'sad',
  not_sure: 'unsure',
};
const worry = { not_much: 'Not much', sometimes: 'Sometimes', a_lot: 'A lot' };
const worryPictures: Record<string, Picture> = { not_much: 'happy', sometimes: 'okay', a_lot: 'sad' };
const sleep = { well: 'Well', sometimes_badly: 'Sometimes badly', badly: 'Badly' };
const sleepPictures: Record<string, Picture> = { well: 'happy', sometimes_badly: 'okay', badly: 'sad' };
const school = { good: 'Good', okay: 'Okay', hard: 'Hard', not_going: 'I am not going to school' };
const schoolPictures: Record<string, Picture> = { good: 'happy', okay: 'okay', hard: 'sad', not_going: 'unsure' };
const someone = { yes: 'Yes', no: 'No', not_sure: 'I am not sure' };
const someonePictures: Record<string, Picture> = { yes: 'happy', no: 'sad', not_sure: 'unsure' };
/** The `safer` option set of the data dictionary, in words a child uses; 8–12 answer three of them. */
const saferOlder = {
  much_safer: 'A lot safer',
  safer: 'A bit safer',
  same: 'About the same',
  less_safe: 'Less safe',
  not_known: 'I am not sure',
};
const saferYounger = { safer: 'Safer', same: 'The same', less_safe: 'Less safe' };
const saferPictures: Record<string, Picture> = { safer: 'happy', same: 'okay', less_safe: 'sad' };

/** A question answered by touching a picture; each picture has its words beside it. */
const pictured = (label: string, options: Record<string, string>, pictures: Record<string, Picture>): FieldHint => ({
  label,
  options,
  widget: 'pictures',
  pictures,
});

type Band = '8_12' | '13_18';
type Question = { schema: JsonSchema; younger?: FieldHint; older: FieldHint };

const shared: Record<string, Question> = {
  safe_at_home: {
    schema: code(safety),
    younger: pictured('How safe do you feel at home?', safety, safetyPictures),
    older: { label: 'How safe do you feel at home?', options: safety, widget: 'radio' },
  },
  safe_elsewhere: {
    schema: code(safety),
    younger: pictured('How safe do you feel when you are out, or at school?', safety, safetyPictures),
    older: {
      label: 'How safe do you feel away from home: out, at school or college?',
      options: safety,
      widget: 'radio',
    },
  },
  worry: {
    schema: code(worry),
    younger: pictured('How much do you worry?', worry, worryPictures),
    older: { label: 'How much do you worry?', options: worry, widget: 'radio' },
  },
  sleep: {
    schema: code(sleep),
    younger: pictured('How do you sleep?', sleep, sleepPictures),
    older: { label: 'How do you sleep?', options: sleep, widget: 'radio' },
  },
  school: {
    schema: code(school),
    younger: pictured('How is school?', school, schoolPictures),
    older: { label: 'How are school, college or training going?', options: school, widget: 'radio' },
  },
  someone_to_talk_to: {
    schema: code(someone),
    younger: pictured('Is there a grown-up you can talk to?', someone, someonePictures),
    older: { label: 'Is there an adult you trust and can talk to?', options: someone, widget: 'radio' },
  },
};

/** Asked of 13–18-year-olds only. */
const olderOnly: Record<string, Question> = {
  safe_online: {
    schema: code(safety),
    older: {
      label: 'How safe do you feel online: on your phone, in apps and games?',
      options: safety,
      widget: 'radio',
    },
  },
};

function voiceForm(band: Band, stage: 'intake' | 'exit'): FormDefinition {
  const younger = band === '8_12';
  const questions: Record<string, Question> = younger ? { ...shared } : { ...shared, ...olderOnly };
  const exitQuestion: Question = {
    schema: code(younger ? saferYounger : saferOlder),
    younger: pictured('Since you started seeing your worker, do you feel…', saferYounger, saferPictures),
    older: { label: 'Since you started getting support, do you feel…', options: saferOlder, widget: 'radio' },
  };
  const all = stage === 'exit' ? { ...questions, feels_safer: exitQuestion } : questions;
  const schemas = Object.fromEntries(Object.entries(all).map(([key, q]) => [key, q.schema]));
  const hints = Object.fromEntries(Object.entries(all).map(([key, q]) => [key, (younger && q.younger) || q.older]));
  return {
    key: `children.voice_${band}_${stage}`,
    version: 1,
    stage,
    audience: 'client',
    perChild: true,
    ages: younger ? { from: 8, to: 12 } : { from: 13, to: 18 },
    title: younger ? 'How are things for you?' : 'How are things for you at the moment?',
    description: `The child's own questionnaire, ${younger ? 'ages 8 to 12 (pictures with words)' : 'ages 13 to 18'}, at ${stage}.`,
    schema: answersSchema(schemas),
    ui: {
      intro: younger
        ? 'Touch the picture that fits best. There are no right or wrong answers. You can skip any question.'
        : 'These questions are about you. There are no right or wrong answers, and you can skip any question. Your worker will see your answers.',
      order: Object.keys(all),
      fields: hints,
    },
  };
}

export const voiceForms = [
  voiceForm('8_12', 'intake'),
  voiceForm('8_12', 'exit'),
  voiceForm('13_18', 'intake'),
  voiceForm('13_18', 'exit'),
];

export const VOICE_INTAKE_FORMS = ['children.voice_8_12_intake', 'children.voice_13_18_intake'];
export const VOICE_EXIT_FORMS = ['children.voice_8_12_exit', 'children.voice_13_18_exit'];

/** What the child said, in the child's own words: sealed at rest, never exported. */
export const childWordsForm: FormDefinition = {
  key: 'children.child_words',
  version: 1,
  stage: 'intake',
  audience: 'practitioner',
  perChild: true,
  title: "In the child's words",
  description: 'What the child said, written down in their own words, at intake and by exit.',
  schema: answersSchema({ words_at_intake: text(4000), words_at_exit: text(4000) }),
  ui: {
    intro: "Write what the child told you as they said it, not your summary. Use the child's reference, never a name.",
    order: ['words_at_intake', 'words_at_exit'],
    fields: {
      words_at_intake: { label: 'What the child said at the start', widget: 'textarea' },
      words_at_exit: { label: 'What the child said as support ended', widget: 'textarea' },
    },
  },
  sensitive: ['words_at_intake', 'words_at_exit'],
};

/** A child who says they are not safe at home: the practitioner looks at once, as for PHQ-9 item 9. */
export const notSafeAtHome: FlagDefinition = {
  key: 'child_not_safe_at_home',
  forms: [...VOICE_INTAKE_FORMS, ...VOICE_EXIT_FORMS],
  label: 'A child said they do not feel safe at home: act on it today (safeguarding)',
  test: (answers) => answers.safe_at_home === 'not_safe',
};
