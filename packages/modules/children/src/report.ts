/** The children section of the report (figures: docs/data-dictionary.md; definitions: docs/reports.md): counted per child. */
import type { ReportSectionSpec } from '@harbour/forms';
import { VOICE_EXIT_FORMS, VOICE_INTAKE_FORMS } from './voice-forms';

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

/** An exit measure answered yes or no (not known leaves the child out). */
const exitImproved = (key: string, label: string, field: string) => ({
  kind: 'item_rate' as const,
  key,
  label,
  items: atExit,
  population: 'closed' as const,
  where: [{ field, in: ['yes', 'no'] }],
  numerator: [{ field, equals: 'yes' }],
});

const supportAtExit = (code: string, label: string) => ({
  kind: 'item_rate' as const,
  key: `children_support_${code}`,
  label,
  items: atExit,
  population: 'closed' as const,
  numerator: [{ field: 'support_received', contains: code }],
});

/** Each child's own questionnaire at intake (either age band) and at exit. */
const pairs = { intakeForms: VOICE_INTAKE_FORMS, exitForms: VOICE_EXIT_FORMS };
const SAFER_KNOWN = ['much_safer', 'safer', 'same', 'less_safe'];

export const report: ReportSectionSpec[] = [
  {
    key: 'children_module',
    title: 'Children',
    childrenCounts: true,
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
      {
        kind: 'item_rate',
        key: 'children_father_engaged',
        label: 'Father or male carer involved in the assessment',
        items: atIntake,
        population: 'opened',
        // "Not applicable" (no father or father figure) leaves the child out.
        where: [{ field: 'father_engaged', in: ['yes', 'no'] }],
        numerator: [{ field: 'father_engaged', equals: 'yes' }],
      },
      exitImproved(
        'children_relationship_improved',
        'Relationship with the safe parent improved',
        'relationship_with_safe_parent_improved',
      ),
      exitImproved('children_behaviour_improved', 'Behaviour improved', 'behaviour_improved'),
      exitImproved('children_school_improved', 'Things at school or nursery improved', 'school_improved'),
      supportAtExit('one_to_one', 'Children given one-to-one support'),
      supportAtExit('group_work', 'Children in group work'),
      supportAtExit('therapeutic', 'Children given therapeutic support'),
      supportAtExit('safety_planning', 'Children with a safety plan'),
    ],
  },
  {
    key: 'children_voice',
    title: "Children's own voice, beside their parent's outcomes",
    childrenCounts: true,
    figures: [
      {
        kind: 'child_pair_rate',
        key: 'child_voice_feels_safer',
        label: 'Children who say they feel safer (their own questionnaire at intake and exit)',
        ...pairs,
        where: [{ field: 'feels_safer', in: SAFER_KNOWN }],
        numerator: [{ field: 'feels_safer', in: ['much_safer', 'safer'] }],
      },
      {
        kind: 'child_pair_rate',
        key: 'child_voice_safe_at_home',
        label: 'Children safe at home by exit, of those not safe or only sometimes safe at intake',
        ...pairs,
        intakeWhere: [{ field: 'safe_at_home', in: ['not_safe', 'sometimes_safe'] }],
        where: [{ field: 'safe_at_home', in: ['safe', 'sometimes_safe', 'not_safe'] }],
        numerator: [{ field: 'safe_at_home', equals: 'safe' }],
      },
      {
        kind: 'child_pair_rate',
        key: 'child_voice_someone_to_talk_to',
        label: 'Children with someone to talk to at exit',
        ...pairs,
        where: [{ field: 'someone_to_talk_to', in: ['yes', 'no'] }],
        numerator: [{ field: 'someone_to_talk_to', equals: 'yes' }],
      },
      {
        kind: 'client_outcome_for_child_pairs',
        key: 'child_voice_parent_all_abuse_stopped',
        label: 'Their parent: all abuse stopped (the same cases)',
        outcome: 'all_abuse_stopped',
        ...pairs,
      },
      {
        kind: 'client_outcome_for_child_pairs',
        key: 'child_voice_parent_feels_safer',
        label: 'Their parent: feels safer (the same cases)',
        outcome: 'feels_safer',
        ...pairs,
      },
    ],
  },
];
