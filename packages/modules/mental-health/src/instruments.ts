/**
 * PHQ-9 and GAD-7 as structure: item keys, the 0–3 scale, scoring, bands and caseness. The item
 * descriptions are the project's own short paraphrases, not the published wording, which a
 * deployment may load from a text pack.
 */
import { itemKeys, type ScoreDefinition, sumOfItems } from '@harbour/forms';

export const phq9Items = itemKeys('phq9', 9);
export const gad7Items = itemKeys('gad7', 7);

/** The shared 0–3 frequency scale, in the project's words. */
export const frequencyScale = {
  '0': 'Not at all',
  '1': 'On a few days',
  '2': 'On more than half the days',
  '3': 'Almost every day',
};

export const phq9Labels: Record<string, string> = {
  phq9_1: 'Not enjoying things much',
  phq9_2: 'Feeling low, or without hope',
  phq9_3: 'Sleeping badly, or sleeping too much',
  phq9_4: 'Feeling tired, with little energy',
  phq9_5: 'Eating a lot less or a lot more than usual',
  phq9_6: 'Feeling bad about yourself',
  phq9_7: 'Finding it hard to focus on things',
  phq9_8: 'Moving or talking much slower than usual, or feeling much more restless',
  phq9_9: 'Thinking about hurting yourself, or about ending your life',
};

export const gad7Labels: Record<string, string> = {
  gad7_1: 'Feeling nervous or tense',
  gad7_2: 'Worry that you could not switch off',
  gad7_3: 'Worrying about lots of different things',
  gad7_4: 'Finding it hard to relax',
  gad7_5: 'Feeling too restless to keep still',
  gad7_6: 'Getting cross or annoyed easily',
  gad7_7: 'Feeling scared that something bad will happen',
};

export const clientForms = ['mental-health.client_intake', 'mental-health.client_review', 'mental-health.client_exit'];

export const phq9Total: ScoreDefinition = {
  key: 'phq9_total',
  forms: clientForms,
  label: 'PHQ-9 depression score',
  range: [0, 27],
  bands: [
    { from: 0, to: 4, code: 'minimal', label: 'Minimal' },
    { from: 5, to: 9, code: 'mild', label: 'Mild' },
    { from: 10, to: 14, code: 'moderate', label: 'Moderate' },
    { from: 15, to: 19, code: 'moderately_severe', label: 'Moderately severe' },
    { from: 20, to: 27, code: 'severe', label: 'Severe' },
  ],
  caseness: 10,
  source:
    'Patient Health Questionnaire (PHQ-9), Kroenke, Spitzer and Williams (2001); developed with an educational grant from Pfizer Inc. No permission is needed to use it.',
  compute: (answers) => sumOfItems(answers, phq9Items),
};

export const gad7Total: ScoreDefinition = {
  key: 'gad7_total',
  forms: clientForms,
  label: 'GAD-7 anxiety score',
  range: [0, 21],
  bands: [
    { from: 0, to: 4, code: 'minimal', label: 'Minimal' },
    { from: 5, to: 9, code: 'mild', label: 'Mild' },
    { from: 10, to: 14, code: 'moderate', label: 'Moderate' },
    { from: 15, to: 21, code: 'severe', label: 'Severe' },
  ],
  caseness: 8,
  source:
    'Generalized Anxiety Disorder scale (GAD-7), Spitzer, Kroenke, Williams and Löwe (2006). No permission is needed to use it.',
  compute: (answers) => sumOfItems(answers, gad7Items),
};
