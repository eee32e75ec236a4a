/**
 * Every figure of Service A's report for 2025-04-01 to 2026-03-31, worked out by hand from the
 * fixture (fixture.ts). Wilson intervals: p̂ = x/n, z = 1.959964,
 * (p̂ + z²/2n ± z√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n), in %, one decimal. Means: t interval
 * mean ± t(0.975, n−1)·sd/√n with t(19) = 2.0930, t(12) = 2.1788, t(5) = 2.5706.
 * k = 5: counts 1–4 are hidden; a rate is hidden when its numerator or denominator is.
 *
 * Populations. Opened in the period: P1–P12, H1–H6, S1–S2, D1 = 21 cases; with a submitted
 * intake 20 (D1 has a draft). Closed in the period: P1–P11, O1–O3 = 14; with a submitted exit
 * (and intake) — matched — 13 (P11's exit is a draft). Open at any time: 21 opened + O1–O3 = 24
 * (E1 closed before the period, F1 opened after it).
 */
type Expected = {
  value: number | null;
  numerator?: number;
  denominator?: number;
  ci95?: [number, number];
  suppressed?: true;
  suppression?: 'primary' | 'secondary';
};

const count = (value: number): Expected => ({ value });
const rate = (numerator: number, denominator: number, ci95?: [number, number]): Expected => ({
  value: denominator > 0 ? Math.round((1000 * numerator) / denominator) / 10 : null,
  numerator,
  denominator,
  ...(ci95 ? { ci95 } : {}),
});
const mean = (value: number, n: number, ci95: [number, number]): Expected => ({ value, denominator: n, ci95 });
const hidden = (denominator?: number, suppression: 'primary' | 'secondary' = 'primary'): Expected => ({
  value: null,
  suppressed: true,
  suppression,
  ...(denominator !== undefined ? { denominator } : {}),
});

// Wilson intervals used below (x/n → [low, high] %).
const W12_20: [number, number] = [38.7, 78.1];
const W14_20: [number, number] = [48.1, 85.5];
const W0_20: [number, number] = [0, 16.1];
const W6_20: [number, number] = [14.5, 51.9];
const W18_20: [number, number] = [69.9, 97.2];
const W0_14: [number, number] = [0, 21.5];
const W13_13: [number, number] = [77.2, 100];
const W10_13: [number, number] = [49.7, 91.8];
const W0_13: [number, number] = [0, 22.8];
const W8_10: [number, number] = [49, 94.3];
const W11_13: [number, number] = [57.8, 95.7];
const W11_12: [number, number] = [64.6, 98.5];
const W8_8: [number, number] = [67.6, 100];
const W5_6: [number, number] = [43.6, 97];
const W6_6: [number, number] = [61, 100];
const W6_14: [number, number] = [21.4, 67.4]; // Wilson 6/14

const zeroOf20 = rate(0, 20, W0_20);
const none = rate(0, 0); // no one in the denominator: no rate, nothing to hide

