import { buildApp, type Config, INSTALLED_MODULES, loadConfig } from '@harbour/api';
import { createDb, type Db } from '@harbour/db';
import { createRegistry, type Registry } from '@harbour/forms';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { hashPassword } from '../../apps/api/src/auth/passwords';
import { createTestDatabase, type TestDatabase } from './database';

export const TEST_PASSWORD = 'correct horse battery staple 1';

export type TestApp = {
  app: FastifyInstance;
  database: TestDatabase;
  /** The API role's connection the app uses. */
  db: Db;
  owner: Db;
  registry: Registry;
  config: Config;
  /** Moves the app's clock (sessions, link expiry). */
  advance(ms: number): void;
  close(): Promise<void>;
};

export type TestAppOptions = {
  env?: Record<string, string>;
  logger?: FastifyServerOptions['logger'];
  registry?: Registry;
};

let cachedHash: Promise<string> | undefined;
/** argon2id of TEST_PASSWORD, computed once per file: hashing is slow on purpose. */
export function testPasswordHash(): Promise<string> {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  return cachedHash;
}

/** The real app on its own database cloned from the migrated template, as the API role. */
export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...options.env });
  const db = createDb({ url: database.apiUrl, max: 5 });
  const registry = options.registry ?? createRegistry(INSTALLED_MODULES);
  let offset = 0;
  const app = await buildApp({
    config,
    db,
    registry,
    clock: () => new Date(Date.now() + offset),
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
  });
  await app.ready();
  return {
    app,
    database,
    db,
    owner: database.owner,
    registry,
    config,
    advance: (ms) => {
      offset += ms;
    },
    close: async () => {
      await app.close();
      await db.destroy();
      await database.drop();
    },
  };
}

export type Seeded = { serviceId: string; userId: string; email: string };

/** A service, inserted as the owner (past row-level security). */
export async function seedService(
  owner: Db,
  name = 'Riverside Idva Service',
  extra: { sharesNationalDataset?: boolean } = {},
): Promise<string> {
  const row = await owner
    .insertInto('services')
    .values({
      name,
      kind: 'idva',
      local_authority: 'E06000001',
      settings: '{}',
      shares_national_dataset: extra.sharesNationalDataset ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A user (and a membership when a service is given), with TEST_PASSWORD. */
export async function seedUser(
  owner: Db,
  opts: {
    email: string;
    serviceId?: string;
    role?: 'practitioner' | 'manager';
    platformRole?: 'admin' | 'researcher';
    practitionerRole?: 'idva' | 'outreach' | 'ypva';
  },
): Promise<string> {
  const user = await owner
    .insertInto('users')
    .values({
      email: opts.email,
      name: opts.email.split('@')[0] ?? 'user',
      password_hash: await testPasswordHash(),
      platform_role: opts.platformRole ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (opts.serviceId && opts.role) {
    await owner
      .insertInto('memberships')
      .values({
        service_id: opts.serviceId,
        user_id: user.id,
        role: opts.role,
        practitioner_role: opts.practitionerRole ?? (opts.role === 'practitioner' ? 'idva' : null),
      })
      .execute();
  }
  return user.id;
}

/** Signs in through the API and returns the Cookie header to send. */
export async function login(app: FastifyInstance, email: string, password = TEST_PASSWORD): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`login of ${email} failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name.endsWith('harbour_session'));
  if (!cookie) throw new Error('no session cookie');
  return `${cookie.name}=${cookie.value}`;
}
