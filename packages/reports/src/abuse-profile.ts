/**
 * Who experiences domestic abuse locally: the Census 2021 residents aged 16+ of each local
 * authority by sex and age band (TS009), each band weighted by the Crime Survey for England and
 * Wales (CSEW, ONS) prevalence of domestic abuse in the last year for that sex and age. A
 * service's clients are compared with this profile, not with the whole population, because the
 * general population is not the population that experiences abuse (men are about half of
 * residents and about three in ten of those who experience abuse).
 *
 * Published rates used (percent of people aged 16+ in households, abuse in the last year):
 * - by sex, year ending March 2022: women 6.9%, men 3.0% (ONS, "Domestic abuse victim
 *   characteristics, England and Wales: year ending March 2022");
 * - by sex and age, three years pooled to March 2017: women 16–19 10.5%, 20–24 9.6%; men 16–19
 *   6.9%, 20–24 5.5% (ONS, "Domestic abuse in England and Wales: year ending March 2017").
 * No rate by age is published here for ages 25 and over: those bands take their sex's overall
 * rate, which the methods page says. The survey misses people outside households and the most
 * isolated victims; the profile is a comparator, not a count of those needing a service.
 */
import { type CensusBand, sexByAgeTables } from './census';

type Sex = 'female' | 'male';

export const CSEW_PREVALENCE: Record<Sex, { overall: number; bands: Partial<Record<CensusBand, number>> }> = {
  female: { overall: 0.069, bands: { '16_19': 0.105, '20_24': 0.096 } },
  male: { overall: 0.03, bands: { '16_19': 0.069, '20_24': 0.055 } },
};

export const ABUSE_PROFILE_LABEL = 'People experiencing domestic abuse locally (Census 2021 × CSEW)';

const prevalence = (sex: Sex, band: CensusBand) => CSEW_PREVALENCE[sex].bands[band] ?? CSEW_PREVALENCE[sex].overall;

/** The report's age bands of clients aged 16+ as Census bands. */
const AGE_BANDS: Record<string, CensusBand[]> = {
  '16_24': ['16_19', '20_24'],
  '25_34': ['25_34'],
  '35_49': ['35_49'],
  '50_64': ['50_64'],
  '65_plus': ['65_74', '75_84', '85_plus'],
};

/** Every Census band of residents aged 16+, once. */
const ADULT_BANDS = Object.values(AGE_BANDS).flat();

export type AbuseProfileVariable = 'gender' | 'age';

/** The cells (sex, Census band) a report category covers. */
function cellsOf(variable: AbuseProfileVariable, category: string): [Sex, CensusBand][] | null {
  if (variable === 'gender') {
    return category === 'female' || category === 'male' ? ADULT_BANDS.map((band) => [category, band]) : null;
  }
  const bands = AGE_BANDS[category];
  return bands
    ? bands.flatMap((band): [Sex, CensusBand][] => [
        ['female', band],
        ['male', band],
      ])
    : null;
}

/**
 * The share (0–1) of a category among people expected to experience abuse, across the clients'
 * local authorities weighted by clients (as the Census comparison weights them). Null when no
 * client lives in a covered local authority.
 */
export function abuseProfileShare(
  variable: AbuseProfileVariable,
  category: string,
  clientsByAuthority: ReadonlyMap<string, number>,
): number | null {
  const cells = cellsOf(variable, category);
  if (!cells) return null;
  const tables = sexByAgeTables();
  let weight = 0;
  let share = 0;
  for (const [authority, clients] of clientsByAuthority) {
    const population = tables.get(authority);
    if (!population) continue;
    const expected = (sex: Sex, band: CensusBand) => (population[`${sex}_${band}`] ?? 0) * prevalence(sex, band);
    const total = ADULT_BANDS.reduce((sum, band) => sum + expected('female', band) + expected('male', band), 0);
    if (total <= 0) continue;
    weight += clients;
    share += (clients * cells.reduce((sum, [sex, band]) => sum + expected(sex, band), 0)) / total;
  }
  return weight > 0 ? share / weight : null;
}
