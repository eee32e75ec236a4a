import { createDb, type Db } from '@harbour/db';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database';

let t: TestDatabase;
let db: Db;
beforeAll(async () => {
  t = await createTestDatabase();
  db = createDb({ url: t.apiUrl, max: 1 }); // one connection: every statement below shares it
});
afterAll(async () => {
  await db.destroy();
  await t.drop();
});

const preparedStatements = () =>
  sql<{ statement: string }>`select statement from pg_prepared_statements order by statement`
    .execute(db)
    .then((r) => r.rows.map((row) => row.statement));

test('a short parameterised statement is prepared once per connection and reused', async () => {
  for (let i = 0; i < 3; i++) {
    const { rows } = await sql<{ n: number }>`select ${i}::int + 1 as n`.execute(db);
    expect(rows[0]?.n).toBe(i + 1);
  }
  expect((await preparedStatements()).filter((s) => s === 'select $1::int + 1 as n')).toHaveLength(1);
});

test('statements without values, and long ones, are not prepared', async () => {
  await sql`select 42 as unparameterised`.execute(db);
  const long = `select $1::int as n${', 1 as padding'.repeat(400)}`;
  await sql.raw(long.replace('$1', '1')).execute(db);
  await db.executeQuery({ sql: long, parameters: [1], query: { kind: 'RawNode' } } as never);
  const statements = await preparedStatements();
  expect(statements.some((s) => s.includes('unparameterised') || s.includes('padding'))).toBe(false);
});
