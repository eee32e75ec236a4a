/** Sections about what the service did and what changed: cases closed in the period. */
import type { FigureDef } from '../figure-def';
import type { Table } from '../model';
import { and, holds, not, numberField, oneOf, or, present, submitted } from '../sql/expressions';
import {
  ABUSE_LABELS,
  ABUSE_TYPES,
  ABUSIVE_LEVELS,
  AGE_BANDS,
  ageBetween,
  CLIENT_EXIT,
  clientExit,
  clientExitScores,
  clientIntake,
  clientIntakeScores,
  complexNeeds,
  ETHNIC_GROUPS,
  exit,
  hasExit,
  hasIntake,
  intake,
  KNOWN_LEVELS,
  matched,
  riskAtIntake,
  SUPPORT,
} from './core-forms';
import type { SectionDef } from './section-def';

const closedRate = (key: string, label: string, denominator: string, numerator: string): FigureDef => ({
  key,
  label,
  population: 'closed',
  query: { kind: 'rate', denominator, numerator },
});

export const support: SectionDef = {
  key: 'support',
  title: 'Support provided',
  population: 'Cases closed in the period with a submitted exit form.',
  figures: [
    ...SUPPORT.map((s) => closedRate(`support_${s.key}`, s.label, hasExit, holds(exit, 'support_provided', s.key))),
    {
      key: 'contacts_mean',
      label: 'Mean contacts with the client',
      population: 'closed',
      query: { kind: 'mean', value: numberField(exit, 'contacts_count') },
    },
    ...[
      ['planned', 'Planned closure'],
      ['client_ended', 'Client ended support'],
      ['lost_contact', 'Lost contact'],
      ['moved_away', 'Moved away'],
      ['transferred', 'Transferred'],
      ['other', 'Other reason'],
    ].map(
      ([reason, label], _i, all): FigureDef => ({
        ...closedRate(
          `closure_${reason}`,
          label as string,
          oneOf(
            exit,
            'closure_reason',
            all.map(([r]) => r as string),
          ),
          oneOf(exit, 'closure_reason', [reason as string]),
        ),
        group: 'closure_reason',
      }),
    ),
  ],
  charts: [
    { key: 'support', kind: 'bar', title: 'Support provided (%)', figures: SUPPORT.map((s) => `support_${s.key}`) },
  ],
};

// Outcome definitions (docs/reports.md, "Definitions"), over matched cases.
const abusiveAtIntake = (type: string) => oneOf(intake, `abuse_${type}`, ABUSIVE_LEVELS);
const exitLevel = (type: string, levels: string[]) => oneOf(exit, `abuse_${type}`, levels);

type Outcome = { key: string; label: string; denominator: string; numerator: string };

const abuseStopped: Outcome[] = ABUSE_TYPES.map((type) => ({
  key: `abuse_stopped_${type}`,
  label: `${ABUSE_LABELS[type]} stopped`,
  denominator: and(matched, abusiveAtIntake(type), exitLevel(type, KNOWN_LEVELS)),
  numerator: exitLevel(type, ['none']),
}));

const allAbuseStopped: Outcome = {
  key: 'all_abuse_stopped',
  label: 'All abuse stopped',
  denominator: and(
    matched,
    or(...ABUSE_TYPES.map(abusiveAtIntake)),
    ...ABUSE_TYPES.map((type) => or(not(abusiveAtIntake(type)), exitLevel(type, KNOWN_LEVELS))),
  ),
  numerator: and(...ABUSE_TYPES.map((type) => or(not(abusiveAtIntake(type)), exitLevel(type, ['none'])))),
};

const riskReduced: Outcome = {
  key: 'risk_reduced',
  label: 'Risk reduced',
  denominator: and(
    matched,
    riskAtIntake(['high', 'medium']),
    oneOf(exit, 'risk_level', ['high', 'medium', 'standard']),
  ),
  numerator: or(
    and(riskAtIntake(['high']), oneOf(exit, 'risk_level', ['medium', 'standard'])),
    and(riskAtIntake(['medium']), oneOf(exit, 'risk_level', ['standard'])),
  ),
};

