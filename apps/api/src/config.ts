import { createHash } from 'node:crypto';
import path from 'node:path';
import type { DatabaseConfig } from '@harbour/db';
import envSchema from 'env-schema';

const schema = {
  type: 'object',
  properties: {
    NODE_ENV: { type: 'string', enum: ['development', 'test', 'production'], default: 'development' },
    PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 3000 },
    HOST: { type: 'string', default: '127.0.0.1' },
    DATABASE_URL: { type: 'string', pattern: '^postgres(ql)?://' },
    HARBOUR_API_DATABASE_URL: { type: 'string', pattern: '^postgres(ql)?://' },
    HARBOUR_READ_DATABASE_URL: { type: 'string', pattern: '^postgres(ql)?://' },
    HARBOUR_DATA_DIR: { type: 'string' },
    HARBOUR_DB_PORT: { type: 'integer', minimum: 1, maximum: 65535 },
    HARBOUR_PUBLIC_URL: { type: 'string', pattern: '^https?://' },
    HARBOUR_ADMIN_EMAIL: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$' },
    HARBOUR_ADMIN_PASSWORD: { type: 'string', minLength: 12 },
    HARBOUR_MASTER_KEY: { type: 'string', pattern: '^[A-Za-z0-9+/_-]{43}=?$' },
    HARBOUR_SECURE_COOKIES: { type: 'boolean' },
    HARBOUR_NEUTRAL_EXIT_URL: { type: 'string', pattern: '^https?://', default: 'https://www.bbc.co.uk/weather' },
    SESSION_IDLE_MINUTES: { type: 'integer', minimum: 1, maximum: 1440, default: 30 },
    SESSION_ABSOLUTE_HOURS: { type: 'integer', minimum: 1, maximum: 168, default: 12 },
    HARBOUR_RATE_LIMIT_PER_MINUTE: { type: 'integer', minimum: 10, default: 600 },
    HARBOUR_TEXT_PACK: { type: 'string' },
    HARBOUR_SMTP_URL: { type: 'string', pattern: '^smtps?://' },
    HARBOUR_MAIL_FROM: { type: 'string', minLength: 3, default: 'Feedback <no-reply@localhost>' },
    LOG_LEVEL: {
      type: 'string',
      enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      default: 'info',
    },
  },
  dependencies: { HARBOUR_ADMIN_PASSWORD: ['HARBOUR_ADMIN_EMAIL'] },
} as const;

type Env = {
  NODE_ENV: 'development' | 'test' | 'production';
  PORT: number;
  HOST: string;
  DATABASE_URL?: string;
  HARBOUR_API_DATABASE_URL?: string;
  HARBOUR_READ_DATABASE_URL?: string;
  HARBOUR_DATA_DIR?: string;
  HARBOUR_DB_PORT?: number;
  HARBOUR_PUBLIC_URL?: string;
  HARBOUR_ADMIN_EMAIL?: string;
  HARBOUR_ADMIN_PASSWORD?: string;
  HARBOUR_MASTER_KEY?: string;
  HARBOUR_SECURE_COOKIES?: boolean;
  HARBOUR_NEUTRAL_EXIT_URL: string;
  SESSION_IDLE_MINUTES: number;
  SESSION_ABSOLUTE_HOURS: number;
  HARBOUR_RATE_LIMIT_PER_MINUTE: number;
  HARBOUR_TEXT_PACK?: string;
  HARBOUR_SMTP_URL?: string;
  HARBOUR_MAIL_FROM: string;
  LOG_LEVEL: string;
};

export type Config = {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  databaseUrl: string | undefined;
  apiDatabaseUrl: string | undefined;
  /**
   * A replica (docs/scaling.md) that report and research reads use, as the API role there; every
   * write and every other read stays on the primary. Unset, they read the primary too.
   */
  readDatabaseUrl: string | undefined;
  dataDir: string;
  /**
   * Where the embedded database goes when the postgres user cannot reach `dataDir` (root, clone
   * under a mode-700 folder): one folder per clone under /var/lib/harbour. None when
   * HARBOUR_DATA_DIR is set: the given folder is used or start-up says why not.
   */
  fallbackDataDir: string | undefined;
  /** The embedded server's port: HARBOUR_DB_PORT, else 54329 when free, else any free port. */
  embeddedPort: number | undefined;
  /** HARBOUR_PUBLIC_URL without its trailing slash; unset, links use the address the server listens on. */
  publicUrl: string | undefined;
  admin: { email: string; password: string } | { email: string; password: undefined };
  masterKey: string | undefined;
  secureCookies: boolean;
  neutralExitUrl: string;
  session: { idleMs: number; absoluteMs: number };
  /** Requests a minute per session, token or (signed out) address. */
  rateLimitPerMinute: number;
  /** A JSON text pack (HARBOUR_TEXT_PACK): published instrument wording or translations. */
  textPackFile: string | undefined;
  /** The SMTP server of follow-up and digest email (smtp:// or smtps://, credentials in the URL). */
  smtpUrl: string | undefined;
  /** The sender of every email: neutral, saying nothing of the service. */
  mailFrom: string;
  logLevel: string;
};

