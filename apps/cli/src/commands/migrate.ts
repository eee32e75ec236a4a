import { databaseConfigOf, loadConfig } from '@harbour/api';
import { openDatabase } from '@harbour/db';
import type { Command } from './types';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'apply pending migrations (also done by npm start)',
  async run() {
    const config = loadConfig();
    const database = await openDatabase(databaseConfigOf(config, (line) => process.stdout.write(`${line}\n`)));
    process.stdout.write('Migrations are current.\n');
    await database.close();
  },
};
