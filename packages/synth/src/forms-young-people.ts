/**
 * A young person of 11 to 17 as the client of a young people's service, and the children's own
 * questionnaires: answers drawn from the case's profile and outcome. Rates are assumptions in
 * the spirit of SafeLives' young people's data (abuse in their own relationships the most common,
 * about one in five exploited, a third out of education), not published figures.
 */
import type { Outcome } from './outcome';
import type { Random } from './random';
import type { Answers } from './types';

function someOf(r: Random, chances: Record<string, number>, atLeastOne: string): string[] {
  const chosen = Object.entries(chances)
    .filter(([, chance]) => r.chance(chance))
    .map(([code]) => code);
  return chosen.length === 0 ? [atLeastOne] : chosen;
}

/** What the young person's case is about, drawn once and shared by its intake and exit. */
export type YoungPersonFacts = { age: number; ownRelationship: boolean; outOfEducation: boolean };

/** The core intake of a young person: their age, who harms them, and who agreed to research. */
export function youngPersonCoreIntake(r: Random, answers: Answers): { answers: Answers; facts: YoungPersonFacts } {
  const age = r.weighted({ a11: 0.04, a12: 0.06, a13: 0.1, a14: 0.16, a15: 0.22, a16: 0.24, a17: 0.18 });
  const years = Number(age.slice(1));
  const ownRelationship = r.chance(years >= 14 ? 0.6 : 0.25);
  const relationship = ownRelationship
    ? r.weighted({ current_partner: 0.55, ex_partner: 0.45 })
    : r.weighted({ parent: 0.5, sibling: 0.2, family_member: 0.1, peer: 0.15, other: 0.05 });
  const young: Answers = {
    ...answers,
    age: years,
    perpetrator_relationship: relationship,
    living_with_perpetrator: relationship === 'parent' || relationship === 'sibling' ? r.chance(0.7) : false,
    children_in_household: 0,
  };
  delete young.pregnant;
  delete young.children_social_care;
  if (young.consent_research === true) {
    young.consent_basis = years >= 16 ? 'self' : r.weighted({ parent_carer: 0.7, gillick_competent: 0.3 });
  }
  const outOfEducation = r.chance(0.3);
  return { answers: young, facts: { age: years, ownRelationship, outOfEducation } };
}

export function youngPeopleIntake(r: Random, facts: YoungPersonFacts): Answers {
  const contexts = someOf(
    r,
    {
      own_relationship: facts.ownRelationship ? 1 : 0,
      parent_carer: facts.ownRelationship ? 0.15 : 0.55,
      sibling: 0.12,
      other_family: 0.08,
      sexual_exploitation: 0.14,
      criminal_exploitation: 0.09,
      peer_harmful_sexual_behaviour: 0.1,
    },
    'parent_carer',
  );
  const a: Answers = {
    abuse_contexts: contexts,
    education_status: facts.outOfEducation
      ? r.weighted({ excluded: 0.45, not_in_education: 0.55 })
      : r.weighted({ attending: 0.97, not_known: 0.03 }),
    gang_involvement: r.weighted({
      yes: contexts.includes('criminal_exploitation') ? 0.5 : 0.03,
      no: 0.85,
      not_known: 0.1,
    }),
    missing_episodes: r.chance(contexts.includes('sexual_exploitation') ? 0.5 : 0.1),
    lives_with: r.weighted({
      parents: 0.3,
      one_parent: 0.45,
      other_family: 0.1,
      foster_care: 0.08,
      residential_care: 0.04,
      independent: 0.03,
    }),
    agencies_involved: someOf(
      r,
      { school: 0.7, childrens_social_care: 0.45, camhs: 0.3, youth_justice: 0.08, police: 0.35 },
      'school',
    ),
    social_care_status: r.weighted({
      none: 0.4,
      early_help: 0.2,
      child_in_need: 0.2,
      child_protection: 0.12,
      looked_after: 0.08,
    }),
    safeguarding_referral: r.chance(0.35),
    trusted_adult: r.weighted({ yes: 0.45, no: 0.45, not_known: 0.1 }),
  };
  if (contexts.includes('own_relationship')) {
    a.relationship_abuse = someOf(
      r,
      { emotional: 0.85, coercive_control: 0.6, online: 0.55, image_based: 0.22, physical: 0.4, sexual: 0.25 },
      'emotional',
    );
  }
  return a;
}

