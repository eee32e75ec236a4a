/**
 * A young person of 11 to 17 as the client of a young people's service (their core intake; the
 * young-people module's synthetic hook answers its own forms), and the children's own
 * questionnaires, answered per child: answers drawn from the case's profile and outcome. Rates
 * are assumptions in the spirit of SafeLives' young people's data, not published figures.
 */
import type { Random } from './random';
import type { Answers } from './types';

/** The core intake of a young person: their age, who harms them, and who agreed to research. */
export function youngPersonCoreIntake(r: Random, answers: Answers): { answers: Answers; age: number } {
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
  return { answers: young, age: years };
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
