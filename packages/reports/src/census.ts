/**
 * Local population benchmarks from the Census 2021 tables of England and Wales (ONS, Open
 * Government Licence v3.0; see data/census/SOURCES.md). A client group's share is compared with
 * the population share of the local authorities the clients live in, weighted by how many
 * clients come from each.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

export type CensusVariable = 'gender' | 'age' | 'ethnicity' | 'disability' | 'sexual_orientation';

type Row = Record<string, string>;
/** For one local authority: the population of each category and of the variable's universe. */
type Shares = { categories: Record<string, number>; universe: number };

const CENSUS_DIR = path.resolve(__dirname, '../../../data/census');

const sum = (row: Row, columns: string[]) => columns.reduce((total, column) => total + Number(row[column] ?? 0), 0);
const bothSexes = (band: string) => [`female_${band}`, `male_${band}`];

/** Client categories (report codes) → census columns, and the universe each is a share of. */
const VARIABLES: Record<
  CensusVariable,
  { file: string; universe: (row: Row) => number; categories: Record<string, (row: Row) => number> }
> = {
  gender: {
    file: 'ts009_sex_by_age_ltla.csv',
    universe: (r) => sum(r, ['persons_16_plus']),
    categories: { female: (r) => sum(r, ['female_16_plus']), male: (r) => sum(r, ['male_16_plus']) },
  },
  age: {
    file: 'ts009_sex_by_age_ltla.csv',
    universe: (r) => sum(r, ['persons_16_plus']),
    categories: {
      '16_24': (r) => sum(r, [...bothSexes('16_19'), ...bothSexes('20_24')]),
      '25_34': (r) => sum(r, bothSexes('25_34')),
      '35_49': (r) => sum(r, bothSexes('35_49')),
      '50_64': (r) => sum(r, bothSexes('50_64')),
      '65_plus': (r) => sum(r, [...bothSexes('65_74'), ...bothSexes('75_84'), ...bothSexes('85_plus')]),
    },
  },
  ethnicity: {
    file: 'ts021_ethnic_group_ltla.csv',
    universe: (r) => sum(r, ['total']),
    categories: Object.fromEntries(
      ['asian', 'black', 'mixed', 'white', 'other'].map((group) => [group, (r: Row) => sum(r, [group])]),
    ),
  },
  disability: {
    file: 'ts038_disability_ltla.csv',
    universe: (r) => sum(r, ['total']),
    categories: { yes: (r) => sum(r, ['disabled']) },
  },
  sexual_orientation: {
    file: 'ts077_sexual_orientation_ltla.csv',
    // The question was voluntary: shares are of the residents who answered it.
    universe: (r) => sum(r, ['total']) - sum(r, ['not_answered']),
    categories: {
      heterosexual: (r) => sum(r, ['straight_heterosexual']),
      gay_lesbian: (r) => sum(r, ['gay_lesbian']),
      bisexual: (r) => sum(r, ['bisexual']),
      other: (r) => sum(r, ['other_sexual_orientation']),
    },
  },
};

export type CensusTables = Map<CensusVariable, Map<string, Shares>>;

let loaded: CensusTables | undefined;

/** The Census age bands of residents aged 16+ in TS009. */
export type CensusBand = '16_19' | '20_24' | '25_34' | '35_49' | '50_64' | '65_74' | '75_84' | '85_plus';

let sexByAge: Map<string, Record<string, number>> | undefined;

/** TS009 by local authority: residents by `<sex>_<band>` column, read once per process. */
export function sexByAgeTables(): Map<string, Record<string, number>> {
  if (sexByAge) return sexByAge;
  const rows = parse(readFileSync(path.join(CENSUS_DIR, VARIABLES.gender.file)), {
    columns: true,
    skip_empty_lines: true,
  }) as Row[];
  sexByAge = new Map(
    rows.map((row) => [
      row.la_code as string,
      Object.fromEntries(Object.entries(row).map(([column, value]) => [column, Number(value)])),
    ]),
  );
  return sexByAge;
}

/** The tables, read once per process (a few hundred kilobytes). */
export function censusTables(): CensusTables {
  if (loaded) return loaded;
  const files = new Map<string, Row[]>();
  const rowsOf = (file: string) => {
    let rows = files.get(file);
    if (!rows) {
      rows = parse(readFileSync(path.join(CENSUS_DIR, file)), { columns: true, skip_empty_lines: true }) as Row[];
      files.set(file, rows);
    }
    return rows;
  };
  loaded = new Map(
    Object.entries(VARIABLES).map(([variable, spec]) => [
      variable as CensusVariable,
      new Map(
        rowsOf(spec.file).map((row) => [
          row.la_code as string,
          {
            universe: spec.universe(row),
            categories: Object.fromEntries(Object.entries(spec.categories).map(([code, of]) => [code, of(row)])),
          },
        ]),
      ),
    ]),
  );
  return loaded;
}

/**
 * The population share (0–1) of a category across local authorities weighted by clients:
 * Σ_la w_la × pop_la(category) / pop_la(universe), w_la = clients from la / clients from any
 * covered la. Null when no client lives in a covered local authority.
 */
export function weightedPopulationShare(
  tables: CensusTables,
  variable: CensusVariable,
  category: string,
  clientsByAuthority: ReadonlyMap<string, number>,
): number | null {
  const table = tables.get(variable);
  let weight = 0;
  let share = 0;
  for (const [authority, clients] of clientsByAuthority) {
    const shares = table?.get(authority);
    const population = shares?.categories[category];
    if (!shares || population === undefined || shares.universe <= 0) continue;
    weight += clients;
    share += clients * (population / shares.universe);
  }
  return weight > 0 ? share / weight : null;
}