export const expectedServiceA: Record<string, Record<string, Expected>> = {
  headline: {
    cases_opened: count(21),
    cases_closed: count(14),
    cases_open: count(24),
    high_risk: rate(12, 20, W12_20), // P1–P12 high
    marac_referred: rate(12, 20, W12_20), // P1–P12
    with_children: rate(14, 20, W14_20), // P (2 children) + S (1 child)
  },
  referrals: {
    referral_police: rate(12, 20, W12_20),
    referral_marac: zeroOf20,
    // health 6 (H) would reveal self_family 2 (S) by subtraction from the shown 20: the
    // secondary cell is the next-smallest non-zero one, health.
    referral_health: hidden(20, 'secondary'),
    referral_social_care: zeroOf20,
    referral_housing: zeroOf20,
    referral_education: zeroOf20,
    referral_criminal_justice: zeroOf20,
    referral_voluntary_da: zeroOf20,
    referral_self_family: hidden(20), // 2: primary
    referral_other: zeroOf20,
  },
  demographics: {
    gender_female: hidden(20, 'secondary'), // 18: secondary, protecting male 2
    gender_male: hidden(20), // 2: primary
    gender_non_binary: zeroOf20,
    gender_other: zeroOf20,
    age_under_16: zeroOf20,
    age_16_24: hidden(20), // S: 2, primary
    age_25_34: rate(12, 20, W12_20), // P
    age_35_49: hidden(20, 'secondary'), // H: 6, secondary (next-smallest non-zero)
    age_50_64: zeroOf20,
    age_65_plus: zeroOf20,
    ethnicity_asian: hidden(20, 'secondary'), // H: 6, secondary
    ethnicity_black: hidden(20), // S: 2, primary
    ethnicity_mixed: zeroOf20,
    ethnicity_white: rate(12, 20, W12_20),
    ethnicity_other: zeroOf20,
    disabled: rate(6, 20, W6_20), // H
    sexual_orientation_heterosexual: hidden(20, 'secondary'), // 18: secondary
    sexual_orientation_gay_lesbian: zeroOf20,
    sexual_orientation_bisexual: hidden(20), // 2: primary
    sexual_orientation_other: zeroOf20,
    trans: none,
  },
  risk: {
    risk_level_high: rate(12, 20, W12_20),
    risk_level_medium: hidden(20, 'secondary'), // 6: secondary, protecting standard 2
    risk_level_standard: hidden(20),
    // Dash: 12 × 16, 6 × 11, 2 × 5 → 268 / 20 = 13.4; sd 3.6764; ± 2.0930 × 3.6764 / √20 = ± 1.72
    dash_score_mean: mean(13.4, 20, [11.7, 15.1]),
    marac_repeat: zeroOf20,
    repeat_self_reported: zeroOf20,
    repeat_linkage: none, // no client of the fixture was checked against a linkage region
    living_with_perpetrator: rate(6, 20, W6_20), // H
    multiple_perpetrators: zeroOf20,
    abuse_physical_at_intake: rate(12, 20, W12_20), // P
    abuse_sexual_at_intake: zeroOf20,
    abuse_harassment_stalking_at_intake: hidden(20), // S: 2
    abuse_jealous_controlling_at_intake: rate(18, 20, W18_20), // P + H
    abuse_economic_at_intake: rate(6, 20, W6_20), // H
  },
  needs: {
    needs_mental_health: rate(12, 20, W12_20),
    needs_self_harm: zeroOf20,
    needs_substance_misuse: hidden(20), // S: 2 (needs are not a table with a total: no secondary)
    needs_alcohol: hidden(20),
    needs_financial: zeroOf20,
    needs_housing: rate(6, 20, W6_20),
    needs_immigration: zeroOf20,
    complex_needs: hidden(20), // S: substance misuse + alcohol = two of the four
    interpreter_needed: zeroOf20,
  },
  children: {
    children_in_households: count(26), // 12 × 2 + 2 × 1
    // Households with children and a known level: 14 (P 12 child_in_need, S 2 none).
    children_social_care_none: hidden(14),
    children_social_care_early_help: rate(0, 14, W0_14),
    children_social_care_child_in_need: hidden(14, 'secondary'), // secondary
    children_social_care_child_protection: rate(0, 14, W0_14),
    children_social_care_looked_after: rate(0, 14, W0_14),
    pregnant: none,
  },
  support: {
    // Cases closed with a submitted exit: P1–P10, O1–O3 = 13.
    support_safety_planning: rate(13, 13, W13_13),
    support_marac: rate(10, 13, W10_13),
    support_criminal_justice: rate(0, 13, W0_13),
    support_civil_order: hidden(13), // O: 3
    support_housing: hidden(13), // P1–P4: 4
    ...Object.fromEntries(
      [
        'sanctuary',
        'refuge',
        'finance_benefits',
        'health',
        'mental_health',
        'substance_misuse',
        'children_parenting',
        'immigration',
        'counselling',
        'group_programme',
        'education_employment',
        'other',
      ].map((s) => [`support_${s}`, rate(0, 13, W0_13)]),
    ),
    // 10 × 10 + 3 × 4 = 112 / 13 = 8.615; sd 2.6312; ± 2.1788 × 2.6312 / √13 = ± 1.59
    contacts_mean: mean(8.6, 13, [7, 10.2]),
    closure_planned: hidden(13, 'secondary'), // 11: secondary, protecting lost_contact 2
    closure_client_ended: rate(0, 13, W0_13),
    closure_lost_contact: hidden(13),
    closure_moved_away: rate(0, 13, W0_13),
    closure_transferred: rate(0, 13, W0_13),
    closure_other: rate(0, 13, W0_13),
  },
  outcomes: {
    abuse_stopped_physical: rate(13, 13, W13_13), // P1–P10 and O1–O3 high → none
    abuse_stopped_sexual: none,
    abuse_stopped_harassment_stalking: none,
    abuse_stopped_jealous_controlling: rate(8, 10, W8_10), // P: 8 none, 2 standard
    abuse_stopped_economic: none,
    all_abuse_stopped: rate(11, 13, W11_13), // all but P9, P10
    risk_reduced: rate(11, 13, W11_13), // high → standard/medium: P1–P8, O1–O3
    feels_safer: rate(11, 12, W11_12), // P10 not known; P9 same
    wellbeing_improved: rate(11, 13, W11_13),
    quality_of_life_improved: rate(8, 8, W8_8), // P1–P5 + O1–O3 known, all yes
  },
  client_voice: {
    // Closed in the period: P1–P11 and O1–O3 = 14; P1–P6 answered the client exit questionnaire.
    client_questionnaire_answered: rate(6, 14, W6_14),
    // P1–P6: safety 3 → 7,7,7,8,8,8: changes 4,4,4,5,5,5; mean 4.5, sd 0.5477, ± 2.5706 × 0.5477 / √6 = ± 0.57
    safety_change: mean(4.5, 6, [3.9, 5.1]),
    who5_change: mean(20, 6, [20, 20]), // 40 → 60 for all six: sd 0
    felt_listened_to: rate(5, 6, W5_6),
    support_helped_safety: none,
    would_recommend: rate(6, 6, W6_6),
  },
  so_what: {
    ...Object.fromEntries(
      ['all_abuse_stopped', 'risk_reduced'].flatMap((o) => [
        // Both outcomes: P1–P8 + O1–O3 of 13; the same 11 in each.
        [`${o}_by_support_safety_planning`, rate(11, 13, W11_13)],
        [`${o}_by_support_marac`, rate(8, 10, W8_10)], // P1–P10
        [`${o}_by_support_civil_order`, hidden()], // O: 3/3 — and its denominator, a subgroup count
        [`${o}_by_support_housing`, hidden()], // P1–P4: 4/4
        ...[
          'criminal_justice',
          'sanctuary',
          'refuge',
          'finance_benefits',
          'health',
          'mental_health',
          'substance_misuse',
          'children_parenting',
          'immigration',
          'counselling',
          'group_programme',
          'education_employment',
          'other',
        ].map((s) => [`${o}_by_support_${s}`, none]),
        [`${o}_by_risk_high`, rate(11, 13, W11_13)],
        [`${o}_by_risk_medium`, none],
        [`${o}_by_risk_standard`, none],
        [`${o}_by_disability_yes`, none],
        [`${o}_by_disability_no`, rate(11, 13, W11_13)],
        [`${o}_by_age_under_16`, none],
        [`${o}_by_age_16_24`, none],
        [`${o}_by_age_25_34`, rate(11, 13, W11_13)],
        [`${o}_by_age_35_49`, none],
        [`${o}_by_age_50_64`, none],
        [`${o}_by_age_65_plus`, none],
        [`${o}_by_ethnicity_asian`, none],
        [`${o}_by_ethnicity_black`, none],
        [`${o}_by_ethnicity_mixed`, none],
        [`${o}_by_ethnicity_white`, rate(11, 13, W11_13)],
        [`${o}_by_ethnicity_other`, none],
        // With children: P1–P10, 8/10; without: O1–O3, 3/3 (hidden). The two split the shown 13,
        // so "with children" is hidden too (secondary, on denominators).
        [`${o}_by_children_yes`, hidden(undefined, 'secondary')],
        [`${o}_by_children_no`, hidden()],
        [`${o}_by_complex_needs_yes`, none],
        [`${o}_by_complex_needs_no`, rate(11, 13, W11_13)],
      ]),
    ),
  },
  completeness: {
    // 20 intakes × 20 key fields; perpetrator_relationship never answered: 380 / 400.
    completeness_core_intake: { value: 95, numerator: 380, denominator: 400 },
    // 13 exits × 13 fields; P6–P10 quality of life and P10 feels safer not_known: 163 / 169.
    completeness_core_exit: { value: 96.4, numerator: 163, denominator: 169 },
    completeness_core_client_intake: { value: 100, numerator: 36, denominator: 36 }, // P1–P6 × 6
    completeness_core_client_exit: { value: 100, numerator: 48, denominator: 48 }, // P1–P6 × 8
    completeness_mental_health_intake: { value: 50, numerator: 6, denominator: 12 }, // mh_conditions unanswered
    completeness_mental_health_client_intake: { value: 100, numerator: 6, denominator: 6 },
    completeness_mental_health_client_exit: { value: 100, numerator: 6, denominator: 6 },
    completeness_mental_health_exit: { value: 66.7, numerator: 12, denominator: 18 }, // mh_improved unanswered
  },
  mental_health: {
    // PHQ-9 at intake 15,15,15,12,12,12: 13.5, sd 1.6432, ± 2.5706 × 1.6432 / √6 = ± 1.72
    phq9_intake_mean: mean(13.5, 6, [11.8, 15.2]),
    gad7_intake_mean: mean(10, 6, [10, 10]),
    // −10 × 3, −3 × 3: −6.5, sd 3.8341, ± 4.02
    phq9_change: mean(-6.5, 6, [-10.5, -2.5]),
    gad7_change: mean(-6, 6, [-6, -6]),
    phq9_reliable_improvement: hidden(6), // 3 of 6 fell by ≥ 6
    gad7_reliable_improvement: rate(6, 6, W6_6),
    mh_recovery: rate(6, 6, W6_6), // all cases at intake (PHQ-9 ≥ 10); none at exit
    mh_current_support: hidden(6), // 2 of 6
    mh_referred: rate(6, 6, W6_6),
    mh_accessed: rate(5, 6, W5_6),
  },
};