const yesAmongKnown = (key: string, label: string): Outcome => ({
  key,
  label,
  denominator: and(matched, oneOf(exit, key, ['yes', 'no'])),
  numerator: oneOf(exit, key, ['yes']),
});

const OUTCOMES: Outcome[] = [
  ...abuseStopped,
  allAbuseStopped,
  riskReduced,
  {
    key: 'feels_safer',
    label: 'Feels safer',
    denominator: and(matched, oneOf(exit, 'feels_safer', ['much_safer', 'safer', 'same', 'less_safe'])),
    numerator: oneOf(exit, 'feels_safer', ['much_safer', 'safer']),
  },
  yesAmongKnown('wellbeing_improved', 'Wellbeing improved'),
  yesAmongKnown('quality_of_life_improved', 'Quality of life improved'),
];

export const outcomes: SectionDef = {
  key: 'outcomes',
  title: 'Outcomes at exit',
  population:
    'Matched cases: closed in the period with a submitted intake and exit form. Each rate counts the matched cases for which it is defined (see the methods).',
  figures: OUTCOMES.map((o) => ({
    ...closedRate(o.key, o.label, o.denominator, o.numerator),
    benchmark: 'national' as const,
  })),
  charts: [
    {
      key: 'outcomes',
      kind: 'interval',
      title: 'Outcomes at exit (%, 95% interval), with the national rate',
      figures: OUTCOMES.map((o) => o.key),
    },
  ],
};

const change = (exitValue: string, intakeValue: string) => `(${exitValue} - ${intakeValue})`;
const likertAgree = (field: string) => `(${numberField(clientExit, field)} >= 4)`;

export const clientVoice: SectionDef = {
  key: 'client_voice',
  title: 'Client voice',
  population:
    "Cases closed in the period with the client's own answers: changes count cases with both the intake and the exit questionnaire; the response rate counts every case closed in the period.",
  figures: [
    {
      ...closedRate(
        'client_questionnaire_answered',
        'Client exit questionnaire answered (response rate)',
        'true',
        submitted(CLIENT_EXIT),
      ),
      benchmark: 'national',
    },
    {
      key: 'safety_change',
      label: 'Change in feeling safe (0–10), intake to exit',
      population: 'closed',
      query: {
        kind: 'mean',
        value: change(numberField(clientExit, 'safety_now'), numberField(clientIntake, 'safety_now')),
      },
      benchmark: 'national',
    },
    {
      key: 'who5_change',
      label: 'Change in WHO-5 wellbeing (0–100), intake to exit',
      population: 'closed',
      query: {
        kind: 'mean',
        value: change(numberField(clientExitScores, 'who5_percent'), numberField(clientIntakeScores, 'who5_percent')),
      },
      benchmark: 'national',
    },
    {
      ...closedRate(
        'felt_listened_to',
        'Felt listened to (agree or strongly agree)',
        present(clientExit, 'felt_listened_to'),
        likertAgree('felt_listened_to'),
      ),
      benchmark: 'national',
    },
    {
      ...closedRate(
        'support_helped_safety',
        'Support helped them feel safer (agree or strongly agree)',
        present(clientExit, 'support_helped_safety'),
        likertAgree('support_helped_safety'),
      ),
      benchmark: 'national',
    },
    {
      ...closedRate(
        'would_recommend',
        'Would recommend the service',
        oneOf(clientExit, 'would_recommend', ['yes', 'no']),
        oneOf(clientExit, 'would_recommend', ['yes']),
      ),
      benchmark: 'national',
    },
  ],
};

// "So what?": the two headline outcomes within each kind of support and each client group.
type Subgroup = { key: string; label: string; condition: string };
type Breakdown = { key: string; title: string; subgroups: Subgroup[]; partition: boolean };

