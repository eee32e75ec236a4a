/**
 * Synthetic answers of the mental-health forms, from the same client and outcome as the core
 * forms: PHQ-9 and GAD-7 are higher where mental-health needs were disclosed and improve more
 * where the abuse stopped.
 */
import {
  drawSome,
  type ModuleSynthetic,
  roundedWithin,
  type SyntheticAnswers,
  type SyntheticForms,
  type SyntheticRandom,
} from '@harbour/forms';

/** Item level 0–3 of PHQ-9 and GAD-7 from the client's 0–5 wellbeing. */
function distressOf(wellbeing: number): number {
  return Math.max(0, 3 - wellbeing * 0.75);
}

function phqGad(r: SyntheticRandom, distress: number, selfHarm: boolean): SyntheticAnswers {
  const a: SyntheticAnswers = {};
  for (let i = 1; i <= 9; i++) a[`phq9_${i}`] = roundedWithin(r.normal(distress, 0.7), 0, 3);
  a.phq9_9 = selfHarm && r.chance(0.6) ? r.int(1, 3) : r.chance(0.04) ? 1 : 0;
  for (let i = 1; i <= 7; i++) a[`gad7_${i}`] = roundedWithin(r.normal(distress + 0.1, 0.7), 0, 3);
  return a;
}

export const synthetic: ModuleSynthetic = {
  adoption: 0.45,
  demoMonths: 12,
  atIntake({ random: r, client: p }): SyntheticForms {
    const answers: Record<string, SyntheticAnswers> = {
      'mental-health.client_intake': phqGad(r, distressOf(p.wellbeing), p.needsSelfHarm),
    };
    if (!r.chance(0.85)) return answers;
    const intake: SyntheticAnswers = {
      mh_conditions: p.needsMentalHealth
        ? drawSome(
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
    if (p.needsSelfHarm) intake.mh_suicide_attempt_12m = r.chance(0.35);
    else if (r.chance(0.8)) intake.mh_suicide_attempt_12m = false;
    return { 'mental-health.intake': intake, ...answers };
  },
  atExit({ random: r, client: p, outcome: o, answersOf }) {
    const answers: Record<string, SyntheticAnswers> = {};
    if (answersOf('mental-health.client_intake')) {
      const wellbeing = p.wellbeing + (o.stopped ? 1.2 : 0.3) + r.normal(0, 0.4);
      answers['mental-health.client_exit'] = phqGad(r, distressOf(wellbeing), p.needsSelfHarm && !o.stopped);
    }
    if (answersOf('mental-health.intake')) {
      const referred = r.chance(p.needsMentalHealth ? 0.5 : 0.05);
      answers['mental-health.exit'] = {
        mh_referred: referred,
        mh_accessed: r.chance(referred ? 0.7 : 0.05),
        mh_improved: r.weighted(
          o.stopped ? { yes: 0.65, no: 0.2, not_known: 0.15 } : { yes: 0.35, no: 0.45, not_known: 0.2 },
        ),
      };
    }
    return answers;
  },
};
