/**
 * `mental-health.client_intake`, `…client_review` and `…client_exit`: PHQ-9 and GAD-7, asked of
 * the client at intake, at each review and at exit.
 */
import { answersSchema, type FieldHint, type FormDefinition, integer } from '@harbour/forms';
import { frequencyScale, gad7Items, gad7Labels, phq9Items, phq9Labels } from './instruments';

function itemHints(labels: Record<string, string>, group: string): Record<string, FieldHint> {
  return Object.fromEntries(
    Object.entries(labels).map(([key, label]) => [key, { label, options: frequencyScale, widget: 'scale', group }]),
  );
}

const titles = {
  intake: 'How you have been feeling',
  review: 'How you have been feeling lately',
  exit: 'How you have been feeling lately',
};

function clientForm(stage: 'intake' | 'review' | 'exit'): FormDefinition {
  const items = [...phq9Items, ...gad7Items];
  return {
    key: `mental-health.client_${stage}`,
    version: 1,
    stage,
    audience: 'client',
    title: titles[stage],
    description: 'The PHQ-9 (low mood) and GAD-7 (anxiety) questionnaires.',
    schema: answersSchema(Object.fromEntries(items.map((key) => [key, integer(0, 3)]))),
    ui: {
      intro: 'These questions ask how you have been feeling. There are no right or wrong answers.',
      order: items,
      groups: {
        phq9: {
          legend: 'Over the last two weeks, how often have you been bothered by these things?',
          help: 'Based on the PHQ-9 questionnaire.',
        },
        gad7: {
          legend: 'Over the last two weeks, how often have you been bothered by these things?',
          help: 'Based on the GAD-7 questionnaire.',
        },
      },
      fields: { ...itemHints(phq9Labels, 'phq9'), ...itemHints(gad7Labels, 'gad7') },
    },
  };
}

export const clientIntakeForm = clientForm('intake');
export const clientReviewForm = clientForm('review');
export const clientExitForm = clientForm('exit');
