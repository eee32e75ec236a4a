/**
 * Outcomes over time: whether clients stay safe after closure (follow-ups), how long cases are
 * doing (intake to latest review), what is known of cases closed as lost contact (their last
 * review), and how many clients answered each questionnaire they were sent.
 */
import { DEFAULT_REVIEW_INTERVAL_MONTHS } from '@harbour/db';
import type { FigureDef } from '../figure-def';
import {
  and,
  answersOf,
  atOccasion,
  not,
  numberField,
  oneOf,
  or,
  present,
  type Sql,
  submitted,
  textLiteral,
} from '../sql/expressions';
import type { Population } from '../sql/frame';
import {
  ABUSE_TYPES,
  ABUSIVE_LEVELS,
  CLIENT_EXIT,
  CLIENT_REVIEW,
  clientIntake,
  exit,
  FOLLOW_UP,
  hasExit,
  hasIntake,
  intake,
  KNOWN_LEVELS,
  REVIEW,
} from './core-forms';
import type { SectionDef } from './section-def';

const latestReview = answersOf(atOccasion(REVIEW, 'latest'));
const latestClientReview = answersOf(atOccasion(CLIENT_REVIEW, 'latest'));
const hasReview = submitted(atOccasion(REVIEW, 'latest'));
const followUp = (occasion: number) => answersOf(atOccasion(FOLLOW_UP, occasion));

/** Safe at a follow-up: no one has hurt, frightened or controlled them since, and they feel safe (7 or more of 10). */
const SAFE_FROM = 7;
const answeredFollowUp = (occasion: number) =>
  and(oneOf(followUp(occasion), 'harmed_since', ['no', 'yes']), present(followUp(occasion), 'safety_now'));
const safeAtFollowUp = (occasion: number) =>
  and(
    oneOf(followUp(occasion), 'harmed_since', ['no']),
    `(${numberField(followUp(occasion), 'safety_now')} >= ${SAFE_FROM})`,
  );
/** Safe at exit, for the same clients: all abuse stopped by the practitioner's exit record, and feeling safer. */
const safeAtExit = and(
  hasExit,
  ...ABUSE_TYPES.map((type) => oneOf(exit, `abuse_${type}`, ['none'])),
  oneOf(exit, 'feels_safer', ['much_safer', 'safer']),
);

const rate = (
  key: string,
  label: string,
  population: Population,
  denominator: Sql,
  numerator: Sql,
  extra: Partial<FigureDef> = {},
): FigureDef => ({
  key,
  label,
  population,
  query: { kind: 'rate', denominator, numerator },
  benchmark: 'national',
  ...extra,
});

const POINTS = [
  { occasion: 1, label: 'first follow-up (3 months by default)' },
  { occasion: 2, label: 'second follow-up (6 months by default)' },
];

export const sustainedSafety: SectionDef = {
  key: 'sustained_safety',
  title: 'Sustained safety after closure',
  population:
    'Cases closed in the period whose clients agreed to be contacted and answered a follow-up: each pair of figures counts the same clients at the follow-up and at exit.',
  figures: POINTS.flatMap(({ occasion, label }) => [
    rate(
      `sustained_safety_${occasion}`,
      `Safe at the ${label}`,
      'closed_later',
      answeredFollowUp(occasion),
      safeAtFollowUp(occasion),
    ),
    rate(
      `sustained_safety_${occasion}_at_exit`,
      `The same clients: safe at exit`,
      'closed_later',
      answeredFollowUp(occasion),
      safeAtExit,
    ),
  ]),
  charts: [
    {
      key: 'sustained_safety',
      kind: 'interval',
      title: 'Safe at follow-up and at exit, same clients (%, 95% interval)',
      figures: POINTS.flatMap(({ occasion }) => [
        `sustained_safety_${occasion}`,
        `sustained_safety_${occasion}_at_exit`,
      ]),
    },
  ],
};

const RISK_ORDER = { high: 3, medium: 2, standard: 1 } as const;
const riskRank = (base: Sql) =>
  `(case ${Object.entries(RISK_ORDER)
    .map(([level, rank]) => `when ${oneOf(base, 'risk_level', [level])} then ${rank}`)
    .join(' ')} end)`;
const riskKnown = (base: Sql) => oneOf(base, 'risk_level', Object.keys(RISK_ORDER));
const riskReducedAtReview = and(
  riskKnown(intake),
  riskKnown(latestReview),
  `(${riskRank(latestReview)} < ${riskRank(intake)})`,
);
const feelsSaferAtReview = oneOf(latestReview, 'feels_safer', ['much_safer', 'safer']);
const saferKnownAtReview = oneOf(latestReview, 'feels_safer', ['much_safer', 'safer', 'same', 'less_safe']);
const abuseStoppedAtReview = and(
  ...ABUSE_TYPES.map((type) =>
    or(not(oneOf(intake, `abuse_${type}`, ABUSIVE_LEVELS)), oneOf(latestReview, `abuse_${type}`, ['none'])),
  ),
);
const abuseKnownAtReview = and(
  or(...ABUSE_TYPES.map((type) => oneOf(intake, `abuse_${type}`, ABUSIVE_LEVELS))),
  ...ABUSE_TYPES.map((type) =>
    or(not(oneOf(intake, `abuse_${type}`, ABUSIVE_LEVELS)), oneOf(latestReview, `abuse_${type}`, KNOWN_LEVELS)),
  ),
);

export const monthsText = (months: number) => (months === 1 ? '1 month' : `${months} months`);

/**
 * Who the interim outcomes count: in a service's report, by that service's review interval; in the
 * national report (and the catalogue), each case by its own service's.
 */
