/**
 * Answers of the optional modules' forms (mental health, migration, children), from the same
 * profile and outcome as the core forms so that, for example, PHQ-9 scores are higher where
 * mental-health needs were disclosed and improve more where the abuse stopped.
 */
import type { Outcome } from './outcome';
import type { Profile } from './profile';
import type { Random } from './random';
import type { Answers } from './types';

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.round(value)));
}

function someOf(r: Random, chances: Record<string, number>, atLeastOne?: string): string[] {
  const chosen = Object.entries(chances)
    .filter(([, chance]) => r.chance(chance))
    .map(([code]) => code);
  return chosen.length === 0 && atLeastOne ? [atLeastOne] : chosen;
}

// Mental health ------------------------------------------------------------------------------

export function mentalHealthIntake(r: Random, p: Profile): Answers {
  const a: Answers = {
    mh_conditions: p.needsMentalHealth
      ? someOf(
          r,
          {
            depression: 0.7,
            anxiety: 0.7,
            ptsd: 0.35,
            psychosis: 0.03,
            personality_disorder: 0.05,
            eating_disorder: 0.04,
            other: 0.05,
          },
          'depression',
        )
      : [],
    mh_current_support: r.chance(p.needsMentalHealth ? 0.45 : 0.03),
    mh_self_harm_12m: r.chance(p.needsSelfHarm ? 0.7 : 0.02),
    mh_suicidal_thoughts: r.chance(p.needsSelfHarm ? 0.8 : p.needsMentalHealth ? 0.2 : 0.03),
  };
  if (p.needsSelfHarm) a.mh_suicide_attempt_12m = r.chance(0.35);
  else if (r.chance(0.8)) a.mh_suicide_attempt_12m = false;
  return a;
}

/** Item level 0–3 of PHQ-9 and GAD-7 from the client's 0–5 wellbeing. */
function distressOf(wellbeing: number): number {
  return Math.max(0, 3 - wellbeing * 0.75);
}

function phqGad(r: Random, distress: number, selfHarm: boolean): Answers {
  const a: Answers = {};
  for (let i = 1; i <= 9; i++) a[`phq9_${i}`] = clamp(r.normal(distress, 0.7), 0, 3);
  a.phq9_9 = selfHarm && r.chance(0.6) ? r.int(1, 3) : r.chance(0.04) ? 1 : 0;
  for (let i = 1; i <= 7; i++) a[`gad7_${i}`] = clamp(r.normal(distress + 0.1, 0.7), 0, 3);
  return a;
}

export function mentalHealthClientIntake(r: Random, p: Profile): Answers {
  return phqGad(r, distressOf(p.wellbeing), p.needsSelfHarm);
}

export function mentalHealthClientExit(r: Random, p: Profile, o: Outcome): Answers {
  const wellbeing = p.wellbeing + (o.stopped ? 1.2 : 0.3) + r.normal(0, 0.4);
  return phqGad(r, distressOf(wellbeing), p.needsSelfHarm && !o.stopped);
}

export function mentalHealthExit(r: Random, p: Profile, o: Outcome): Answers {
  const referred = r.chance(p.needsMentalHealth ? 0.5 : 0.05);
  return {
    mh_referred: referred,
    mh_accessed: r.chance(referred ? 0.7 : 0.05),
    mh_improved: r.weighted(
      o.stopped ? { yes: 0.65, no: 0.2, not_known: 0.15 } : { yes: 0.35, no: 0.45, not_known: 0.2 },
    ),
  };
}

// Migration ----------------------------------------------------------------------------------

