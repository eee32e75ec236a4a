import { AsyncLocalStorage } from 'node:async_hooks';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  PostgresDialect,
  type PostgresDialectConfig,
  PostgresDriver,
  type TransactionSettings,
} from 'kysely';

/**
 * The row-level security settings a transaction about to begin should start with, and checks
 * (SQL expressions the db package builds from checked values only) its first statement makes.
 */
type PendingSettings = { settings: Record<string, string>; checks: string[]; applied: boolean };

const pending = new AsyncLocalStorage<PendingSettings>();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WORD = /^[a-z_]{1,40}$/;

/**
 * Runs `begin` in the async context of `settings`: the transaction that `begin` starts sets them
 * in the same round trip as its BEGIN (when the Db was made by createDb). Returns whether it did,
 * so the caller sets them itself otherwise.
 */
export async function beginWithSettings<T>(
  settings: Record<string, string>,
  checks: string[],
  begin: (applied: () => boolean) => Promise<T>,
): Promise<T> {
  const store: PendingSettings = { settings, checks, applied: false };
  return pending.run(store, () => begin(() => store.applied));
}

/** `select set_config(...)` with the values inlined: only ids and role words, checked, never free text. */
function setConfigSql(settings: Record<string, string>, checks: string[]): string | null {
  const calls: string[] = [];
  for (const [name, value] of Object.entries(settings)) {
    if (!/^app\.[a-z_]+$/.test(name) || !(value === '' || UUID.test(value) || WORD.test(value))) return null;
    calls.push(`set_config('${name}', '${value}', true)`);
  }
  return `select ${[...calls, ...checks].join(', ')}`;
}

/**
 * Every statement is a round trip, and on these machines a round trip costs more CPU (system
 * calls on both sides) than most of the statements themselves: the tenant settings of a request's
 * transaction travel with its BEGIN, as one simple-protocol message.
 */
class SettingsAwareDriver extends PostgresDriver {
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const store = pending.getStore();
    const setConfig = store && !store.applied ? setConfigSql(store.settings, store.checks) : null;
    if (!store || !setConfig) return super.beginTransaction(connection, settings);
    store.applied = true; // transactions nested inside this one begin plainly
    const begin = [
      'start transaction',
      settings.isolationLevel ? `isolation level ${settings.isolationLevel}` : '',
      settings.accessMode ?? '',
    ]
      .filter(Boolean)
      .join(' ');
    try {
      await connection.executeQuery(CompiledQuery.raw(`${begin}; ${setConfig}`));
    } catch (error) {
      // Kysely rolls back only a transaction whose begin succeeded: never hand back an open one
      await connection.executeQuery(CompiledQuery.raw('rollback')).catch(() => undefined);
      throw error;
    }
  }
}

/** PostgreSQL as Kysely's dialect, with the tenant settings sent with each transaction's BEGIN. */
export class HarbourDialect extends PostgresDialect {
  readonly #config: PostgresDialectConfig;
  constructor(config: PostgresDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new SettingsAwareDriver(this.#config);
  }
}
