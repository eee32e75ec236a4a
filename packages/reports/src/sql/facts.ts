import type { Db } from '@harbour/db';
import { sql } from 'kysely';

const cache = new WeakMap<Db, Promise<ReadonlySet<string>>>();

/**
 * The column names of case_facts (migrations/0010_case_facts.sql): a frame column of the same
 * name is read from there instead of the case's responses. Read once per database handle: they
 * change only with a migration, and a column added later is merely not yet used.
 */
export function factColumns(db: Db): Promise<ReadonlySet<string>> {
  let columns = cache.get(db);
  if (!columns) {
    columns = sql<{ name: string }>`select attname as name from pg_attribute
      where attrelid = 'case_facts'::regclass and attnum > 0 and not attisdropped`
      .execute(db)
      .then(({ rows }) => new Set(rows.map((r) => r.name)));
    cache.set(db, columns);
    columns.catch(() => cache.delete(db));
  }
  return columns;
}
