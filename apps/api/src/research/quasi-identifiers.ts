/**
 * The quasi-identifiers of a research export and their generalisation levels. k-anonymity is
 * checked over age band, gender, ethnicity, disability, region and month of opening:
 *
 * - level 0: as exported (10-year age bands, detailed ethnicity, region, month);
 * - level 1: a case whose level-0 group has fewer than k cases gets wider age bands, the
 *   ethnicity's high-level Census group, the nation instead of the region, quarters instead
 *   of months, and non-binary / other gender merged into `other`;
 * - level 2: a case whose level-1 group is still smaller than k has them all blanked.
 *
 * A generalised case is indistinguishable from every case of its level-1 group (≥ k), and a
 * blanked one from every case of the export.
 */
import { type RawBuilder, sql } from 'kysely';
import { ENGLISH_LA_REGIONS } from './regions';

export type Band = { code: string; label: string; from: number; to: number };

const band = (from: number, to: number | null): Band => ({
  code: to === null ? `${from}+` : `${from}-${to}`,
  label: to === null ? `${from} and over` : `${from}–${to}`,
  from,
  to: to ?? 999,
});

export const AGE_BANDS: Band[] = [
  band(13, 15),
  band(16, 24),
  band(25, 34),
  band(35, 44),
  band(45, 54),
  band(55, 64),
  band(65, null),
];
export const WIDE_AGE_BANDS: Band[] = [band(13, 24), band(25, 44), band(45, 64), band(65, null)];
export const CHILD_AGE_BANDS: Band[] = [band(0, 4), band(5, 10), band(11, 15), band(16, 17)];

export function bandOf(bands: Band[], value: unknown): string | null {
  if (typeof value !== 'number') return null;
  return bands.find((b) => value >= b.from && value <= b.to)?.code ?? null;
}

export const ETHNICITY_GROUPS = [
  { code: 'asian', label: 'Asian (any)' },
  { code: 'black', label: 'Black (any)' },
  { code: 'mixed', label: 'Mixed or multiple (any)' },
  { code: 'white', label: 'White (any)' },
  { code: 'other', label: 'Other ethnic group (any)' },
];

export type KLevel = 0 | 1 | 2;

/** A date (ISO) at the period resolution of its case's k-anonymity level. */
export function periodOf(date: unknown, level: KLevel): string | null {
  if (typeof date !== 'string' || !/^\d{4}-\d{2}/.test(date) || level === 2) return null;
  const month = date.slice(0, 7);
  if (level === 0) return month;
  return `${date.slice(0, 4)}-Q${Math.ceil(Number(date.slice(5, 7)) / 3)}`;
}

function bandCase(bands: Band[], value: RawBuilder<unknown>): RawBuilder<string> {
  const whens = bands.map((b) => sql`when ${value} between ${b.from} and ${b.to} then ${b.code}::text`);
  return sql<string>`case ${sql.join(whens, sql` `)} end`;
}

/**
 * The intake answers the quasi-identifiers are made of, read once per case: a lateral subquery
 * `a` over the submitted core intake `i`. (Written inline, PostgreSQL would extract the age from
 * the JSON once for every band it is compared with; `offset 0` keeps the subquery whole.)
 */
export function intakeQuasiAnswers(): RawBuilder<unknown> {
  return sql`lateral (
    select case when jsonb_typeof(i.answers->'age') = 'number' then (i.answers->>'age')::int end as age,
      i.answers->>'gender' as gender, i.answers->>'ethnicity' as ethnicity,
      i.answers->>'disability' as disability, i.answers->>'local_authority' as local_authority
    offset 0
  ) a`;
}

/**
 * The quasi-identifier columns at levels 0 and 1, computed in SQL from the case (`c`) and its
 * intake answers (`a`, see intakeQuasiAnswers), so that PostgreSQL counts the groups.
 */
export function quasiIdentifierColumns(): RawBuilder<unknown> {
  const region = sql`(${JSON.stringify(ENGLISH_LA_REGIONS)}::jsonb ->> a.local_authority)`;
  return sql`
    ${bandCase(AGE_BANDS, sql`a.age`)} as age0,
    ${bandCase(WIDE_AGE_BANDS, sql`a.age`)} as age1,
    a.gender as gender0,
    case when a.gender in ('non_binary', 'other') then 'other' else a.gender end as gender1,
    a.ethnicity as ethnicity0,
    case when a.ethnicity in ('not_known', 'prefer_not_to_say') then a.ethnicity
      else split_part(a.ethnicity, '_', 1) end as ethnicity1,
    a.disability,
    case left(a.local_authority, 1) when 'E' then ${region} when 'W' then 'W92000004' when 'S' then 'S92000003'
      when 'N' then 'N92000002' end as region0,
    case left(a.local_authority, 1) when 'E' then 'E92000001' when 'W' then 'W92000004' when 'S' then 'S92000003'
      when 'N' then 'N92000002' end as region1,
    to_char(c.opened_at::timestamp, 'YYYY-MM') as month0,
    to_char(c.opened_at::timestamp, 'YYYY-"Q"Q') as month1`;
}

/**
 * CTEs that give each row of `source` (which has the quasi-identifier columns and `columns`) its
 * k-anonymity level in `levelled`, from the sizes of its groups at levels 0 and 1. The groups are
 * counted by hashing rather than by window functions, which would sort every row twice; a
 * group's key is the text of a row of its values, which tells every combination apart (nulls
 * included).
 */
export function kLevelled(source: string, columns: string[], k: number): RawBuilder<unknown> {
  const from = sql.table(source);
  const kept = sql.join([...columns, ...QUASI_IDENTIFIER_COLUMNS].map((c) => sql.ref(`keyed.${c}`)));
  return sql`keyed as (
      select *, row(age0, gender0, ethnicity0, disability, region0, month0)::text as key0,
        row(age1, gender1, ethnicity1, disability, region1, month1)::text as key1
      from ${from}
    ), group0 as (
      select key0, count(*) as size from keyed group by key0
    ), group1 as (
      select key1, count(*) as size from keyed group by key1
    ), levelled as (
      select ${kept}, case when group0.size >= ${k} then 0 when group1.size >= ${k} then 1 else 2 end as k_level
      from keyed join group0 using (key0) join group1 using (key1)
    )`;
}

const QUASI_IDENTIFIER_COLUMNS = [
  'age0',
  'age1',
  'gender0',
  'gender1',
  'ethnicity0',
  'ethnicity1',
  'disability',
  'region0',
  'region1',
] as const;

export type QuasiIdentifierRow = {
  age0: string | null;
  age1: string | null;
  gender0: string | null;
  gender1: string | null;
  ethnicity0: string | null;
  ethnicity1: string | null;
  disability: string | null;
  region0: string | null;
  region1: string | null;
  k_level: KLevel;
};

export type QuasiIdentifier = 'age' | 'gender' | 'ethnicity' | 'disability' | 'region';

/** The value a row exports for a quasi-identifier at its level. */
export function quasiIdentifierValue(row: QuasiIdentifierRow, name: QuasiIdentifier): string | null {
  if (row.k_level === 2) return null;
  if (name === 'disability') return row.disability;
  const level = row.k_level === 0 ? '0' : '1';
  return row[`${name}${level}` as keyof QuasiIdentifierRow] as string | null;
}
