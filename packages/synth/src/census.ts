import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Random } from './random';

/** Census 2021 ethnic group codes of the data dictionary that TS021 counts. */
export const CENSUS_ETHNICITIES = [
  'asian_bangladeshi',
  'asian_chinese',
  'asian_indian',
  'asian_pakistani',
  'asian_other',
  'black_african',
  'black_caribbean',
  'black_other',
  'mixed_white_asian',
  'mixed_white_black_african',
  'mixed_white_black_caribbean',
  'mixed_other',
  'white_british',
  'white_irish',
  'white_gypsy_traveller',
  'white_roma',
  'white_other',
  'other_arab',
  'other_any',
] as const;
export type CensusEthnicity = (typeof CENSUS_ETHNICITIES)[number];

/** TS021 column names that differ from the data dictionary's codes. */
const TS021_COLUMN: Partial<Record<CensusEthnicity, string>> = {
  white_gypsy_traveller: 'white_gypsy_irish_traveller',
  other_any: 'other_any_other',
};

export type LocalAuthority = {
  code: string;
  name: string;
  population: number;
  /** Usual residents by ethnic group (TS021 counts). */
  ethnicity: Record<CensusEthnicity, number>;
};

export type Census = {
  /** England and Wales local authorities in ONS code order. */
  areas: LocalAuthority[];
  byCode: Map<string, LocalAuthority>;
};

/** The folder of the Census tables: `data/census` in the repository (sources in its SOURCES.md). */
export function defaultCensusDir(): string {
  return path.resolve(__dirname, '..', '..', '..', 'data', 'census');
}

const cache = new Map<string, Census>();

export function loadCensus(dir = defaultCensusDir()): Census {
  const cached = cache.get(dir);
  if (cached) return cached;
  const rows = parse(readFileSync(path.join(dir, 'ts021_ethnic_group_ltla.csv')), {
    columns: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];
  const areas = rows
    .map((row): LocalAuthority => {
      const ethnicity = {} as Record<CensusEthnicity, number>;
      for (const code of CENSUS_ETHNICITIES) ethnicity[code] = Number(row[TS021_COLUMN[code] ?? code] ?? 0);
      return { code: row.la_code as string, name: row.la_name as string, population: Number(row.total), ethnicity };
    })
    .sort((a, b) => a.code.localeCompare(b.code));
  const census = { areas, byCode: new Map(areas.map((a) => [a.code, a])) };
  cache.set(dir, census);
  return census;
}

export type Catchment = { code: string; weight: number }[];

/**
 * Where a service's clients live: mostly its home authority, the rest in its neighbours. The
 * tables carry no geography, so neighbours are the authorities next to it in ONS code order
 * (codes run through each county and region), weighted by population.
 */
export function catchmentOf(census: Census, homeCode: string, homeShare = 0.85, neighbours = 2): Catchment {
  const index = census.areas.findIndex((a) => a.code === homeCode);
  if (index < 0) throw new Error(`Unknown local authority ${homeCode}`);
  const around = census.areas
    .slice(Math.max(0, index - neighbours), index + neighbours + 1)
    .filter((a) => a.code !== homeCode);
  const aroundPopulation = around.reduce((sum, a) => sum + a.population, 0);
  return [
    { code: homeCode, weight: homeShare },
    ...around.map((a) => ({ code: a.code, weight: ((1 - homeShare) * a.population) / aroundPopulation })),
  ];
}

export function drawArea(random: Random, catchment: Catchment): string {
  let x = random.next();
  for (const { code, weight } of catchment) {
    x -= weight;
    if (x < 0) return code;
  }
  return (catchment[catchment.length - 1] as { code: string }).code;
}

/** An authority drawn in proportion to its population (for placing services). */
export function drawAreaByPopulation(random: Random, census: Census): string {
  const total = census.areas.reduce((sum, a) => sum + a.population, 0);
  let x = random.next() * total;
  for (const area of census.areas) {
    x -= area.population;
    if (x < 0) return area.code;
  }
  return (census.areas[census.areas.length - 1] as LocalAuthority).code;
}
