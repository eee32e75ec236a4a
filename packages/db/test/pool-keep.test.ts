import { createPool } from '@harbour/db';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

/** The backends the server has for an application name (seen by the database owner). */
async function backends(applicationName: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: t.ownerUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where application_name = $1 order by pid',
      [applicationName],
    );
    return rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}

test('a pool keeps its kept connections, the same backends, through idle time, and closes the others', async () => {
  const pool = createPool({ url: t.apiUrl, max: 5, keep: 2, idleMs: 100, applicationName: 'harbour-keep-test' });
  try {
    const clients = await Promise.all([1, 2, 3, 4, 5].map(() => pool.connect()));
    for (const client of clients) client.release();
    expect(await backends('harbour-keep-test')).toHaveLength(5);

    await new Promise((resolve) => setTimeout(resolve, 600));
    const kept = await backends('harbour-keep-test');
    expect(kept).toHaveLength(2);
    expect(pool.totalCount).toBe(2);

    // the next statements run on those same backends, with their caches
    const used = await Promise.all(
      [1, 2].map(async () => {
        const client = await pool.connect();
        try {
          return (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
        } finally {
          client.release();
        }
      }),
    );
    expect(used.sort()).toEqual(kept);
  } finally {
    await pool.end();
  }
});

test('without keep, an idle pool closes every connection', async () => {
  const pool = createPool({ url: t.apiUrl, max: 3, idleMs: 100, applicationName: 'harbour-nokeep-test' });
  try {
    const clients = await Promise.all([1, 2, 3].map(() => pool.connect()));
    for (const client of clients) client.release();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await backends('harbour-nokeep-test')).toHaveLength(0);
  } finally {
    await pool.end();
  }
});
