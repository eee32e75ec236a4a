/**
 * The latent client behind a case: who they are, their risk, needs and household. Every form of
 * the case is written from this one profile, so that answers agree across forms, and the
 * relationships the reports look for (risk with Marac and coercive control, children with
 * children's social care) are built in here. Probabilities follow
 * docs/published-figures.md; where a figure is *assumed* there, so is it here.
 */
import { CENSUS_ETHNICITIES, type Census, type CensusEthnicity, drawArea } from './census';
import type { Random } from './random';
import type { EthnicGroup, SynthService } from './types';

export type RiskLevel = 'high' | 'medium' | 'standard';
export type Severity = 'none' | 'standard' | 'moderate' | 'high';
export const ABUSE_TYPES = ['physical', 'sexual', 'harassment_stalking', 'jealous_controlling', 'economic'] as const;
export type AbuseType = (typeof ABUSE_TYPES)[number];
export type Ethnicity = CensusEthnicity | 'not_known' | 'prefer_not_to_say';
export type SocialCare = 'none' | 'early_help' | 'child_in_need' | 'child_protection' | 'looked_after' | 'not_known';

export type Profile = {
  age: number;
  gender: 'female' | 'male' | 'non_binary' | 'other' | 'not_known' | 'prefer_not_to_say';
  ethnicity: Ethnicity;
  localAuthority: string;
  bornAbroad: boolean;
  interpreterNeeded: boolean;
  risk: RiskLevel;
  /** Null when the Dash checklist was not completed. */
  dash: number | null;
  referralSource: string;
  marac: boolean;
  maracRepeat: boolean;
  relationship: 'current_partner' | 'ex_partner' | 'family_member' | 'other';
  livingWithPerpetrator: boolean;
  abuse: Record<AbuseType, Severity>;
  children: number;
  childrenSocialCare: SocialCare | null;
  needsMentalHealth: boolean;
  needsSelfHarm: boolean;
  needsSubstance: boolean;
  needsAlcohol: boolean;
  needsFinancial: boolean;
  needsHousing: boolean;
  needsImmigration: boolean;
  disabled: 'yes' | 'no' | 'not_known' | 'prefer_not_to_say';
  /** 0–5 scale of the client's wellbeing at intake (drives WHO-5, PHQ-9, GAD-7). */
  wellbeing: number;
};

const RISK_BY_KIND: Record<SynthService['kind'], Record<RiskLevel, number>> = {
  idva: { high: 0.7, medium: 0.22, standard: 0.08 }, // assumed ~70% for Idva
  refuge: { high: 0.58, medium: 0.3, standard: 0.12 }, // Refuge Insights 58%
  outreach: { high: 0.42, medium: 0.35, standard: 0.23 },
  young_people: { high: 0.45, medium: 0.35, standard: 0.2 },
};

// Assumed route mix for adult Idva services (docs/published-figures.md), children's social care only
// where there are children.
const REFERRAL_SOURCES = {
  police: 45,
  marac: 8,
  health_ae: 2,
  health_gp: 2,
  health_maternity: 1.5,
  health_mental_health: 1.5,
  health_other: 2,
  childrens_social_care: 8,
  adult_social_care: 1.5,
  housing: 4,
  education: 0.5,
  probation: 1,
  criminal_justice_other: 1.5,
  voluntary_sector: 3,
  da_service: 4,
  self: 10,
  family_friend: 1,
  other: 3.5,
} as const;
type ReferralSource = keyof typeof REFERRAL_SOURCES;

const SEVERITY_BY_RISK: Record<AbuseType, Record<RiskLevel, Record<Severity, number>>> = {
  // coercive control rated high for ~80% of Idva clients
  jealous_controlling: {
    high: { high: 0.92, moderate: 0.05, standard: 0.02, none: 0.01 },
    medium: { high: 0.55, moderate: 0.3, standard: 0.1, none: 0.05 },
    standard: { high: 0.3, moderate: 0.35, standard: 0.25, none: 0.1 },
  },
  physical: {
    high: { high: 0.55, moderate: 0.25, standard: 0.1, none: 0.1 },
    medium: { high: 0.2, moderate: 0.35, standard: 0.25, none: 0.2 },
    standard: { high: 0.05, moderate: 0.2, standard: 0.35, none: 0.4 },
  },
  sexual: {
    high: { high: 0.25, moderate: 0.12, standard: 0.08, none: 0.55 },
    medium: { high: 0.08, moderate: 0.08, standard: 0.09, none: 0.75 },
    standard: { high: 0.03, moderate: 0.05, standard: 0.07, none: 0.85 },
  },
  harassment_stalking: {
    high: { high: 0.45, moderate: 0.25, standard: 0.15, none: 0.15 },
    medium: { high: 0.2, moderate: 0.3, standard: 0.25, none: 0.25 },
    standard: { high: 0.1, moderate: 0.2, standard: 0.3, none: 0.4 },
  },
  economic: {
    high: { high: 0.35, moderate: 0.25, standard: 0.15, none: 0.25 },
    medium: { high: 0.15, moderate: 0.25, standard: 0.2, none: 0.4 },
    standard: { high: 0.08, moderate: 0.15, standard: 0.2, none: 0.57 },
  },
};

