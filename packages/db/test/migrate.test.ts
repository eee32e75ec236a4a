import { migrate } from '@harbour/db';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

test('applying the migrations again is a no-op', async () => {
  const before = await sql<{ n: number }>`select count(*)::int n from harbour_migrations`.execute(db.owner);
  const result = await migrate(db.ownerUrl);
  expect(result.applied).toEqual([]);
  expect(result.alreadyApplied.length).toBe(before.rows[0]?.n);
});

test('two migrators started at once do not collide', async () => {
  const results = await Promise.all([migrate(db.ownerUrl), migrate(db.ownerUrl), migrate(db.ownerUrl)]);
  for (const r of results) expect(r.applied).toEqual([]);
  const dupes = await sql<{
    n: number;
  }>`select count(*)::int n from (select name from harbour_migrations group by name having count(*) > 1) d`.execute(
    db.owner,
  );
  expect(dupes.rows[0]?.n).toBe(0);
});
