import { createDb, type Database, StatementShapes } from '@harbour/db';
import { type Kysely, sql } from 'kysely';

// compiling needs no connection: nothing here reaches a database
const db = createDb({ url: 'postgres://nobody@127.0.0.1:1/none', max: 1 });
afterAll(() => db.destroy());

type Values = { serviceId: string; caseId: string; flags: string[]; now: Date; consent: boolean | null };

const build = (db: Kysely<Database>, shape: string, v: Values) =>
  db
    .updateTable('cases')
    .set((eb) => ({
      flags: v.flags,
      updated_at: v.now,
      version: eb('version', '+', 1),
      ...(shape === 'consent' ? { consent_research: v.consent } : {}),
    }))
    .where('service_id', '=', v.serviceId)
    .where('id', '=', v.caseId)
    .where(sql<boolean>`${v.consent}::boolean is not false`)
    .returning('id');

const values = (n: number, consent: boolean | null): Values => ({
  serviceId: `6f1c2a7e-4b1d-4c3e-9a55-0d2b8e6f7a1${n}`,
  caseId: `0b7e4c9a-2f3d-4e5a-8b6c-1d2e3f4a5b6${n}`,
  flags: [`flag-${n}`, 'marac'],
  now: new Date(Date.UTC(2025, 3, n)),
  consent,
});

test('a statement compiled once per shape has the text and parameters of one compiled afresh, value for value', () => {
  let built = 0;
  const shapes = new StatementShapes<Database, Values, { id: string }>((db, shape, v) => {
    built += 1;
    return build(db, shape, v);
  });
  for (const [n, shape, consent] of [
    [1, 'plain', null],
    [2, 'plain', true],
    [3, 'consent', false],
    [4, 'consent', true],
  ] as const) {
    const fresh = build(db, shape, values(n, consent)).compile();
    const once = shapes.compile(db, shape, values(n, consent));
    expect(once.sql).toBe(fresh.sql);
    expect(once.parameters).toEqual(fresh.parameters);
  }
  expect(built).toBe(2); // one build for each of the two shapes
});
