import type { Db } from '@harbour/db';
import { sql } from 'kysely';

/** What the case_facts table holds (migrations/0012_case_facts_by_form.sql). */
export type Facts = {
  /** Its column names: a frame column of the same name is read from there instead of the responses. */
  columns: ReadonlySet<string>;
  /** Per form with a `"c|<form>"` column, the key fields that column counts. */
  keyFields: ReadonlyMap<string, readonly string[]>;
};

const cache = new WeakMap<Db, Promise<Facts>>();

async function readFacts(db: Db): Promise<Facts> {
  const { rows } = await sql<{ name: string; fields: string[] | null }>`select attname as name,
      case when attname like 'c|%' then case_facts_key_fields(substr(attname, 3)) end as fields
    from pg_attribute where attrelid = 'case_facts'::regclass and attnum > 0 and not attisdropped`.execute(db);
  return {
    columns: new Set(rows.map((r) => r.name)),
    keyFields: new Map(rows.filter((r) => r.fields).map((r) => [r.name.slice(2), r.fields as string[]])),
  };
}

/**
 * Read once per database handle: the table changes only with a migration, and a column added
 * later is merely not yet used.
 */
export function factsOf(db: Db): Promise<Facts> {
  let facts = cache.get(db);
  if (!facts) {
    facts = readFacts(db);
    cache.set(db, facts);
    facts.catch(() => cache.delete(db));
  }
  return facts;
}

/**
 * The column that counts a form's answered key fields, when case_facts counts exactly `fields`
 * (else null: the figure counts them from the answered keys).
 */
export function answeredCountColumn(facts: Facts, form: string, fields: readonly string[]): string | null {
  const stored = new Set(facts.keyFields.get(form) ?? []);
  const same = stored.size === new Set(fields).size && fields.every((f) => stored.has(f));
  return same ? `"c|${form}"` : null;
}
