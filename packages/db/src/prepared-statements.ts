import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * Longest statement worth preparing. Request statements are short and repeat thousands of
 * times; report and export statements run rarely, and a generic plan would not know their periods.
 */
const MAX_TEXT = 4000;
/** Prepared statements a connection keeps at most (they live as long as the connection). */
const MAX_PER_CONNECTION = 500;

const nameOf = (text: string) => `h${createHash('sha1').update(text).digest('base64url').slice(0, 22)}`;

/**
 * Makes `client` prepare each short parameterised statement once and reuse it. Planning is most
 * of what PostgreSQL spends on a request's statements: row-level security adds its policies to
 * every one (measured: locking a case 0.53 ms unprepared, 0.15 ms prepared; docs/benchmarks.md).
 * Kysely sends text and values only, so the name (a hash of the text) is added here.
 */
export function prepareRepeatedStatements(client: pg.PoolClient): void {
  const original = client.query.bind(client) as (...args: unknown[]) => unknown;
  const prepared = new Set<string>();
  const query = (config: unknown, values?: unknown, callback?: unknown): unknown => {
    if (typeof config !== 'string' || !Array.isArray(values) || values.length === 0 || config.length > MAX_TEXT) {
      return original(config, values, callback);
    }
    const name = nameOf(config);
    if (!prepared.has(name)) {
      if (prepared.size >= MAX_PER_CONNECTION) return original(config, values, callback);
      prepared.add(name);
    }
    return original({ name, text: config, values }, callback);
  };
  client.query = query as typeof client.query;
}
