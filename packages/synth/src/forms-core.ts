/**
 * Answers of the core forms, written from the case's profile and outcome. Optional fields are
 * left out at rates like real records (an unasked question, an unknown count); required ones
 * are always there. No free text is ever generated.
 */
import { roundedWithin } from '@harbour/forms';
import type { Outcome } from './outcome';
import { ABUSE_TYPES, type Profile } from './profile';
import type { Random } from './random';
import type { Answers, SynthService } from './types';

/** Sets `key` unless the draw says the question went unasked. */
function put(r: Random, answers: Answers, key: string, value: unknown, presentChance = 1): void {
  if (presentChance >= 1 || r.chance(presentChance)) answers[key] = value;
}

function priorCount(r: Random, some: number, meanWhenSome: number, max = 50): number {
  return r.chance(some) ? Math.min(max, 1 + r.poisson(meanWhenSome - 1)) : 0;
}

const DISABILITY_TYPES = {
  physical: 0.3,
  sensory: 0.08,
  learning: 0.1,
  mental_health: 0.45,
  long_term_condition: 0.25,
  neurodivergent: 0.12,
  other: 0.04,
};

export function coreIntake(r: Random, p: Profile, referralDate: string): Answers {
  const a: Answers = {
    referral_date: referralDate,
    referral_source: p.referralSource,
    consent_research: r.chance(0.86),
  };
  put(r, a, 'repeat_client', r.chance(0.11), 0.9);
  put(r, a, 'age', p.age, 0.97);
  put(r, a, 'gender', p.gender, 0.99);
  put(r, a, 'trans', r.weighted({ no: 0.9, yes: 0.004, not_known: 0.08, prefer_not_to_say: 0.016 }), 0.7);
  put(
    r,
    a,
    'sexual_orientation',
    r.weighted({
      heterosexual: 0.87,
      gay_lesbian: 0.009,
      bisexual: 0.01,
      other: 0.002,
      not_known: 0.09,
      prefer_not_to_say: 0.019,
    }),
    0.92,
  );
  put(r, a, 'ethnicity', p.ethnicity, 0.98);
  put(r, a, 'disability', p.disabled, 0.95);
  if (a.disability === 'yes') {
    const types = Object.entries(DISABILITY_TYPES)
      .filter(([, chance]) => r.chance(chance))
      .map(([type]) => type);
    a.disability_types = types.length > 0 ? types : ['other'];
  }
  if (p.gender === 'female' && p.age <= 49) {
    put(r, a, 'pregnant', r.weighted({ no: 0.88, yes: 0.06, not_known: 0.06 }), 0.7);
  }
  put(r, a, 'local_authority', p.localAuthority, 0.97);
  put(r, a, 'interpreter_needed', p.interpreterNeeded, 0.85);
  put(r, a, 'perpetrator_relationship', p.relationship, 0.98);
  const clientMale = p.gender === 'male';
  put(
    r,
    a,
    'perpetrator_gender',
    clientMale
      ? r.weighted({ female: 0.75, male: 0.22, not_known: 0.03 })
      : r.weighted({ male: 0.95, female: 0.04, other: 0.002, not_known: 0.008 }),
    0.97,
  );
  put(r, a, 'living_with_perpetrator', p.livingWithPerpetrator, 0.97);
  put(r, a, 'multiple_perpetrators', r.chance(p.relationship === 'family_member' ? 0.25 : 0.06), 0.85);
  if (p.dash !== null) a.dash_score = p.dash;
  a.risk_level = p.risk;
  a.marac_referral = p.marac;
  if (p.marac) a.marac_repeat = p.maracRepeat;
  else put(r, a, 'marac_repeat', false, 0.5);
  for (const type of ABUSE_TYPES) put(r, a, `abuse_${type}`, p.abuse[type], 0.96);
  const durationMean = p.risk === 'high' ? 27.6 : p.risk === 'medium' ? 36 : 40; // 2.3 and 3 years
  put(r, a, 'abuse_duration_months', roundedWithin(Math.exp(r.normal(Math.log(durationMean) - 0.4, 0.9)), 0, 600), 0.8);
  const police = { high: [0.78, 2.8], medium: [0.62, 2.0], standard: [0.4, 1.5] }[p.risk] as [number, number];
  put(r, a, 'prior_police_reports_12m', priorCount(r, police[0], police[1]), 0.8);
  const ae = { high: [0.23, 2.2], medium: [0.1, 1.6], standard: [0.05, 1.3] }[p.risk] as [number, number];
  put(r, a, 'prior_ae_visits_12m', priorCount(r, ae[0], ae[1], 15), 0.7);
  put(r, a, 'prior_gp_visits_12m', priorCount(r, 0.5, 3), 0.65);
  put(r, a, 'prior_professional_contacts_12m', priorCount(r, 0.85, 5.9), 0.75);
  a.children_in_household = p.children;
  if (p.childrenSocialCare !== null) a.children_social_care = p.childrenSocialCare;
  const needs: [string, boolean][] = [
    ['needs_mental_health', p.needsMentalHealth],
    ['needs_self_harm', p.needsSelfHarm],
    ['needs_substance_misuse', p.needsSubstance],
    ['needs_alcohol', p.needsAlcohol],
    ['needs_financial', p.needsFinancial],
    ['needs_housing', p.needsHousing],
    ['needs_immigration', p.needsImmigration],
  ];
  for (const [key, value] of needs) put(r, a, key, value, 0.95);
  return a;
}

