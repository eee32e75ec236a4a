import { createServiceCommand, createUserCommand } from './admin';
import { demoCommand } from './demo';
import { migrateCommand } from './migrate';
import type { Command } from './types';

/** Every `harbour` command. A new command adds its file and a line here. */
export const COMMANDS: Command[] = [migrateCommand, createServiceCommand, createUserCommand, demoCommand];