const SOCIAL_CARE_BY_RISK: Record<RiskLevel, Record<SocialCare, number>> = {
  // two thirds of households with children involved; a third of high-risk ones not known
  high: { none: 0.3, early_help: 0.1, child_in_need: 0.2, child_protection: 0.28, looked_after: 0.05, not_known: 0.07 },
  medium: {
    none: 0.36,
    early_help: 0.18,
    child_in_need: 0.24,
    child_protection: 0.13,
    looked_after: 0.03,
    not_known: 0.06,
  },
  standard: {
    none: 0.5,
    early_help: 0.22,
    child_in_need: 0.17,
    child_protection: 0.05,
    looked_after: 0.01,
    not_known: 0.05,
  },
};

const BORN_ABROAD: Record<string, number> = {
  white_british: 0.02,
  white_irish: 0.5,
  white_gypsy_traveller: 0.02,
  white_roma: 0.8,
  white_other: 0.85,
  black_african: 0.6,
  black_caribbean: 0.2,
  black_other: 0.3,
  other_arab: 0.7,
  other_any: 0.6,
  not_known: 0.15,
  prefer_not_to_say: 0.15,
};

export function ethnicGroupOf(code: string): EthnicGroup | null {
  const group = code.split('_')[0];
  return group === 'asian' || group === 'black' || group === 'mixed' || group === 'white' || group === 'other'
    ? group
    : null;
}

/**
 * Minoritised groups reach DA services less than their share of the population (14–16% of Marac
 * cases against 18% of residents): every non-white group is weighted by this.
 */
const NATIONAL_MINORITY_REACH = 0.8;

type Sampler = { codes: CensusEthnicity[]; cumulative: number[] };
const samplers = new WeakMap<SynthService, Map<string, Sampler>>();

function ethnicitySampler(census: Census, service: SynthService, la: string): Sampler {
  let byArea = samplers.get(service);
  if (!byArea) {
    byArea = new Map();
    samplers.set(service, byArea);
  }
  const cached = byArea.get(la);
  if (cached) return cached;
  const area = census.byCode.get(la);
  if (!area) throw new Error(`Unknown local authority ${la}`);
  const cumulative: number[] = [];
  let total = 0;
  for (const code of CENSUS_ETHNICITIES) {
    const group = ethnicGroupOf(code) as EthnicGroup;
    const reach = (group === 'white' ? 1 : NATIONAL_MINORITY_REACH) * (service.reach[group] ?? 1);
    total += area.ethnicity[code] * reach;
    cumulative.push(total);
  }
  const sampler = { codes: [...CENSUS_ETHNICITIES], cumulative: cumulative.map((c) => c / total) };
  byArea.set(la, sampler);
  return sampler;
}

function drawEthnicity(r: Random, census: Census, service: SynthService, la: string): Ethnicity {
  const unknown = r.next();
  if (unknown < 0.04) return 'not_known';
  if (unknown < 0.05) return 'prefer_not_to_say';
  const { codes, cumulative } = ethnicitySampler(census, service, la);
  const x = r.next();
  const index = cumulative.findIndex((c) => x < c);
  return codes[index < 0 ? codes.length - 1 : index] as CensusEthnicity;
}

function drawAge(r: Random): number {
  const band = r.weighted({ a16: 8, a21: 30, a31: 30, a41: 17, a51: 9, a61: 6 });
  const [min, max] = { a16: [16, 20], a21: [21, 30], a31: [31, 40], a41: [41, 50], a51: [51, 60], a61: [61, 88] }[
    band
  ] as [number, number];
  return r.int(min, max);
}

