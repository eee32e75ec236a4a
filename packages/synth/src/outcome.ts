/**
 * How a case ends: length of support, why it closed, and whether the abuse stopped. Abuse stops
 * more often with longer support, with a Marac and with a planned ending (over 60% of Idva and
 * Marac clients, docs/published-figures.md); losing contact mostly leaves the outcome unknown.
 */
import { ABUSE_TYPES, type AbuseType, type Profile, type RiskLevel, type Severity } from './profile';
import type { Random } from './random';
import type { SynthService } from './types';

export type ClosureReason = 'planned' | 'client_ended' | 'lost_contact' | 'moved_away' | 'transferred' | 'other';

export type Outcome = {
  supportDays: number;
  closureReason: ClosureReason;
  /** Whether the abuse stopped altogether (the latent "good outcome"). */
  stopped: boolean;
  abuse: Record<AbuseType, Severity | 'not_known'>;
  risk: RiskLevel | 'not_known';
  livingWithPerpetrator: boolean;
};

const MEDIAN_SUPPORT_DAYS: Record<SynthService['kind'], number> = {
  idva: 95,
  outreach: 130,
  refuge: 160,
  young_people: 120,
};

const LOWER: Record<Severity, Severity> = { high: 'moderate', moderate: 'standard', standard: 'none', none: 'none' };

export function drawSupportDays(r: Random, kind: SynthService['kind']): number {
  const days = Math.exp(r.normal(Math.log(MEDIAN_SUPPORT_DAYS[kind]), 0.6));
  return Math.max(7, Math.min(540, Math.round(days)));
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export function drawOutcome(r: Random, profile: Profile, supportDays: number): Outcome {
  // contact is lost more often while the client still lives with the person harming them
  const closureReason = r.weighted<ClosureReason>({
    planned: 0.64,
    client_ended: 0.12,
    lost_contact: profile.livingWithPerpetrator ? 0.22 : 0.11,
    moved_away: 0.04,
    transferred: 0.05,
    other: 0.02,
  });
  const months = Math.min(supportDays / 30.4, 8);
  const z =
    -1.05 +
    0.6 * Number(profile.marac) +
    0.25 * months +
    0.7 * Number(closureReason === 'planned') -
    1.0 * Number(closureReason === 'lost_contact') -
    0.35 * Number(profile.livingWithPerpetrator);
  const stopped = r.chance(sigmoid(z));
  const unknownChance = closureReason === 'lost_contact' ? 0.25 : 0.03;

  const abuse = {} as Record<AbuseType, Severity | 'not_known'>;
  let continuing = false;
  for (const type of ABUSE_TYPES) {
    const before = profile.abuse[type];
    if (r.chance(unknownChance)) {
      abuse[type] = 'not_known';
      continue;
    }
    if (before === 'none' || stopped) {
      abuse[type] = 'none';
      continue;
    }
    const after = r.chance(0.4) ? 'none' : r.chance(0.5) ? LOWER[before] : before;
    abuse[type] = after;
    continuing ||= after !== 'none';
  }
  if (!stopped && !continuing) {
    // not stopped means some abuse went on: keep the gravest intake type
    const type = ABUSE_TYPES.find((t) => profile.abuse[t] !== 'none' && abuse[t] !== 'not_known');
    if (type) abuse[type] = profile.abuse[type];
  }

  let risk: Outcome['risk'];
  if (r.chance(closureReason === 'lost_contact' ? 0.3 : 0.05)) risk = 'not_known';
  else if (stopped) risk = r.weighted({ standard: 0.75, medium: 0.2, high: 0.05 });
  else if (profile.risk === 'high') risk = r.weighted({ high: 0.45, medium: 0.38, standard: 0.17 });
  else if (profile.risk === 'medium') risk = r.weighted({ high: 0.1, medium: 0.5, standard: 0.4 });
  else risk = r.weighted({ medium: 0.15, standard: 0.85 });

  return {
    supportDays,
    closureReason,
    stopped,
    abuse,
    risk,
    livingWithPerpetrator: profile.livingWithPerpetrator && r.chance(stopped ? 0.15 : 0.5),
  };
}
