/** The WHO-5 Well-Being Index as a percentage: the sum of five 0–5 items times four. */
import { type ScoreDefinition, sumOfItems } from '@harbour/forms';
import { who5Items } from './client-forms';

export const who5Percent: ScoreDefinition = {
  key: 'who5_percent',
  forms: ['core.client_intake', 'core.client_review', 'core.client_exit'],
  label: 'WHO-5 wellbeing (0–100)',
  range: [0, 100],
  bands: [
    { from: 0, to: 50, code: 'poor', label: 'Suggests poor wellbeing' },
    { from: 51, to: 100, code: 'not_poor', label: 'Does not suggest poor wellbeing' },
  ],
  source:
    'WHO-5 Well-Being Index, Psychiatric Research Unit, Mental Health Centre North Zealand. A change of 10 points is meaningful.',
  compute(answers) {
    const sum = sumOfItems(answers, who5Items);
    return sum === null ? null : sum * 4;
  },
};
