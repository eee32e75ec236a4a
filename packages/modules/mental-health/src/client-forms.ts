/** `mental-health.client_intake` and `mental-health.client_exit`: PHQ-9 and GAD-7, asked of the client. */
import { answersSchema, type FieldHint, type FormDefinition, integer } from '@harbour/forms';
import { frequencyScale, gad7Items, gad7Labels, phq9Items, phq9Labels } from './instruments';

function itemHints(labels: Record<string, string>, group: string): Record<string, FieldHint> {
  return Object.fromEntries(
    Object.entries(labels).map(([key, label]) => [key, { label, options: frequencyScale, widget: 'scale', group }]),
  );
}

function clientForm(stage: 'intake' | 'exit'): FormDefinition {
  const items = [...phq9Items, ...gad7Items];
  return {
    key: `mental-health.client_${stage}`,
    version: 1,
    stage,
    audience: 'client',
    title: stage === 'intake' ? 'How you have been feeling' : 'How you have been feeling lately',
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
export const clientExitForm = clientForm('exit');
