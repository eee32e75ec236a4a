import { createServiceCommand, createUserCommand } from './admin';
import { backupCommand } from './backup';
import { demoCommand } from './demo';
import { docsCommand } from './docs';
import { factsMigrationCommand } from './facts-migration';
import { migrateCommand } from './migrate';
import { restoreCommand } from './restore';
import { retentionCommand } from './retention';
import { rotateKeysCommand } from './rotate-keys';
import type { Command } from './types';

/** Every `harbour` command. A new command adds its file and a line here. */
export const COMMANDS: Command[] = [
  migrateCommand,
  createServiceCommand,
  createUserCommand,
  demoCommand,
  backupCommand,
  restoreCommand,
  rotateKeysCommand,
  retentionCommand,
  docsCommand,
  factsMigrationCommand,
];
