/**
 * Synthetic answers of the young people's forms, for a young person of 11 to 17 who is the
 * client. The generator writes the young person's core intake (their age and who harms them);
 * these forms follow it. Rates are assumptions in the spirit of SafeLives' young people's data
 * (abuse in their own relationships the most common, about one in five exploited, a third out of
 * education), not published figures.
 */
import { drawSome, type ModuleSynthetic, type SyntheticAnswers, type SyntheticForms } from '@harbour/forms';

const OWN_RELATIONSHIP = ['current_partner', 'ex_partner'];
const OUT_OF_EDUCATION_CODES = ['excluded', 'not_in_education'];

export const synthetic: ModuleSynthetic = {
  // Only young people's services switch the module on; no adult service does.
  adoption: 0,
  atIntake({ random: r, answersOf }): SyntheticForms {
    const core = answersOf('core.intake');
    if (typeof core?.age !== 'number' || core.age >= 18) return {};
    const ownRelationship = OWN_RELATIONSHIP.includes(String(core.perpetrator_relationship));
    const outOfEducation = r.chance(0.3);
    const contexts = drawSome(
      r,
      {
        own_relationship: ownRelationship ? 1 : 0,
        parent_carer: ownRelationship ? 0.15 : 0.55,
        sibling: 0.12,
        other_family: 0.08,
        sexual_exploitation: 0.14,
        criminal_exploitation: 0.09,
        peer_harmful_sexual_behaviour: 0.1,
      },
      'parent_carer',
    );
    const a: SyntheticAnswers = {
      abuse_contexts: contexts,
      education_status: outOfEducation
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
      agencies_involved: drawSome(
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
      a.relationship_abuse = drawSome(
        r,
        { emotional: 0.85, coercive_control: 0.6, online: 0.55, image_based: 0.22, physical: 0.4, sexual: 0.25 },
        'emotional',
      );
    }
    return { 'young-people.intake': a };
  },
  atExit({ random: r, outcome: o, answersOf }): SyntheticForms {
    const intake = answersOf('young-people.intake');
    if (!intake) return {};
    const outOfEducation = OUT_OF_EDUCATION_CODES.includes(String(intake.education_status));
    const backInEducation = outOfEducation ? r.chance(o.stopped ? 0.45 : 0.25) : r.chance(0.95);
    return {
      'young-people.exit': {
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
        support_received: drawSome(
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
      },
    };
  },
};
