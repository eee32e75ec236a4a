import { databaseConfigOf, loadConfig } from '@harbour/api';
import { createDb, type Db, openDatabase } from '@harbour/db';

export type CliContext = {
  /** The database owner's connection (migrations, admin set-up, bulk loads). */
  owner: Db;
  ownerUrl: string;
  apiUrl: string;
  close(): Promise<void>;
};

/** Opens the same database `npm start` uses (embedded, or DATABASE_URL), migrated. */
export async function openCliContext(): Promise<CliContext> {
  const config = loadConfig();
  const database = await openDatabase(databaseConfigOf(config));
  const owner = createDb({ url: database.ownerUrl, max: 4, applicationName: 'harbour-cli' });
  return {
    owner,
    ownerUrl: database.ownerUrl,
    apiUrl: database.apiUrl,
    close: async () => {
      await owner.destroy();
      await database.close();
    },
  };
}