function drawDash(r: Random, risk: RiskLevel, settings: SynthService['settings']): number | null {
  if (r.chance(0.06)) return null;
  const { riskHighFrom: high, riskMediumFrom: medium } = settings;
  if (risk === 'standard') return r.int(Math.max(0, medium - 8), medium - 1);
  if (risk === 'medium') return r.int(medium, high - 1);
  // professional judgement raises some cases to high below the Dash threshold
  if (r.chance(0.14)) return r.int(medium - 2, high - 1);
  return Math.min(24, high + Math.round(Math.abs(r.normal(0, 3.5))));
}

function drawReferralSource(r: Random, risk: RiskLevel, children: number): ReferralSource {
  const weights: Record<ReferralSource, number> = { ...REFERRAL_SOURCES };
  if (children === 0) {
    weights.childrens_social_care = 0;
    weights.education = 0;
  } else {
    weights.childrens_social_care /= 0.61;
    weights.education /= 0.61;
  }
  if (risk === 'high') weights.police *= 1.15;
  if (risk === 'standard') weights.police *= 0.7;
  // Marac refers cases that meet its threshold
  if (risk !== 'high') weights.marac = 0;
  else weights.marac /= 0.7;
  return r.weighted(weights);
}

function drawChildren(r: Random): number {
  if (!r.chance(0.61)) return 0;
  return Number(r.weighted({ 1: 38, 2: 34, 3: 17, 4: 7, 5: 3, 6: 1 }));
}

export function drawProfile(r: Random, census: Census, service: SynthService): Profile {
  const age = drawAge(r);
  const gender = r.weighted({
    female: 0.936,
    male: 0.058,
    non_binary: 0.003,
    other: 0.001,
    not_known: 0.001,
    prefer_not_to_say: 0.001,
  });
  const localAuthority = drawArea(r, service.catchment);
  const ethnicity = drawEthnicity(r, census, service, localAuthority);
  const bornAbroad = r.chance(BORN_ABROAD[ethnicity] ?? (ethnicGroupOf(ethnicity) === 'asian' ? 0.5 : 0.15));
  const interpreterNeeded = bornAbroad && r.chance(0.2);
  const risk = r.weighted(RISK_BY_KIND[service.kind]);
  const children = drawChildren(r);
  const referralSource = drawReferralSource(r, risk, children);
  const marac = referralSource === 'marac' || r.chance(risk === 'high' ? 0.72 : risk === 'medium' ? 0.12 : 0.02);
  const relationship = r.chance(age > 60 ? 0.44 : 0.062)
    ? 'family_member'
    : r.weighted({ current_partner: 0.45, ex_partner: 0.53, other: 0.02 });
  const livingWithPerpetrator = r.chance(
    relationship === 'current_partner' ? 0.44 : relationship === 'family_member' ? 0.3 : 0.02,
  );
  const abuse = Object.fromEntries(
    ABUSE_TYPES.map((type) => [type, r.weighted(SEVERITY_BY_RISK[type][risk])]),
  ) as Record<AbuseType, Severity>;
  const disabled = r.weighted({ yes: 0.13, no: 0.78, not_known: 0.08, prefer_not_to_say: 0.01 });
  const needsMentalHealth = r.chance(disabled === 'yes' ? 0.7 : 0.38);
  const needsSelfHarm = r.chance(needsMentalHealth ? 0.33 : 0.055);
  let childrenSocialCare: SocialCare | null = children > 0 ? r.weighted(SOCIAL_CARE_BY_RISK[risk]) : null;
  if (
    referralSource === 'childrens_social_care' &&
    (childrenSocialCare === 'none' || childrenSocialCare === 'not_known')
  ) {
    childrenSocialCare = 'child_in_need';
  }
  const wellbeing = Math.max(0, Math.min(5, r.normal(needsMentalHealth ? 1.4 : 2.1, 0.7)));
  return {
    age,
    gender,
    ethnicity,
    localAuthority,
    bornAbroad,
    interpreterNeeded,
    risk,
    dash: drawDash(r, risk, service.settings),
    referralSource,
    marac,
    maracRepeat: marac && r.chance(0.31),
    relationship,
    livingWithPerpetrator,
    abuse,
    children,
    childrenSocialCare,
    needsMentalHealth,
    needsSelfHarm,
    needsSubstance: r.chance(0.08),
    needsAlcohol: r.chance(0.1),
    needsFinancial: r.chance(0.35),
    needsHousing: r.chance(livingWithPerpetrator ? 0.45 : 0.26),
    needsImmigration: bornAbroad && r.chance(0.3),
    disabled,
    wellbeing,
  };
}
