/**
 * Region of a local authority, for research exports: the exact local authority of a client is
 * never exported, only its English region (ONS E12 code) or, outside England, its nation.
 *
 * Source: ONS "Local Authority District to Region" lookups (Open Government Licence v3.0),
 * written as code ranges. It covers the 2018, 2021 and 2023 district codes, so a case recorded
 * under a former district (for example E07000026 Allerdale) and one recorded under its successor
 * (E06000063 Cumberland) land in the same region. Wales, Scotland and Northern Ireland are nations.
 */

export const REGIONS = [
  { code: 'E12000001', label: 'North East' },
  { code: 'E12000002', label: 'North West' },
  { code: 'E12000003', label: 'Yorkshire and The Humber' },
  { code: 'E12000004', label: 'East Midlands' },
  { code: 'E12000005', label: 'West Midlands' },
  { code: 'E12000006', label: 'East of England' },
  { code: 'E12000007', label: 'London' },
  { code: 'E12000008', label: 'South East' },
  { code: 'E12000009', label: 'South West' },
  { code: 'W92000004', label: 'Wales' },
  { code: 'S92000003', label: 'Scotland' },
  { code: 'N92000002', label: 'Northern Ireland' },
] as const;

export const NATIONS = [
  { code: 'E92000001', label: 'England' },
  { code: 'W92000004', label: 'Wales' },
  { code: 'S92000003', label: 'Scotland' },
  { code: 'N92000002', label: 'Northern Ireland' },
] as const;

/** `prefix` + numbers `from`..`to` (inclusive), zero-padded to six digits. */
type CodeRange = [prefix: string, from: number, to?: number];

const ENGLISH_REGIONS: Record<string, CodeRange[]> = {
  E12000001: [
    ['E06', 1, 5],
    ['E06', 47],
    ['E06', 57],
    ['E08', 20, 24],
    ['E08', 37],
  ],
  E12000002: [
    ['E06', 6, 9],
    ['E06', 49, 50],
    ['E06', 63, 64],
    ['E07', 26, 31],
    ['E07', 117, 128],
    ['E08', 1, 15],
  ],
  E12000003: [
    ['E06', 10, 14],
    ['E06', 65],
    ['E07', 163, 169],
    ['E08', 16, 19],
    ['E08', 32, 36],
  ],
  E12000004: [
    ['E06', 15, 18],
    ['E06', 61, 62],
    ['E07', 32, 39],
    ['E07', 129, 142],
    ['E07', 150, 156],
    ['E07', 170, 176],
  ],
  E12000005: [
    ['E06', 19, 21],
    ['E06', 51],
    ['E07', 192, 199],
    ['E07', 218, 222],
    ['E07', 234, 239],
    ['E08', 25, 31],
  ],
  E12000006: [
    ['E06', 31, 34],
    ['E06', 55, 56],
    ['E07', 8, 12],
    ['E07', 66, 77],
    ['E07', 95, 103],
    ['E07', 143, 149],
    ['E07', 200, 206],
    ['E07', 240, 245],
  ],
  E12000007: [['E09', 1, 33]],
  E12000008: [
    ['E06', 35, 46],
    ['E06', 60],
    ['E07', 4, 7],
    ['E07', 61, 65],
    ['E07', 84, 94],
    ['E07', 105, 116],
    ['E07', 177, 181],
    ['E07', 207, 217],
    ['E07', 223, 229],
  ],
  E12000009: [
    ['E06', 22, 30],
    ['E06', 52, 54],
    ['E06', 58, 59],
    ['E06', 66],
    ['E07', 40, 53],
    ['E07', 78, 83],
    ['E07', 187, 191],
    ['E07', 246],
  ],
};

function expand([prefix, from, to = from]: CodeRange): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${String(from + i).padStart(6, '0')}`);
}

/** Every English local authority code Harbour knows, to its region code. */
export const ENGLISH_LA_REGIONS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(ENGLISH_REGIONS).flatMap(([region, ranges]) => ranges.flatMap(expand).map((la) => [la, region])),
);

const NATION_OF_PREFIX: Record<string, string> = { E: 'E92000001', W: 'W92000004', S: 'S92000003', N: 'N92000002' };

/** The region of an ONS local authority code (a nation outside England), or null when unknown. */
export function regionOf(localAuthority: string | null | undefined): string | null {
  if (!localAuthority) return null;
  const nation = NATION_OF_PREFIX[localAuthority[0] ?? ''];
  if (!nation) return null;
  if (nation !== 'E92000001') return nation;
  return ENGLISH_LA_REGIONS[localAuthority] ?? null;
}
