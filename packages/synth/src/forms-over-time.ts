/**
 * Synthetic reviews while a case is open and follow-ups after it closed. Rates are plausible, not
 * measured: practitioners review most long cases around every three months; a third of clients
 * return the review questionnaire; about half agree at exit to be followed up (few who lost
 * contact), by email or text message; a follow-up is sent at each of the service's points (3 and
 * 6 months after closure); fewer answer the later follow-up than the first — fewer still while
 * living with the person who harmed them — and contact stops after two unanswered.
 */
import { DEFAULT_FOLLOW_UP_MONTHS } from '@harbour/db';
import { type FollowUpChoiceBody, roundedWithin, SAFE_TIMES } from '@harbour/forms';
import { addDays, addMonths } from './dates';
import type { Outcome } from './outcome';
import { ABUSE_TYPES, type Profile } from './profile';
import type { Random } from './random';
import type { Answers, SynthFollowUp, SynthFollowUpSent } from './types';

export const REVIEW_EVERY_DAYS = 91;
export const REVIEW_DONE = 0.8;
export const CLIENT_REVIEW_RETURN = 0.35;
export const FOLLOW_UP_CONSENT = 0.5;
export const FOLLOW_UP_CONSENT_LOST_CONTACT = 0.05;
/** Answer rates at the first and second follow-up (3 and 6 months), falling with time since closure. */
export const FOLLOW_UP_ANSWER = [0.5, 0.32];
/** Answer rates are this much lower while the client lives with the person who harmed them. */
export const FOLLOW_UP_ANSWER_LIVING_WITH = 0.6;
/** How long a follow-up link works (the API's FOLLOW_UP_LINK_DAYS): unanswered after that. */
export const FOLLOW_UP_LINK_DAYS = 14;
const CODE_WORDS = ['bluebell', 'lantern', 'harbour', 'meadow', 'compass', 'willow'];

const SEVERITY = ['none', 'standard', 'moderate', 'high'] as const;
const RISK = ['standard', 'medium', 'high'] as const;

/**
 * A level part of the way (`progress` 0–1, with some noise) from where the case started to where
 * it ends, never past either: unclamped, the noise could step off the scale and leave no answer.
 */
function between<T extends string>(scale: readonly T[], from: T, to: T, progress: number, r: Random): T {
  const a = scale.indexOf(from);
  const b = scale.indexOf(to);
  if (a < 0 || b < 0) return from;
  const way = Math.min(1, Math.max(0, progress + r.normal(0, 0.15)));
  return scale[Math.round(a + (b - a) * way)] as T;
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
  const rate = (FOLLOW_UP_ANSWER[index] ?? 0) * (p.livingWithPerpetrator ? FOLLOW_UP_ANSWER_LIVING_WITH : 1);
  if (!r.chance(rate)) return null;
  const harmed = r.chance((o.stopped ? 0.12 : 0.4) + (o.livingWithPerpetrator ? 0.2 : 0));
  return {
    harmed_since: r.chance(0.05) ? 'prefer_not_to_say' : harmed ? 'yes' : 'no',
    safety_now: roundedWithin(r.normal(harmed ? 4.5 : 7.8, 1.6), 0, 10),
    confidence_future: roundedWithin(r.normal(harmed ? 2.5 : 3.8, 0.8), 1, 5),
    knows_where_to_get_help: r.weighted({ yes: 0.9, no: 0.07, not_known: 0.03 }),
  };
}

/** The choice at exit: agreed or not, and if so a safe channel (never a real address), safe times, a code word. */
export function followUpChoice(r: Random, o: Outcome): FollowUpChoiceBody {
  if (!r.chance(o.closureReason === 'lost_contact' ? FOLLOW_UP_CONSENT_LOST_CONTACT : FOLLOW_UP_CONSENT)) {
    return { consent: false };
  }
  const safeTimes = SAFE_TIMES.filter(() => r.chance(0.35));
  const codeWord = r.chance(0.25) ? { codeWord: r.pick(CODE_WORDS) } : {};
  // reserved for examples: the .invalid domain and Ofcom's drama numbers reach no one
  const channel = r.chance(0.65)
    ? { channel: 'email' as const, email: `client.${r.int(100_000, 999_999)}@example.invalid` }
    : { channel: 'sms' as const, mobile: `07700 900${String(r.int(0, 999)).padStart(3, '0')}` };
  return { consent: true, ...channel, safeTimes, ...codeWord, nameService: false };
}

export type FollowUpAnswer = { occasion: number; answers: Answers; on: string };

/**
 * What happened after closure up to `today`: the choice at exit, the follow-ups sent at the
 * points that have come, the answers that came back through their links, and the end of
 * contact after two follow-ups went unanswered.
 */
export function followUpAfterClosure(
  r: Random,
  p: Profile,
  o: Outcome,
  closedAt: string,
  today: string,
  months: readonly number[] = DEFAULT_FOLLOW_UP_MONTHS,
): { followUp: SynthFollowUp; answers: FollowUpAnswer[] } {
  const choice = followUpChoice(r, o);
  const sent: SynthFollowUpSent[] = [];
  const answers: FollowUpAnswer[] = [];
  let endedOn: string | null = null;
  for (const [index, m] of months.entries()) {
    const dueOn = addMonths(closedAt, m);
    if (!choice.consent || endedOn || dueOn > today) break;
    const drawn = clientFollowUp(r, p, o, index);
    const on = addDays(dueOn, r.int(0, 10));
    const answeredOn = drawn && on <= today ? on : null;
    const linkId = r.uuid();
    const tokenHash = `${r.uuid()}${r.uuid()}`.replace(/-/g, '');
    sent.push({ occasion: index + 1, months: m, dueOn, sentOn: dueOn, answeredOn, linkId, tokenHash });
    if (drawn && answeredOn) answers.push({ occasion: index + 1, answers: drawn, on: answeredOn });
    const unanswered = sent.filter((f) => !f.answeredOn && addDays(f.sentOn, FOLLOW_UP_LINK_DAYS) <= today);
    if (unanswered.length >= 2) endedOn = addDays((unanswered[1] as SynthFollowUpSent).sentOn, FOLLOW_UP_LINK_DAYS);
  }
  return { followUp: { choice, sent, endedOn }, answers };
}
