/** The mental-health section of the report (figures: docs/data-dictionary.md; definitions: docs/reports.md). */
import type { ReportSectionSpec } from '@harbour/forms';

const PHQ9 = { intakeForm: 'mental-health.client_intake', exitForm: 'mental-health.client_exit', score: 'phq9_total' };
const GAD7 = { intakeForm: 'mental-health.client_intake', exitForm: 'mental-health.client_exit', score: 'gad7_total' };

export const report: ReportSectionSpec[] = [
  {
    key: 'mental_health',
    title: 'Mental health',
    figures: [
      {
        kind: 'mean',
        key: 'phq9_intake_mean',
        label: 'Mean PHQ-9 at intake (0–27)',
        form: 'mental-health.client_intake',
        score: 'phq9_total',
        population: 'opened',
      },
      {
        kind: 'mean',
        key: 'gad7_intake_mean',
        label: 'Mean GAD-7 at intake (0–21)',
        form: 'mental-health.client_intake',
        score: 'gad7_total',
        population: 'opened',
      },
      { kind: 'change', key: 'phq9_change', label: 'Mean change in PHQ-9, intake to exit', ...PHQ9 },
      { kind: 'change', key: 'gad7_change', label: 'Mean change in GAD-7, intake to exit', ...GAD7 },
      {
        kind: 'reliable_change',
        key: 'phq9_reliable_improvement',
        label: 'Reliable improvement in PHQ-9 (a fall of 6 or more)',
        by: -6,
        ...PHQ9,
      },
      {
        kind: 'reliable_change',
        key: 'gad7_reliable_improvement',
        label: 'Reliable improvement in GAD-7 (a fall of 4 or more)',
        by: -4,
        ...GAD7,
      },
      {
        kind: 'recovery',
        key: 'mh_recovery',
        label: 'Recovery (a clinical case at intake, on neither measure at exit)',
        measures: [
          { ...PHQ9, caseness: 10 },
          { ...GAD7, caseness: 8 },
        ],
      },
      {
        kind: 'rate',
        key: 'mh_current_support',
        label: 'Receiving mental-health support at intake',
        form: 'mental-health.intake',
        population: 'opened',
        numerator: [{ field: 'mh_current_support', equals: true }],
      },
      {
        kind: 'rate',
        key: 'mh_referred',
        label: 'Referred to mental-health services',
        form: 'mental-health.exit',
        population: 'closed',
        numerator: [{ field: 'mh_referred', equals: true }],
      },
      {
        kind: 'rate',
        key: 'mh_accessed',
        label: 'Accessed mental-health services',
        form: 'mental-health.exit',
        population: 'closed',
        numerator: [{ field: 'mh_accessed', equals: true }],
      },
    ],
  },
];