export function interimPopulation(reviewIntervalMonths?: number): string {
  const interval =
    reviewIntervalMonths === undefined
      ? `their service's review interval (every ${DEFAULT_REVIEW_INTERVAL_MONTHS} months unless the service sets another)`
      : `the service's review interval (${monthsText(reviewIntervalMonths)})`;
  return `Cases still open at the end of the period that had been open for ${interval} or longer: the change from intake to their latest review.`;
}

export const interimOutcomes: SectionDef = {
  key: 'interim_outcomes',
  title: 'Interim outcomes of long cases',
  population: interimPopulation(),
  figures: [
    rate('interim_reviewed', 'Reviewed at least once', 'open_long', hasIntake, hasReview),
    rate(
      'interim_all_abuse_stopped',
      'All abuse stopped by the latest review',
      'open_long',
      and(hasIntake, hasReview, abuseKnownAtReview),
      abuseStoppedAtReview,
    ),
    rate(
      'interim_risk_reduced',
      'Risk lower at the latest review than at intake',
      'open_long',
      and(
        hasIntake,
        hasReview,
        riskKnown(intake),
        riskKnown(latestReview),
        oneOf(intake, 'risk_level', ['high', 'medium']),
      ),
      riskReducedAtReview,
    ),
    rate(
      'interim_feels_safer',
      'Feels safer at the latest review',
      'open_long',
      and(hasReview, saferKnownAtReview),
      feelsSaferAtReview,
    ),
    {
      key: 'interim_safety_change',
      label: 'Change in feeling safe (0–10), intake to latest review',
      population: 'open_long',
      query: {
        kind: 'mean',
        value: `(${numberField(latestClientReview, 'safety_now')} - ${numberField(clientIntake, 'safety_now')})`,
      },
      benchmark: 'national',
    },
  ],
};

const lostContact = oneOf(exit, 'closure_reason', ['lost_contact']);

export const lostContactOutcomes: SectionDef = {
  key: 'lost_contact',
  title: 'Cases closed as lost contact',
  population:
    'Cases closed in the period as lost contact: what their last review showed, where one was recorded before contact was lost.',
  figures: [
    rate(
      'lost_contact_reviewed',
      'Reviewed before contact was lost',
      'closed_later',
      and(hasIntake, lostContact),
      hasReview,
    ),
    rate(
      'lost_contact_all_abuse_stopped',
      'All abuse stopped at the last review',
      'closed_later',
      and(lostContact, hasIntake, hasReview, abuseKnownAtReview),
      abuseStoppedAtReview,
    ),
    rate(
      'lost_contact_risk_reduced',
      'Risk lower at the last review than at intake',
      'closed_later',
      and(lostContact, hasIntake, hasReview, oneOf(intake, 'risk_level', ['high', 'medium']), riskKnown(latestReview)),
      riskReducedAtReview,
    ),
    rate(
      'lost_contact_feels_safer',
      'Feels safer at the last review',
      'closed_later',
      and(lostContact, hasReview, saferKnownAtReview),
      feelsSaferAtReview,
    ),
  ],
};

/** A figure "rests on a low response rate" below this share of clients answering. */
export const LOW_RESPONSE_PERCENT = 50;

const linkSent = (form: string) =>
  `exists (select 1 from questionnaire_links l where l.service_id = frame.service_id and l.case_id = frame.id and l.form_key = ${textLiteral(form)})`;
const answered = (form: string) =>
  `exists (select 1 from responses r where r.service_id = frame.service_id and r.case_id = frame.id and r.form_key = ${textLiteral(form)} and r.status = 'submitted')`;

export type ClientForm = { key: string; title: string; stage: 'intake' | 'review' | 'exit' | 'follow_up' };

/** Which population a client form's response rate counts: when the questionnaire is sent. */
const RATE_POPULATION: Record<ClientForm['stage'], Population> = {
  intake: 'opened',
  review: 'open_any',
  exit: 'closed',
  follow_up: 'closed_later',
};

export const responseRateKey = (form: string) => `response_rate_${form.replace(/[.-]/g, '_')}`;

/**
 * One response rate per client questionnaire: of the cases it was sent to (a link was created, or
 * the answers were entered on the client's behalf), the share that answered. A review or
 * follow-up questionnaire counts a case once, however many times it was sent.
 */
export function responseRates(forms: readonly ClientForm[]): SectionDef {
  return {
    key: 'response_rates',
    title: 'Response rates of client questionnaires',
    population:
      'For each questionnaire, the cases it was sent to in the period (intake: opened; review: open; exit and follow-up: closed), and how many answered.',
    figures: forms.map((form) => ({
      key: responseRateKey(form.key),
      label: `${form.title} (${form.key})`,
      population: RATE_POPULATION[form.stage],
      query: {
        kind: 'rate',
        denominator: `(${linkSent(form.key)} or ${answered(form.key)})`,
        numerator: answered(form.key),
      },
      benchmark: 'national',
    })),
  };
}

/** The figures that rest on a client questionnaire, by the key of that questionnaire's response rate. */
export const RESTS_ON: Record<string, string> = {
  sustained_safety_1: responseRateKey(FOLLOW_UP),
  sustained_safety_2: responseRateKey(FOLLOW_UP),
  interim_safety_change: responseRateKey(CLIENT_REVIEW),
  safety_change: responseRateKey(CLIENT_EXIT),
  who5_change: responseRateKey(CLIENT_EXIT),
  felt_listened_to: responseRateKey(CLIENT_EXIT),
  support_helped_safety: responseRateKey(CLIENT_EXIT),
  would_recommend: responseRateKey(CLIENT_EXIT),
};