export function youngPeopleExit(r: Random, facts: YoungPersonFacts, o: Outcome): Answers {
  const backInEducation = facts.outOfEducation ? r.chance(o.stopped ? 0.45 : 0.25) : r.chance(0.95);
  return {
    abuse_stopped: o.stopped ? r.weighted({ yes: 0.9, not_known: 0.1 }) : r.weighted({ no: 0.85, not_known: 0.15 }),
    feels_safer: o.stopped
      ? r.weighted({ much_safer: 0.45, safer: 0.4, same: 0.1, not_known: 0.05 })
      : r.weighted({ much_safer: 0.1, safer: 0.35, same: 0.35, less_safe: 0.1, not_known: 0.1 }),
    understands_healthy_relationships: r.weighted({ yes: 0.75, no: 0.1, not_known: 0.15 }),
    education_status: backInEducation ? 'attending' : r.weighted({ excluded: 0.4, not_in_education: 0.6 }),
    trusted_adult: r.weighted(
      o.stopped ? { yes: 0.8, no: 0.15, not_known: 0.05 } : { yes: 0.6, no: 0.3, not_known: 0.1 },
    ),
    safeguarding_referral: r.chance(0.2),
    support_received: someOf(
      r,
      {
        one_to_one: 0.9,
        healthy_relationships: 0.55,
        safety_planning: 0.6,
        online_safety: 0.4,
        school_liaison: 0.35,
        advocacy: 0.4,
        group_work: 0.1,
      },
      'one_to_one',
    ),
  };
}

// The child's own voice ---------------------------------------------------------------------

/** A child's (or young person's) own questionnaire: the 8–12 version below 13. */
export const voiceForm = (age: number, stage: 'intake' | 'exit') =>
  `children.voice_${age < 13 ? '8_12' : '13_18'}_${stage}`;

/** Children answer in a supervised session: most answer every question, some skip one. */
function skipSome(r: Random, answers: Answers): Answers {
  return Object.fromEntries(Object.entries(answers).filter(() => r.chance(0.93)));
}

/** At intake: a child living with abuse is often not safe, or only sometimes safe, at home. */
export function childVoiceIntake(r: Random, age: number, exposed: boolean): Answers {
  const a: Answers = {
    safe_at_home: exposed
      ? r.weighted({ safe: 0.3, sometimes_safe: 0.42, not_safe: 0.14, not_sure: 0.14 })
      : r.weighted({ safe: 0.6, sometimes_safe: 0.28, not_safe: 0.04, not_sure: 0.08 }),
    safe_elsewhere: r.weighted({ safe: 0.55, sometimes_safe: 0.32, not_safe: 0.05, not_sure: 0.08 }),
    worry: r.weighted({ not_much: 0.25, sometimes: 0.45, a_lot: 0.3 }),
    sleep: r.weighted({ well: 0.4, sometimes_badly: 0.4, badly: 0.2 }),
    school: r.weighted({ good: 0.3, okay: 0.4, hard: 0.26, not_going: 0.04 }),
    someone_to_talk_to: r.weighted({ yes: 0.55, no: 0.25, not_sure: 0.2 }),
  };
  if (age >= 13) a.safe_online = r.weighted({ safe: 0.5, sometimes_safe: 0.35, not_safe: 0.08, not_sure: 0.07 });
  return skipSome(r, a);
}

/** At exit: better, mostly, where the abuse stopped. */
export function childVoiceExit(r: Random, age: number, stopped: boolean): Answers {
  const good = stopped ? 0.75 : 0.45;
  const a: Answers = {
    safe_at_home: r.weighted({ safe: good, sometimes_safe: 0.85 - good, not_safe: 0.05, not_sure: 0.1 }),
    safe_elsewhere: r.weighted({ safe: good, sometimes_safe: 0.88 - good, not_safe: 0.04, not_sure: 0.08 }),
    worry: r.weighted({ not_much: good * 0.6, sometimes: 0.45, a_lot: 0.55 - good * 0.6 }),
    sleep: r.weighted({ well: good * 0.8, sometimes_badly: 0.35, badly: 0.65 - good * 0.8 }),
    school: r.weighted({ good: good * 0.6, okay: 0.4, hard: 0.57 - good * 0.6, not_going: 0.03 }),
    someone_to_talk_to: r.weighted({ yes: good + 0.1, no: 0.9 - good - 0.1, not_sure: 0.1 }),
    feels_safer:
      age < 13
        ? r.weighted({ safer: good, same: 0.95 - good, less_safe: 0.05 })
        : r.weighted({
            much_safer: good * 0.5,
            safer: good * 0.5,
            same: 0.88 - good,
            less_safe: 0.05,
            not_known: 0.07,
          }),
  };
  if (age >= 13) a.safe_online = r.weighted({ safe: 0.6, sometimes_safe: 0.3, not_safe: 0.04, not_sure: 0.06 });
  return skipSome(r, a);
}
