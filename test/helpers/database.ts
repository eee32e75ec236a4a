import { randomBytes } from 'node:crypto';
import { apiRoleUrl, createDb, type Db, withDatabaseName } from '@harbour/db';
import pg from 'pg';

export const TEMPLATE_DATABASE = 'harbour_template';

export type TestDatabase = {
  name: string;
  /** Owner (superuser) URL: fixtures and assertions that must see past row-level security. */
  ownerUrl: string;
  /** The API role's URL, as the server uses it. */
  apiUrl: string;
  /** A Kysely instance on the owner URL, for arranging and asserting. */
  owner: Db;
  drop(): Promise<void>;
};

function serverUrl(): string {
  const url = process.env.HARBOUR_TEST_SERVER_URL;
  if (!url) throw new Error('The test database server is not running (jest globalSetup did not run).');
  return url;
}

/** A fresh database for one test file, cloned from the migrated template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: withDatabaseName(serverUrl(), 'postgres') });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const ownerUrl = withDatabaseName(serverUrl(), name);
  const apiUrl = await apiRoleUrl(ownerUrl);
  const owner = createDb({ url: ownerUrl, max: 3 });
  return {
    name,
    ownerUrl,
    apiUrl,
    owner,
    drop: async () => {
      await owner.destroy();
      const client = new pg.Client({ connectionString: withDatabaseName(serverUrl(), 'postgres') });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
