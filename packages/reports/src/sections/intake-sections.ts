/** Sections about who comes to the service: cases opened in the period, as recorded at intake. */
import type { FigureDef } from '../figure-def';
import { and, isTrue, numberField, oneOf, present } from '../sql/expressions';
import {
  ABUSE_LABELS,
  ABUSE_TYPES,
  ABUSIVE_LEVELS,
  AGE_BANDS,
  age,
  ageBetween,
  complexNeeds,
  ETHNIC_GROUPS,
  hasIntake,
  intake,
  KNOWN_ETHNICITIES,
  KNOWN_LEVELS,
  NEEDS,
  REFERRAL_GROUPS,
  riskAtIntake,
} from './core-forms';
import type { SectionDef } from './section-def';

const OPENED = 'Cases opened in the period with a submitted intake form.';

const openedRate = (key: string, label: string, numerator: string, denominator = hasIntake): FigureDef => ({
  key,
  label,
  population: 'opened',
  query: { kind: 'rate', denominator, numerator },
});

export const headline: SectionDef = {
  key: 'headline',
  title: 'Headline',
  population:
    'Counts: cases opened, closed, or open at any time in the period. Rates: cases opened in the period with a submitted intake form.',
  figures: [
    { key: 'cases_opened', label: 'Cases opened', population: 'opened', query: { kind: 'count', where: 'true' } },
    { key: 'cases_closed', label: 'Cases closed', population: 'closed', query: { kind: 'count', where: 'true' } },
    {
      key: 'cases_open',
      label: 'Cases open at any time in the period',
      population: 'open_any',
      query: { kind: 'count', where: 'true' },
    },
    openedRate('high_risk', 'High risk at intake', riskAtIntake(['high'])),
    openedRate('marac_referred', 'Referred to Marac', isTrue(intake, 'marac_referral')),
    openedRate(
      'with_children',
      'With children in the household',
      `(${numberField(intake, 'children_in_household')} >= 1)`,
    ),
  ],
};

export const referrals: SectionDef = {
  key: 'referrals',
  title: 'Referral routes',
  population: `${OPENED} Each beside the national rate for the same period; a route is flagged when the national rate lies above the upper end of the service's 95% interval.`,
  figures: REFERRAL_GROUPS.map((group) => ({
    ...openedRate(
      `referral_${group.key}`,
      group.label,
      oneOf(intake, 'referral_source', group.sources),
      and(hasIntake, present(intake, 'referral_source')),
    ),
    group: 'referral',
    benchmark: 'national' as const,
  })),
  charts: [
    {
      key: 'referral_routes',
      kind: 'bar',
      title: 'Referral routes (%), with the national rate',
      figures: REFERRAL_GROUPS.map((g) => `referral_${g.key}`),
    },
  ],
};

const GENDERS = [
  { key: 'female', label: 'Female' },
  { key: 'male', label: 'Male' },
  { key: 'non_binary', label: 'Non-binary' },
  { key: 'other', label: 'Other gender' },
];
const ORIENTATIONS = [
  { key: 'heterosexual', label: 'Heterosexual' },
  { key: 'gay_lesbian', label: 'Gay or lesbian' },
  { key: 'bisexual', label: 'Bisexual' },
  { key: 'other', label: 'Other sexual orientation' },
];

export const demographics: SectionDef = {
  key: 'demographics',
  title: 'Who the service reaches',
  population: `${OPENED} Shares are of clients whose answer is known. Sex and age are compared with the people who experience domestic abuse in the local authorities the clients live in (Census 2021 residents weighted by Crime Survey prevalence) and with the national dataset; ethnicity, disability and sexual orientation with the Census 2021 population of those local authorities.`,
  figures: [
    ...GENDERS.map(
      (g): FigureDef => ({
        ...openedRate(
          `gender_${g.key}`,
          g.label,
          oneOf(intake, 'gender', [g.key]),
          oneOf(
            intake,
            'gender',
            GENDERS.map((x) => x.key),
          ),
        ),
        group: 'gender',
        alsoNational: true,
        ...(g.key === 'female' || g.key === 'male' ? { benchmark: { abuseProfile: 'gender', category: g.key } } : {}),
      }),
    ),
    openedRate('age_under_16', 'Aged under 16', `(${age} < 16)`, `(${age} is not null)`),
    ...AGE_BANDS.map(
      (band): FigureDef => ({
        ...openedRate(`age_${band.key}`, `Aged ${band.label}`, ageBetween(band.from, band.to), `(${age} >= 16)`),
        group: 'age',
        benchmark: { abuseProfile: 'age', category: band.key },
        alsoNational: true,
      }),
    ),
    ...ETHNIC_GROUPS.map(
      (group): FigureDef => ({
        ...openedRate(
          `ethnicity_${group.key}`,
          group.label,
          oneOf(intake, 'ethnicity', group.codes),
          oneOf(intake, 'ethnicity', KNOWN_ETHNICITIES),
        ),
        group: 'ethnicity',
        benchmark: { census: 'ethnicity', category: group.key },
      }),
    ),
    {
      ...openedRate(
        'disabled',
        'Disabled',
        oneOf(intake, 'disability', ['yes']),
        oneOf(intake, 'disability', ['yes', 'no']),
      ),
      benchmark: { census: 'disability', category: 'yes' },
    },
    ...ORIENTATIONS.map(
      (o): FigureDef => ({
        ...openedRate(
          `sexual_orientation_${o.key}`,
          o.label,
          oneOf(intake, 'sexual_orientation', [o.key]),
          oneOf(
            intake,
            'sexual_orientation',
            ORIENTATIONS.map((x) => x.key),
          ),
        ),
        group: 'sexual_orientation',
        benchmark: { census: 'sexual_orientation', category: o.key },
      }),
    ),
    openedRate('trans', 'Trans', oneOf(intake, 'trans', ['yes']), oneOf(intake, 'trans', ['yes', 'no'])),
  ],
  charts: [
    {
      key: 'ethnicity',
      kind: 'bar',
      title: 'Ethnic group (%), with the local population',
      figures: ETHNIC_GROUPS.map((g) => `ethnicity_${g.key}`),
    },
    {
      key: 'age',
      kind: 'bar',
      title: 'Age, clients aged 16 and over (%), with people experiencing abuse locally',
      figures: AGE_BANDS.map((b) => `age_${b.key}`),
    },
  ],
};

