/**
 * Synthetic reviews while a case is open and follow-ups after it closed. Rates are plausible, not
 * measured: practitioners review most long cases around every three months; a third of clients
 * return the review questionnaire; about half agree to be followed up (few who lost contact), and
 * fewer answer the later follow-up than the first — fewer still while living with the person
 * who harmed them.
 */
import { roundedWithin } from '@harbour/forms';
import { addDays } from './dates';
import type { Outcome } from './outcome';
import { ABUSE_TYPES, type Profile } from './profile';
import type { Random } from './random';
import type { Answers } from './types';

export const REVIEW_EVERY_DAYS = 91;
export const REVIEW_DONE = 0.8;
export const CLIENT_REVIEW_RETURN = 0.35;
export const FOLLOW_UP_CONSENT = 0.5;
export const FOLLOW_UP_CONSENT_LOST_CONTACT = 0.05;
/** Answer rates at the first and second follow-up (3 and 6 months), falling with time since closure. */
export const FOLLOW_UP_ANSWER = [0.5, 0.32];
export const FOLLOW_UP_MONTH_DAYS = [91, 183];

const SEVERITY = ['none', 'standard', 'moderate', 'high'] as const;
const RISK = ['standard', 'medium', 'high'] as const;

/** A level part of the way (`progress` 0–1) from where the case started to where it ends. */
function between<T extends string>(scale: readonly T[], from: T, to: T, progress: number, r: Random): T {
  const a = scale.indexOf(from);
  const b = scale.indexOf(to);
  if (a < 0 || b < 0) return from;
  return scale[Math.round(a + (b - a) * Math.min(1, progress + r.normal(0, 0.15)))] as T;
}

export function reviewDates(r: Random, openedAt: string, until: string): string[] {
  const dates: string[] = [];
  for (let day = REVIEW_EVERY_DAYS; ; day += REVIEW_EVERY_DAYS) {
    const on = addDays(openedAt, day + r.int(-10, 20));
    if (on >= until) return dates;
    if (r.chance(REVIEW_DONE)) dates.push(on);
  }
}

export function coreReview(r: Random, p: Profile, o: Outcome, reviewDate: string, progress: number): Answers {
  const a: Answers = { review_date: reviewDate };
  const endRisk = o.risk === 'not_known' ? p.risk : o.risk;
  a.risk_level = r.chance(0.05) ? 'not_known' : between(RISK, p.risk, endRisk, progress, r);
  for (const type of ABUSE_TYPES) {
    const before = p.abuse[type];
    const after = o.abuse[type] === 'not_known' ? before : o.abuse[type];
    if (r.chance(0.97)) a[`abuse_${type}`] = before === 'none' ? 'none' : between(SEVERITY, before, after, progress, r);
  }
  a.feels_safer = o.stopped
    ? r.weighted({ much_safer: 0.35 * progress + 0.1, safer: 0.45, same: 0.35 - 0.25 * progress, less_safe: 0.05 })
    : r.weighted({ much_safer: 0.08, safer: 0.35, same: 0.42, less_safe: 0.15 });
  a.wellbeing_improved = r.weighted({ yes: 0.35 + 0.35 * progress, no: 0.55 - 0.35 * progress, not_known: 0.1 });
  a.marac_since_intake = p.marac && r.chance(0.8);
  a.living_with_perpetrator = p.livingWithPerpetrator && r.chance(o.stopped ? 0.5 : 0.85);
  return a;
}

export function clientReview(r: Random, p: Profile, o: Outcome, safetyAtIntake: number, progress: number): Answers {
  const lift = (o.stopped ? 3.5 : 1.2) * progress;
  return {
    safety_now: roundedWithin(safetyAtIntake + lift + r.normal(0, 1.5), 0, 10),
    ...Object.fromEntries(
      [1, 2, 3, 4, 5].map((i) => [`who5_${i}`, roundedWithin(r.normal(p.wellbeing + progress * 0.8, 0.7), 0, 5)]),
    ),
    confidence_future: roundedWithin(r.normal(1.8 + p.wellbeing * 0.55 + progress, 0.8), 1, 5),
    knows_where_to_get_help: r.weighted({ yes: 0.85, no: 0.1, not_known: 0.05 }),
  };
}

/** Whether and how a client answers the follow-up at point `index` (0 = 3 months); null: not answered. */
export function clientFollowUp(r: Random, p: Profile, o: Outcome, index: number): Answers | null {
  const rate = (FOLLOW_UP_ANSWER[index] ?? 0) * (p.livingWithPerpetrator ? 0.6 : 1);
  if (!r.chance(rate)) return null;
  const harmed = r.chance((o.stopped ? 0.12 : 0.4) + (o.livingWithPerpetrator ? 0.2 : 0));
  return {
    harmed_since: r.chance(0.05) ? 'prefer_not_to_say' : harmed ? 'yes' : 'no',
    safety_now: roundedWithin(r.normal(harmed ? 4.5 : 7.8, 1.6), 0, 10),
    confidence_future: roundedWithin(r.normal(harmed ? 2.5 : 3.8, 0.8), 1, 5),
    knows_where_to_get_help: r.weighted({ yes: 0.9, no: 0.07, not_known: 0.03 }),
  };
}