const BREAKDOWNS: Breakdown[] = [
  {
    key: 'support',
    title: 'By support received',
    partition: false,
    subgroups: SUPPORT.map((s) => ({ key: s.key, label: s.label, condition: holds(exit, 'support_provided', s.key) })),
  },
  {
    key: 'risk',
    title: 'By risk level at intake',
    partition: true,
    subgroups: ['high', 'medium', 'standard'].map((l) => ({
      key: l,
      label: `Risk ${l}`,
      condition: riskAtIntake([l]),
    })),
  },
  {
    key: 'disability',
    title: 'By disability',
    partition: false,
    subgroups: ['yes', 'no'].map((v) => ({
      key: v,
      label: v === 'yes' ? 'Disabled' : 'Not disabled',
      condition: oneOf(intake, 'disability', [v]),
    })),
  },
  {
    key: 'age',
    title: 'By age band',
    partition: false,
    subgroups: [
      { key: 'under_16', label: 'Under 16', condition: ageBetween(0, 15) },
      ...AGE_BANDS.map((b) => ({ key: b.key, label: b.label, condition: ageBetween(b.from, b.to) })),
    ],
  },
  {
    key: 'ethnicity',
    title: 'By ethnic group',
    partition: false,
    subgroups: ETHNIC_GROUPS.map((g) => ({
      key: g.key,
      label: g.label,
      condition: oneOf(intake, 'ethnicity', g.codes),
    })),
  },
  {
    key: 'children',
    title: 'By children in the household',
    partition: true,
    subgroups: [
      { key: 'yes', label: 'With children', condition: `(${numberField(intake, 'children_in_household')} >= 1)` },
      {
        key: 'no',
        label: 'Without children',
        condition: not(`(${numberField(intake, 'children_in_household')} >= 1)`),
      },
    ],
  },
  {
    key: 'complex_needs',
    title: 'By complex needs',
    partition: true,
    subgroups: [
      { key: 'yes', label: 'Complex needs', condition: complexNeeds },
      { key: 'no', label: 'No complex needs', condition: and(hasIntake, not(complexNeeds)) },
    ],
  },
];

const SO_WHAT_OUTCOMES = [allAbuseStopped, riskReduced];
const soWhatKey = (outcome: Outcome, breakdown: Breakdown, subgroup: Subgroup) =>
  `${outcome.key}_by_${breakdown.key}_${subgroup.key}`;

export const soWhat: SectionDef = {
  key: 'so_what',
  title: 'So what? Outcomes by support and by client group',
  population:
    'Matched cases, as in the outcomes section, split by the support they received and by who they are. Small groups give wide intervals: read the intervals before the rates.',
  figures: SO_WHAT_OUTCOMES.flatMap((outcome) =>
    BREAKDOWNS.flatMap((breakdown) =>
      breakdown.subgroups.map(
        (subgroup): FigureDef => ({
          key: soWhatKey(outcome, breakdown, subgroup),
          label: `${outcome.label}: ${subgroup.label}`,
          population: 'closed',
          query: {
            kind: 'rate',
            denominator: outcome.denominator,
            numerator: outcome.numerator,
            within: subgroup.condition,
          },
          ...(breakdown.partition
            ? { group: `${outcome.key}_by_${breakdown.key}`, groupCell: 'denominator' as const }
            : {}),
        }),
      ),
    ),
  ),
  tables: BREAKDOWNS.map(
    (breakdown): Table => ({
      key: `by_${breakdown.key}`,
      title: breakdown.title,
      columns: SO_WHAT_OUTCOMES.map((o) => o.label),
      rows: breakdown.subgroups.map((subgroup) => ({
        label: subgroup.label,
        figures: SO_WHAT_OUTCOMES.map((o) => soWhatKey(o, breakdown, subgroup)),
      })),
    }),
  ),
  charts: [
    {
      key: 'all_abuse_stopped_by_support',
      kind: 'interval',
      title: 'All abuse stopped, by support received (%, 95% interval)',
      figures: SUPPORT.map((s) => `all_abuse_stopped_by_support_${s.key}`),
    },
  ],
};
