/**
 * Synthetic answers of the children forms: one entry per child of the household the core intake
 * recorded, with harm and social care that follow the client's, and exit answers matched to the
 * intake's children that improve more where the abuse stopped.
 */
import {
  drawSome,
  type ModuleSynthetic,
  roundedWithin,
  type SyntheticAnswers,
  type SyntheticForms,
} from '@harbour/forms';

export const synthetic: ModuleSynthetic = {
  adoption: 0.45,
  atIntake({ random: r, client: p }): SyntheticForms {
    if (p.children === 0 || !r.chance(0.9)) return {};
    const children = Array.from({ length: p.children }, (_, i) => {
      const age = roundedWithin(Math.abs(r.normal(6, 5)), 0, 17);
      const exposed = r.chance(0.85);
      const directlyHarmed = r.chance(exposed ? 0.62 : 0.15);
      const perpetratorIsParent = r.chance(0.75);
      const child: SyntheticAnswers = {
        child_ref: `C${i + 1}`,
        age,
        gender: r.weighted({ female: 0.49, male: 0.49, other: 0.005, not_known: 0.015 }),
        lives_with_client: r.chance(0.92),
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
        child.harm_types = drawSome(r, { emotional: 0.9, physical: 0.4, neglect: 0.2, sexual: 0.05 }, 'emotional');
      }
      return child;
    });
    return { 'children.intake': { children } };
  },
  atExit({ random: r, outcome: o, answersOf }): SyntheticForms {
    const atIntake = answersOf('children.intake')?.children;
    if (!Array.isArray(atIntake)) return {};
    const children = atIntake.map((child: SyntheticAnswers) => {
      const a: SyntheticAnswers = {
        child_ref: child.child_ref,
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
        support_received: drawSome(r, {
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
    });
    return { 'children.exit': { children } };
  },
};