const EU = ['PL', 'RO', 'LT', 'BG', 'IT', 'PT', 'ES', 'LV', 'HU', 'SK', 'CZ', 'FR', 'DE'];
const COUNTRIES_BY_ETHNICITY: Record<string, string[]> = {
  asian_indian: ['IN'],
  asian_pakistani: ['PK'],
  asian_bangladeshi: ['BD'],
  asian_chinese: ['CN', 'HK', 'MY'],
  asian_other: ['LK', 'AF', 'PH', 'NP', 'VN'],
  black_african: ['NG', 'GH', 'SO', 'ZW', 'ER', 'SD', 'KE'],
  black_caribbean: ['JM', 'TT', 'BB'],
  black_other: ['NG', 'JM', 'US'],
  white_irish: ['IE'],
  white_roma: ['RO', 'SK', 'CZ', 'BG'],
  white_other: EU,
  other_arab: ['IQ', 'SY', 'EG', 'YE', 'SA'],
  other_any: ['IR', 'AF', 'TR', 'BR', 'CO'],
};
const FGM_CONCERN = new Set(['SO', 'SD', 'ER', 'EG']);

type Status =
  | 'british_irish'
  | 'eu_settled'
  | 'eu_pre_settled'
  | 'spouse_partner_visa'
  | 'other_visa'
  | 'asylum_seeker'
  | 'refugee'
  | 'no_status'
  | 'not_known';

export type MigrationFacts = { status: Status; nrpf: 'yes' | 'no' | 'not_known' };

export function migrationIntake(r: Random, p: Profile): { answers: Answers; facts: MigrationFacts } {
  const country = r.pick(COUNTRIES_BY_ETHNICITY[p.ethnicity] ?? [...EU, 'NG', 'IN', 'PK', 'US']);
  const yearsInUk = Math.min(p.age, clamp(Math.exp(r.normal(Math.log(6), 0.9)), 0, 60));
  let status: Status;
  if (country === 'IE') status = 'british_irish';
  else if (EU.includes(country)) status = r.weighted({ eu_settled: 0.6, eu_pre_settled: 0.3, not_known: 0.1 });
  else if (yearsInUk > 10 && r.chance(0.7)) status = 'british_irish';
  else
    status = r.weighted({
      british_irish: 0.2,
      spouse_partner_visa: 0.25,
      other_visa: 0.13,
      asylum_seeker: 0.1,
      refugee: 0.1,
      no_status: 0.1,
      not_known: 0.12,
    });
  const nrpfChance: Partial<Record<Status, number>> = {
    spouse_partner_visa: 0.7,
    other_visa: 0.6,
    no_status: 0.9,
    asylum_seeker: 0.5,
    eu_pre_settled: 0.3,
    not_known: 0.3,
  };
  const nrpf = r.chance(0.05) ? 'not_known' : r.chance(nrpfChance[status] ?? 0) ? 'yes' : 'no';
  const insecure = ['spouse_partner_visa', 'other_visa', 'no_status', 'asylum_seeker'].includes(status);
  const southAsianOrArab = p.ethnicity.startsWith('asian') || p.ethnicity === 'other_arab';
  const answers: Answers = {
    country_of_birth: country,
    years_in_uk: yearsInUk,
    immigration_status: status,
    nrpf,
    english_proficiency: p.interpreterNeeded
      ? r.weighted({ some: 0.5, none: 0.5 })
      : r.weighted({ fluent: 0.6, some: 0.37, none: 0.03 }),
    status_used_as_abuse: r.chance(insecure ? 0.4 : 0.05),
    documents_withheld: r.chance(insecure ? 0.25 : 0.06),
    forced_marriage: r.chance(southAsianOrArab ? 0.08 : 0.01),
    honour_based_abuse: r.chance(southAsianOrArab ? 0.12 : 0.02),
    fgm_concern: r.chance(FGM_CONCERN.has(country) ? 0.1 : 0.005),
    trafficking_concern: r.chance(0.02),
  };
  return { answers, facts: { status, nrpf } };
}

