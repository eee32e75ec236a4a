/** The children section of the report (figures: docs/data-dictionary.md; definitions: docs/reports.md): counted per child. */
import type { ReportSectionSpec } from '@harbour/forms';

const atIntake = { form: 'children.intake', field: 'children' };
const atExit = { form: 'children.exit', field: 'children' };

const childRate = (key: string, label: string, field: string) => ({
  kind: 'item_rate' as const,
  key,
  label,
  items: atIntake,
  population: 'opened' as const,
  numerator: [{ field, equals: true }],
});

export const report: ReportSectionSpec[] = [
  {
    key: 'children_module',
    title: 'Children',
    figures: [
      {
        kind: 'item_count',
        key: 'children_recorded',
        label: 'Children recorded',
        items: atIntake,
        population: 'opened',
      },
      childRate('children_exposed', 'Exposed to the abuse', 'exposed'),
      childRate('children_directly_harmed', 'Directly harmed', 'directly_harmed'),
      childRate('children_voice_recorded', "Child's voice recorded", 'voice_of_child_recorded'),
      {
        kind: 'item_rate',
        key: 'children_social_care_protection',
        label: 'Under a child protection plan or looked after',
        items: atIntake,
        population: 'opened',
        where: [
          {
            field: 'social_care_status',
            in: ['none', 'early_help', 'child_in_need', 'child_protection', 'looked_after'],
          },
        ],
        numerator: [{ field: 'social_care_status', in: ['child_protection', 'looked_after'] }],
      },
      {
        kind: 'item_rate',
        key: 'children_feel_safer',
        label: 'Children who feel safer at exit',
        items: atExit,
        population: 'closed',
        where: [{ field: 'feels_safer', in: ['much_safer', 'safer', 'same', 'less_safe'] }],
        numerator: [{ field: 'feels_safer', in: ['much_safer', 'safer'] }],
      },
      {
        kind: 'item_rate',
        key: 'children_still_exposed',
        label: 'Children still exposed at exit',
        items: atExit,
        population: 'closed',
        numerator: [{ field: 'still_exposed', equals: true }],
      },
      {
        kind: 'item_rate',
        key: 'children_voice_recorded_at_exit',
        label: "Child's voice recorded by exit",
        items: atExit,
        population: 'closed',
        numerator: [{ field: 'voice_of_child_recorded', equals: true }],
      },
    ],
  },
];
