/**
 * The core forms and codes the core report sections read (docs/data-dictionary.md). The core module is
 * part of every deployment; its field keys are the public data standard the report definitions
 * are written in, so the core sections name them here.
 */
import { and, answersOf, isTrue, numberField, oneOf, scoresOf, submitted } from '../sql/expressions';

export const INTAKE = 'core.intake';
export const EXIT = 'core.exit';
export const CLIENT_INTAKE = 'core.client_intake';
export const CLIENT_EXIT = 'core.client_exit';
/** Answered on numbered occasions: reviews while the case is open, follow-ups after it closed. */
export const REVIEW = 'core.review';
export const CLIENT_REVIEW = 'core.client_review';
export const FOLLOW_UP = 'core.client_follow_up';

export const intake = answersOf(INTAKE);
export const exit = answersOf(EXIT);
export const clientIntake = answersOf(CLIENT_INTAKE);
export const clientExit = answersOf(CLIENT_EXIT);
export const clientIntakeScores = scoresOf(CLIENT_INTAKE);
export const clientExitScores = scoresOf(CLIENT_EXIT);

export const hasIntake = submitted(INTAKE);
export const hasExit = submitted(EXIT);
/** Closed in the period with a submitted intake and a submitted exit. */
export const matched = and(hasIntake, hasExit);

export const ABUSE_TYPES = ['physical', 'sexual', 'harassment_stalking', 'jealous_controlling', 'economic'] as const;
export const ABUSE_LABELS: Record<(typeof ABUSE_TYPES)[number], string> = {
  physical: 'Physical abuse',
  sexual: 'Sexual abuse',
  harassment_stalking: 'Harassment and stalking',
  jealous_controlling: 'Jealous and controlling behaviour',
  economic: 'Economic abuse',
};
export const ABUSIVE_LEVELS = ['standard', 'moderate', 'high'];
export const KNOWN_LEVELS = ['none', ...ABUSIVE_LEVELS];

export const REFERRAL_GROUPS: { key: string; label: string; sources: string[] }[] = [
  { key: 'police', label: 'Police', sources: ['police'] },
  { key: 'marac', label: 'Marac', sources: ['marac'] },
  {
    key: 'health',
    label: 'Health',
    sources: ['health_ae', 'health_gp', 'health_maternity', 'health_mental_health', 'health_other'],
  },
  { key: 'social_care', label: 'Social care', sources: ['childrens_social_care', 'adult_social_care'] },
  { key: 'housing', label: 'Housing', sources: ['housing'] },
  { key: 'education', label: 'Education', sources: ['education'] },
  { key: 'criminal_justice', label: 'Criminal justice', sources: ['probation', 'criminal_justice_other'] },
  { key: 'voluntary_da', label: 'Voluntary sector and DA services', sources: ['voluntary_sector', 'da_service'] },
  { key: 'self_family', label: 'Self, family or friends', sources: ['self', 'family_friend'] },
  { key: 'other', label: 'Other', sources: ['other'] },
];

export const ETHNIC_GROUPS: { key: string; label: string; codes: string[] }[] = [
  {
    key: 'asian',
    label: 'Asian',
    codes: ['asian_bangladeshi', 'asian_chinese', 'asian_indian', 'asian_pakistani', 'asian_other'],
  },
  { key: 'black', label: 'Black', codes: ['black_african', 'black_caribbean', 'black_other'] },
  {
    key: 'mixed',
    label: 'Mixed',
    codes: ['mixed_white_asian', 'mixed_white_black_african', 'mixed_white_black_caribbean', 'mixed_other'],
  },
  {
    key: 'white',
    label: 'White',
    codes: ['white_british', 'white_irish', 'white_gypsy_traveller', 'white_roma', 'white_other'],
  },
  { key: 'other', label: 'Other ethnic group', codes: ['other_arab', 'other_any'] },
];
export const KNOWN_ETHNICITIES = ETHNIC_GROUPS.flatMap((g) => g.codes);

/** Adult age bands of the Census comparison; under-16s are counted on their own. */
export const AGE_BANDS: { key: string; label: string; from: number; to: number | null }[] = [
  { key: '16_24', label: '16–24', from: 16, to: 24 },
  { key: '25_34', label: '25–34', from: 25, to: 34 },
  { key: '35_49', label: '35–49', from: 35, to: 49 },
  { key: '50_64', label: '50–64', from: 50, to: 64 },
  { key: '65_plus', label: '65 and over', from: 65, to: null },
];

export const age = numberField(intake, 'age');
export const ageBetween = (from: number, to: number | null) =>
  to === null ? `(${age} >= ${from})` : `(${age} between ${from} and ${to})`;

export const NEEDS: { key: string; label: string }[] = [
  { key: 'needs_mental_health', label: 'Mental health' },
  { key: 'needs_self_harm', label: 'Self-harm or suicide attempt or plan' },
  { key: 'needs_substance_misuse', label: 'Substance misuse' },
  { key: 'needs_alcohol', label: 'Alcohol' },
  { key: 'needs_financial', label: 'Financial' },
  { key: 'needs_housing', label: 'Housing' },
  { key: 'needs_immigration', label: 'Immigration' },
];
/** Complex needs: two or more of mental health, self-harm, substance misuse and alcohol. */
export const COMPLEX_NEEDS = ['needs_mental_health', 'needs_self_harm', 'needs_substance_misuse', 'needs_alcohol'];
export const complexNeeds = `((${COMPLEX_NEEDS.map((need) => `(case when ${isTrue(intake, need)} then 1 else 0 end)`).join(' + ')}) >= 2)`;

export const SUPPORT: { key: string; label: string }[] = [
  { key: 'safety_planning', label: 'Safety planning' },
  { key: 'marac', label: 'Marac' },
  { key: 'criminal_justice', label: 'Criminal justice' },
  { key: 'civil_order', label: 'Civil order' },
  { key: 'housing', label: 'Housing' },
  { key: 'sanctuary', label: 'Sanctuary scheme' },
  { key: 'refuge', label: 'Refuge' },
  { key: 'finance_benefits', label: 'Finance and benefits' },
  { key: 'health', label: 'Health' },
  { key: 'mental_health', label: 'Mental health' },
  { key: 'substance_misuse', label: 'Substance misuse' },
  { key: 'children_parenting', label: 'Children and parenting' },
  { key: 'immigration', label: 'Immigration' },
  { key: 'counselling', label: 'Counselling' },
  { key: 'group_programme', label: 'Group programme' },
  { key: 'education_employment', label: 'Education and employment' },
  { key: 'other', label: 'Other' },
];

export const riskAtIntake = (levels: string[]) => oneOf(intake, 'risk_level', levels);