export function migrationExit(r: Random, p: Profile, facts: MigrationFacts): Answers {
  const spouse = facts.status === 'spouse_partner_visa';
  const insecure = spouse || ['other_visa', 'no_status', 'asylum_seeker'].includes(facts.status);
  return {
    legal_advice_accessed: r.chance(insecure ? 0.6 : 0.1),
    mvdac_application:
      spouse || facts.nrpf === 'yes'
        ? r.weighted({ not_applicable: 0.35, applied: 0.3, granted: 0.3, refused: 0.05 })
        : 'not_applicable',
    settlement_dv_application: spouse
      ? r.weighted({ not_applicable: 0.55, applied: 0.25, granted: 0.15, refused: 0.05 })
      : 'not_applicable',
    nrpf_resolved: facts.nrpf === 'yes' ? r.weighted({ yes: 0.45, no: 0.55 }) : 'not_applicable',
    safe_accommodation_secured: r.chance(0.6),
    interpreter_provided: r.chance(p.interpreterNeeded ? 0.9 : 0.02),
  };
}

// Children -----------------------------------------------------------------------------------

export type ChildFacts = { ref: string; livesWithClient: boolean; age: number; exposed: boolean };

export function childrenIntake(r: Random, p: Profile): { answers: Answers; children: ChildFacts[] } {
  const facts: ChildFacts[] = [];
  const children = Array.from({ length: p.children }, (_, i) => {
    const ref = `C${i + 1}`;
    const age = clamp(Math.abs(r.normal(6, 5)), 0, 17);
    const exposed = r.chance(0.85);
    const directlyHarmed = r.chance(exposed ? 0.62 : 0.15);
    const perpetratorIsParent = r.chance(0.75);
    const livesWithClient = r.chance(0.92);
    facts.push({ ref, livesWithClient, age, exposed });
    const child: Answers = {
      child_ref: ref,
      age,
      gender: r.weighted({ female: 0.49, male: 0.49, other: 0.005, not_known: 0.015 }),
      lives_with_client: livesWithClient,
      perpetrator_is_parent: perpetratorIsParent,
      exposed,
      directly_harmed: directlyHarmed,
      social_care_status: p.childrenSocialCare ?? 'not_known',
      school_concerns: age >= 5 && r.chance(0.35),
      behaviour_concerns: r.chance(0.3),
      harmful_behaviour: age >= 8 && r.chance(0.08),
      voice_of_child_recorded: r.chance(age >= 4 ? 0.65 : 0.1),
      father_engaged: perpetratorIsParent
        ? r.weighted({ yes: 0.15, no: 0.75, not_applicable: 0.1 })
        : r.weighted({ yes: 0.2, no: 0.2, not_applicable: 0.6 }),
    };
    if (directlyHarmed) {
      child.harm_types = someOf(r, { emotional: 0.9, physical: 0.4, neglect: 0.2, sexual: 0.05 }, 'emotional');
    }
    return child;
  });
  return { answers: { children }, children: facts };
}

export function childrenExit(r: Random, o: Outcome, children: ChildFacts[]): Answers {
  return {
    children: children.map((child) => {
      const a: Answers = {
        child_ref: child.ref,
        feels_safer: o.stopped
          ? r.weighted({ much_safer: 0.5, safer: 0.38, same: 0.08, less_safe: 0.01, not_known: 0.03 })
          : r.weighted({ much_safer: 0.15, safer: 0.4, same: 0.3, less_safe: 0.08, not_known: 0.07 }),
        relationship_with_safe_parent_improved: r.weighted(
          o.stopped ? { yes: 0.7, no: 0.2, not_known: 0.1 } : { yes: 0.45, no: 0.4, not_known: 0.15 },
        ),
        behaviour_improved: r.weighted(
          o.stopped ? { yes: 0.6, no: 0.25, not_known: 0.15 } : { yes: 0.35, no: 0.45, not_known: 0.2 },
        ),
        still_exposed: r.chance(o.stopped ? 0.05 : o.livingWithPerpetrator ? 0.6 : 0.3),
        voice_of_child_recorded: r.chance(0.6),
        support_received: someOf(r, {
          one_to_one: 0.5,
          group_work: 0.15,
          therapeutic: 0.2,
          parenting_support: 0.35,
          school_liaison: 0.25,
          safety_planning: 0.45,
        }),
      };
      if (r.chance(0.8)) a.school_improved = r.weighted({ yes: 0.5, no: 0.3, not_known: 0.2 });
      return a;
    }),
  };
}
