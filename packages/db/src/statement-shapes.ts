import { type Compilable, CompiledQuery, type Kysely } from 'kysely';

/** Stands for a named value while a statement's shape is compiled; never a real value. */
const PLACEHOLDER = '\u0000harbour-value:';

type Parameter = { name: string } | { constant: unknown };

/**
 * A statement built with Kysely on a hot path, compiled once per shape instead of on every
 * request (building and compiling a statement of several CTEs was a tenth of the API's CPU in
 * the recording benchmark's profile). `build` must give the same SQL text for the same `shape`
 * whatever the values: it may branch on the shape, and must pass each value to Kysely as it is
 * (never read, compare or transform it), so that each is one parameter of the statement.
 */
export class StatementShapes<DB, V extends Record<string, unknown>, R> {
  readonly #compiled = new Map<string, { sql: string; parameters: Parameter[] }>();

  constructor(private readonly build: (db: Kysely<DB>, shape: string, values: V) => Compilable<R>) {}

  /** The statement of `shape` with `values`; `db` (any instance or transaction) builds a shape not seen yet. */
  compile(db: Kysely<DB>, shape: string, values: V): CompiledQuery<R> {
    let compiled = this.#compiled.get(shape);
    if (!compiled) {
      const placeholders = Object.fromEntries(Object.keys(values).map((name) => [name, `${PLACEHOLDER}${name}`]));
      const query = this.build(db, shape, placeholders as V).compile();
      compiled = {
        sql: query.sql,
        parameters: query.parameters.map((p) =>
          typeof p === 'string' && p.startsWith(PLACEHOLDER) ? { name: p.slice(PLACEHOLDER.length) } : { constant: p },
        ),
      };
      this.#compiled.set(shape, compiled);
    }
    return CompiledQuery.raw(
      compiled.sql,
      compiled.parameters.map((p) => ('name' in p ? values[p.name] : p.constant)),
    ) as CompiledQuery<R>;
  }
}