/** The repository root (the same depth from src/ and dist/). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** `/var/lib/harbour/<clone folder name>-<digest of its path>`: stable across starts, distinct per clone. */
function fallbackDataDirOf(repoRoot: string): string {
  const digest = createHash('sha256').update(repoRoot).digest('hex').slice(0, 8);
  return path.join('/var/lib/harbour', `${path.basename(repoRoot)}-${digest}`);
}

/** Reads and checks the environment; a bad value stops start-up with a message naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  let parsed: Env;
  // An empty variable (as docker compose passes for an unset one) means "not set".
  const data = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  try {
    // env: false: only the variables given (tests pass their own; main passes process.env)
    parsed = envSchema<Env>({ schema, data, env: false, dotenv: false });
  } catch (error) {
    throw new Error(`Configuration error: ${(error as Error).message}`);
  }
  // Plain http only to this machine, and only in tests and development (the browser tests' own page).
  const localExit = /^http:\/\/(localhost|127\.0\.0\.1)(:[0-9]+)?(\/|$)/.test(parsed.HARBOUR_NEUTRAL_EXIT_URL);
  if (!parsed.HARBOUR_NEUTRAL_EXIT_URL.startsWith('https://') && !(localExit && parsed.NODE_ENV !== 'production')) {
    throw new Error('Configuration error: HARBOUR_NEUTRAL_EXIT_URL must be an https:// address');
  }
  return {
    env: parsed.NODE_ENV,
    port: parsed.PORT,
    host: parsed.HOST,
    databaseUrl: parsed.DATABASE_URL,
    apiDatabaseUrl: parsed.HARBOUR_API_DATABASE_URL,
    readDatabaseUrl: parsed.HARBOUR_READ_DATABASE_URL,
    dataDir: path.resolve(parsed.HARBOUR_DATA_DIR ?? path.join(REPO_ROOT, '.data')),
    fallbackDataDir: parsed.HARBOUR_DATA_DIR ? undefined : fallbackDataDirOf(REPO_ROOT),
    embeddedPort: parsed.HARBOUR_DB_PORT,
    publicUrl: parsed.HARBOUR_PUBLIC_URL?.replace(/\/$/, ''),
    admin: { email: parsed.HARBOUR_ADMIN_EMAIL ?? 'admin@localhost', password: parsed.HARBOUR_ADMIN_PASSWORD },
    masterKey: parsed.HARBOUR_MASTER_KEY,
    secureCookies: parsed.HARBOUR_SECURE_COOKIES ?? parsed.NODE_ENV === 'production',
    neutralExitUrl: parsed.HARBOUR_NEUTRAL_EXIT_URL,
    session: { idleMs: parsed.SESSION_IDLE_MINUTES * 60_000, absoluteMs: parsed.SESSION_ABSOLUTE_HOURS * 3_600_000 },
    rateLimitPerMinute: parsed.HARBOUR_RATE_LIMIT_PER_MINUTE,
    textPackFile: parsed.HARBOUR_TEXT_PACK,
    smtpUrl: parsed.HARBOUR_SMTP_URL,
    mailFrom: parsed.HARBOUR_MAIL_FROM,
    logLevel: parsed.LOG_LEVEL,
  };
}

/** How the server and the CLI open the database: DATABASE_URL, or the embedded one in the data folder. */
export function databaseConfigOf(config: Config, log?: (line: string) => void): DatabaseConfig {
  return {
    databaseUrl: config.databaseUrl,
    apiDatabaseUrl: config.apiDatabaseUrl,
    dataDir: path.join(config.dataDir, 'postgres'),
    fallbackDataDir: config.fallbackDataDir && path.join(config.fallbackDataDir, 'postgres'),
    embeddedPort: config.embeddedPort,
    ...(log ? { log } : {}),
  };
}
