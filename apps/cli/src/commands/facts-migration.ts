import fs from 'node:fs';
import path from 'node:path';
import { createModuleRegistry } from '@harbour/api';
import { MIGRATIONS_DIR } from '@harbour/db';
import { factsMigrationSql } from '@harbour/reports';
import { optional, options } from '../args';
import type { Command } from './types';

const GENERATED = /^(\d{4})_case_facts_generated\.sql$/;

/** The newest generated case_facts migration, if any. */
export function newestFactsMigration(dir = MIGRATIONS_DIR): string | undefined {
  return fs
    .readdirSync(dir)
    .filter((name) => GENERATED.test(name))
    .sort()
    .at(-1);
}

export const factsMigrationCommand: Command = {
  name: 'facts-migration',
  summary: "write the case_facts migration for the installed modules' report figures, when they changed",
  usage: '[--number NNNN]  (the migration number; by default the next one)',
  async run(args) {
    const sql = factsMigrationSql(createModuleRegistry().modules());
    const newest = newestFactsMigration();
    if (newest && fs.readFileSync(path.join(MIGRATIONS_DIR, newest), 'utf8') === sql) {
      process.stdout.write(`${newest} already matches the installed modules.\n`);
      return;
    }
    const numbers = fs.readdirSync(MIGRATIONS_DIR).flatMap((name) => /^(\d{4})_/.exec(name)?.[1] ?? []);
    const number =
      optional(options(args, { number: { type: 'string' } }), 'number') ??
      String(Math.max(0, ...numbers.map(Number)) + 1).padStart(4, '0');
    if (!/^\d{4}$/.test(number)) throw new Error('--number must be four digits, e.g. 0031');
    const file = path.join(MIGRATIONS_DIR, `${number}_case_facts_generated.sql`);
    if (fs.existsSync(file) || numbers.includes(number)) throw new Error(`migration number ${number} is taken`);
    fs.writeFileSync(file, sql);
    process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
  },
};