const LINKAGE_ROW = 'l.service_id = frame.service_id and l.case_id = frame.id';
const LINKAGE_CHECKED = `exists (select 1 from case_linkage l where ${LINKAGE_ROW})`;
const LINKAGE_REPEAT = `exists (select 1 from case_linkage l where ${LINKAGE_ROW} and l.repeat_found)`;

export const risk: SectionDef = {
  key: 'risk',
  title: 'Risk at intake',
  population: OPENED,
  figures: [
    ...['high', 'medium', 'standard'].map(
      (level): FigureDef => ({
        ...openedRate(
          `risk_level_${level}`,
          `Risk level ${level}`,
          riskAtIntake([level]),
          riskAtIntake(['high', 'medium', 'standard']),
        ),
        group: 'risk_level',
      }),
    ),
    {
      key: 'dash_score_mean',
      label: 'Mean Dash score (0–24)',
      population: 'opened',
      query: { kind: 'mean', value: numberField(intake, 'dash_score') },
    },
    openedRate('marac_repeat', 'Discussed at Marac in the previous 12 months', isTrue(intake, 'marac_repeat')),
    openedRate(
      'repeat_self_reported',
      'Supported by this service in the previous 12 months (as recorded at intake)',
      isTrue(intake, 'repeat_client'),
    ),
    // the "known elsewhere" linkage (docs/linkage.md): of the cases whose client was checked, those
    // with a match in the region (any service, or this one) in the previous 12 months
    openedRate(
      'repeat_linkage',
      'Supported in the region in the previous 12 months (linkage, of clients checked)',
      LINKAGE_REPEAT,
      LINKAGE_CHECKED,
    ),
    openedRate('living_with_perpetrator', 'Living with the perpetrator', isTrue(intake, 'living_with_perpetrator')),
    openedRate('multiple_perpetrators', 'More than one perpetrator', isTrue(intake, 'multiple_perpetrators')),
    ...ABUSE_TYPES.map((type) =>
      openedRate(
        `abuse_${type}_at_intake`,
        `${ABUSE_LABELS[type]} at intake`,
        oneOf(intake, `abuse_${type}`, ABUSIVE_LEVELS),
        oneOf(intake, `abuse_${type}`, KNOWN_LEVELS),
      ),
    ),
  ],
  charts: [
    {
      key: 'abuse_at_intake',
      kind: 'bar',
      title: 'Abuse at intake, by type (%)',
      figures: ABUSE_TYPES.map((t) => `abuse_${t}_at_intake`),
    },
  ],
};

export const needs: SectionDef = {
  key: 'needs',
  title: 'Needs at intake',
  population: `${OPENED} Complex needs: two or more of mental health, self-harm, substance misuse and alcohol.`,
  figures: [
    ...NEEDS.map((need) => openedRate(need.key, need.label, isTrue(intake, need.key))),
    openedRate('complex_needs', 'Complex needs', complexNeeds),
    openedRate('interpreter_needed', 'Needed an interpreter', isTrue(intake, 'interpreter_needed')),
  ],
  charts: [{ key: 'needs', kind: 'bar', title: 'Needs at intake (%)', figures: NEEDS.map((n) => n.key) }],
};

const SOCIAL_CARE = [
  { key: 'none', label: 'No social care involvement' },
  { key: 'early_help', label: 'Early help' },
  { key: 'child_in_need', label: 'Child in need' },
  { key: 'child_protection', label: 'Child protection' },
  { key: 'looked_after', label: 'Looked after' },
];

const withChildren = `(${numberField(intake, 'children_in_household')} >= 1)`;

export const children: SectionDef = {
  key: 'children',
  title: 'Children at intake',
  population: `${OPENED} Social care shares are of households with children whose level is known.`,
  figures: [
    {
      key: 'children_in_households',
      label: 'Children in the households of clients',
      population: 'opened',
      childrenCounts: true,
      query: { kind: 'sum', value: numberField(intake, 'children_in_household') },
    },
    ...SOCIAL_CARE.map(
      (level): FigureDef => ({
        ...openedRate(
          `children_social_care_${level.key}`,
          level.label,
          oneOf(intake, 'children_social_care', [level.key]),
          and(
            withChildren,
            oneOf(
              intake,
              'children_social_care',
              SOCIAL_CARE.map((l) => l.key),
            ),
          ),
        ),
        group: 'children_social_care',
      }),
    ),
    openedRate('pregnant', 'Pregnant', oneOf(intake, 'pregnant', ['yes']), oneOf(intake, 'pregnant', ['yes', 'no'])),
  ],
};