function supportProvided(r: Random, p: Profile): string[] {
  const offered: [string, number][] = [
    ['safety_planning', 0.92],
    ['marac', p.marac ? 0.95 : 0],
    ['criminal_justice', p.risk === 'high' ? 0.45 : 0.25],
    ['civil_order', 0.2],
    ['housing', p.needsHousing ? 0.75 : 0.08],
    ['sanctuary', p.livingWithPerpetrator ? 0.04 : 0.09],
    ['refuge', p.livingWithPerpetrator ? 0.12 : 0.04],
    ['finance_benefits', p.needsFinancial ? 0.7 : 0.1],
    ['health', 0.15],
    ['mental_health', p.needsMentalHealth ? 0.6 : 0.05],
    ['substance_misuse', p.needsSubstance || p.needsAlcohol ? 0.55 : 0],
    ['children_parenting', p.children > 0 ? 0.5 : 0],
    ['immigration', p.needsImmigration ? 0.8 : 0],
    ['counselling', 0.15],
    ['group_programme', 0.08],
    ['education_employment', 0.05],
    ['other', 0.03],
  ];
  const chosen = offered.filter(([, chance]) => r.chance(chance)).map(([code]) => code);
  return chosen.length > 0 ? chosen : ['safety_planning'];
}

function dashFor(r: Random, risk: Outcome['risk'], settings: SynthService['settings']): number | null {
  if (risk === 'not_known') return null;
  if (risk === 'standard') return r.int(0, settings.riskMediumFrom - 1);
  if (risk === 'medium') return r.int(settings.riskMediumFrom, settings.riskHighFrom - 1);
  return r.int(settings.riskHighFrom, Math.min(24, settings.riskHighFrom + 6));
}

export function coreExit(
  r: Random,
  p: Profile,
  o: Outcome,
  exitDate: string,
  settings: SynthService['settings'],
): Answers {
  const a: Answers = { exit_date: exitDate, closure_reason: o.closureReason };
  put(r, a, 'contacts_count', Math.min(300, 2 + r.poisson((o.supportDays / 7) * 0.8)), 0.9);
  put(r, a, 'support_provided', supportProvided(r, p), 0.95);
  for (const type of ABUSE_TYPES) put(r, a, `abuse_${type}`, o.abuse[type], 0.97);
  a.risk_level = o.risk;
  if (r.chance(0.45)) {
    const dash = dashFor(r, o.risk, settings);
    if (dash !== null) a.dash_score = dash;
  }
  const lost = o.closureReason === 'lost_contact';
  if (!lost || r.chance(0.3)) {
    put(
      r,
      a,
      'feels_safer',
      o.stopped
        ? r.weighted({ much_safer: 0.55, safer: 0.38, same: 0.05, less_safe: 0.01, not_known: 0.01 })
        : r.weighted({ much_safer: 0.2, safer: 0.45, same: 0.25, less_safe: 0.08, not_known: 0.02 }),
      0.9,
    );
    put(
      r,
      a,
      'wellbeing_improved',
      r.weighted(o.stopped ? { yes: 0.8, no: 0.12, not_known: 0.08 } : { yes: 0.5, no: 0.4, not_known: 0.1 }),
      0.8,
    );
    put(
      r,
      a,
      'quality_of_life_improved',
      r.weighted(o.stopped ? { yes: 0.75, no: 0.15, not_known: 0.1 } : { yes: 0.45, no: 0.45, not_known: 0.1 }),
      0.75,
    );
  }
  put(r, a, 'living_with_perpetrator', o.livingWithPerpetrator, lost ? 0.5 : 0.95);
  return a;
}

/** Latent safety 0–10 at intake, lower for higher risk. */
function safetyAtIntake(r: Random, p: Profile): number {
  return roundedWithin(r.normal(p.risk === 'high' ? 3.5 : p.risk === 'medium' ? 5 : 6, 2), 0, 10);
}

function who5Items(r: Random, wellbeing: number): Answers {
  const items: Answers = {};
  for (let i = 1; i <= 5; i++) items[`who5_${i}`] = roundedWithin(r.normal(wellbeing, 0.7), 0, 5);
  return items;
}

export function clientIntake(r: Random, p: Profile): Answers {
  return {
    safety_now: safetyAtIntake(r, p),
    ...who5Items(r, p.wellbeing),
    confidence_future: roundedWithin(r.normal(1.5 + p.wellbeing * 0.6, 0.9), 1, 5),
    knows_where_to_get_help: r.weighted({ yes: 0.6, no: 0.32, not_known: 0.08 }),
  };
}

export function clientExit(r: Random, p: Profile, o: Outcome, intake: Answers | null): Answers {
  const safetyBefore = typeof intake?.safety_now === 'number' ? intake.safety_now : safetyAtIntake(r, p);
  const wellbeing = Math.min(5, p.wellbeing + (o.stopped ? 1.2 : 0.4) + r.normal(0, 0.4));
  const good = o.stopped ? 1 : 0;
  return {
    safety_now: roundedWithin(safetyBefore + r.normal(o.stopped ? 3.5 : 1.2, 1.8), 0, 10),
    ...who5Items(r, wellbeing),
    confidence_future: roundedWithin(r.normal(2 + wellbeing * 0.55, 0.8), 1, 5),
    knows_where_to_get_help: r.weighted({ yes: 0.92, no: 0.05, not_known: 0.03 }),
    support_helped_safety: roundedWithin(r.normal(3.6 + good, 0.8), 1, 5),
    felt_listened_to: roundedWithin(r.normal(4.3 + good * 0.4, 0.7), 1, 5),
    would_recommend: r.weighted({ yes: 0.9 + good * 0.05, no: 0.04, not_known: 0.06 - good * 0.05 }),
  };
}
