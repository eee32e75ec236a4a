/** The bare tables the floor server writes (write-floor-server.ts), made and dropped by write-floor.ts. */
export const FLOOR_TABLES = {
  /** One row a save: the answers as they came. */
  saves: 'bench_write_floor',
  /** One row an imported line, as it came. */
  imports: 'bench_import_floor',
} as const;

export const FLOOR_TABLES_SQL = `
  create table ${FLOOR_TABLES.saves} (id uuid primary key, answers jsonb not null, revision integer not null default 1);
  create table ${FLOOR_TABLES.imports} (id bigint generated always as identity primary key, line jsonb not null);`;
