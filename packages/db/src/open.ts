import { createHmac } from 'node:crypto';
import pg from 'pg';
import { type EmbeddedServer, startEmbeddedPostgres } from './embedded';
import { freePortOr } from './free-port';
import { migrate } from './migrate';

const DEFAULT_EMBEDDED_PORT = 54329;

export type DatabaseConfig = {
  /** An existing server (owner/superuser credentials). Without it, an embedded server starts. */
  databaseUrl?: string | undefined;
  /** How the API connects; by default the harbour_api role on the same server. */
  apiDatabaseUrl?: string | undefined;
  /** Folder of the embedded server's data. */
  dataDir: string;
  /** Where the embedded server's data goes when the postgres user cannot reach `dataDir`. */
  fallbackDataDir?: string | undefined;
  /** The embedded server's port; without it 54329, or any free port when that is taken. */
  embeddedPort?: number | undefined;
  log?: (line: string) => void;
};

export type OpenDatabase = {
  /** Owner credentials: migrations, bulk loads, backups. Never used to serve requests. */
  ownerUrl: string;
  /** The API role's credentials: owns nothing, cannot bypass row-level security. */
  apiUrl: string;
  embedded: EmbeddedServer | null;
  close(): Promise<void>;
};

export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Creates `database` on the server of `url` unless it exists. */
export async function ensureDatabase(url: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabaseName(url, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } catch (error) {
    // a concurrent start may have created it between our check and our create
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
}

/**
 * Gives the harbour_api role a password derived from the owner's credentials, so every process
 * that shares the owner URL computes the same one and nothing extra is stored.
 */
export async function apiRoleUrl(ownerUrl: string): Promise<string> {
  const owner = new URL(ownerUrl);
  const password = createHmac('sha256', decodeURIComponent(owner.password) || ownerUrl)
    .update('harbour_api login')
    .digest('base64url');
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    // Roles are shared by the whole server: processes starting together (several API
    // instances, test files) may set the same password at once, and PostgreSQL then refuses
    // all but one with "tuple concurrently updated". Setting it again is harmless.
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`alter role harbour_api with login password ${client.escapeLiteral(password)}`);
        break;
      } catch (error) {
        if (attempt >= 5 || !/tuple concurrently updated/.test((error as Error).message)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
      }
    }
  } finally {
    await client.end();
  }
  const api = new URL(ownerUrl);
  api.username = 'harbour_api';
  api.password = password;
  return api.toString();
}

/** Starts or connects to PostgreSQL, applies pending migrations, and returns both connections. */
export async function openDatabase(config: DatabaseConfig): Promise<OpenDatabase> {
  let embedded: EmbeddedServer | null = null;
  let ownerUrl: string;
  if (config.databaseUrl) {
    ownerUrl = config.databaseUrl;
  } else {
    embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      ...(config.fallbackDataDir ? { fallbackDataDir: config.fallbackDataDir } : {}),
      port: config.embeddedPort ?? (await freePortOr(DEFAULT_EMBEDDED_PORT)),
      ...(config.log ? { log: config.log } : {}),
    });
    await ensureDatabase(embedded.url, 'harbour');
    ownerUrl = withDatabaseName(embedded.url, 'harbour');
  }
  const result = await migrate(ownerUrl);
  if (result.applied.length > 0) config.log?.(`applied migrations: ${result.applied.join(', ')}`);
  const apiUrl = config.apiDatabaseUrl ?? (await apiRoleUrl(ownerUrl));
  return { ownerUrl, apiUrl, embedded, close: async () => embedded?.stop() };
}
