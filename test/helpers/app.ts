import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { buildApp, type Config, createModuleRegistry, loadConfig } from '@harbour/api';
import { createDb, type Db } from '@harbour/db';
import type { Registry } from '@harbour/forms';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { hashPassword } from '../../apps/api/src/auth/passwords';
import { secondFactorRequired, totpCode } from '../../apps/api/src/auth/second-factor';
import { contactSealer } from '../../apps/api/src/follow-up/contact';
import { loggerOptions } from '../../apps/api/src/logger';
import { Keyring } from '../../apps/api/src/security/keyring';
import { parseMasterKey } from '../../apps/api/src/security/master-key';
import { createTestDatabase, type TestDatabase } from './database';

export const TEST_PASSWORD = 'correct horse battery staple 1';
/** The master key of every test app (32 bytes, base64), so fixtures can seal what the app opens. */
export const TEST_MASTER_KEY = Buffer.alloc(32, 7).toString('base64');
/** The authenticator secret seedUser enrols for managers, researchers and admins. */
export const TEST_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
export const testKeyring = () => new Keyring(parseMasterKey(TEST_MASTER_KEY));
/** Seals synthetic follow-up contacts as a test app seals them, for the synthetic data's COPY path. */
export const testContactSealer = () => contactSealer(parseMasterKey(TEST_MASTER_KEY));

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

export type LogCapture = { lines: string[]; logger: FastifyServerOptions['logger'] };

/**
 * The server's own logger configuration (redaction, serializers) at trace level, writing every
 * line into `lines`: pass `logger` to buildTestApp to read what the app would log.
 */
export function captureTraceLogs(): LogCapture {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const options = loggerOptions(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'trace' })) as Record<string, unknown>;
  return { lines, logger: { ...options, stream } };
}

let cachedHash: Promise<string> | undefined;
/** argon2id of TEST_PASSWORD, computed once per file: hashing is slow on purpose. */
export function testPasswordHash(): Promise<string> {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  return cachedHash;
}

/** The real app on its own database cloned from the migrated template, as the API role. */
export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    HARBOUR_MASTER_KEY: TEST_MASTER_KEY,
    ...options.env,
  });
  const db = createDb({ url: database.apiUrl, max: 5 });
  const registry = options.registry ?? createModuleRegistry();
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

/** Starts the app listening on a free port of 127.0.0.1 and returns its origin, for real HTTP clients. */
export async function listenOnFreePort(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
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

/** Turns modules on for a service from a day (open-ended), as the owner. */
export async function activateModules(
  owner: Db,
  serviceId: string,
  moduleKeys: readonly string[],
  activeFrom = '2020-01-01',
): Promise<void> {
  await owner
    .insertInto('service_modules')
    .values(
      moduleKeys.map((key) => ({ service_id: serviceId, module_key: key, active_from: activeFrom, active_to: null })),
    )
    .execute();
}

/**
 * A user (and a membership when a service is given), with TEST_PASSWORD. Managers, researchers
 * and admins get TEST_TOTP_SECRET as their second factor (login() then completes it) unless
 * `secondFactor: false`.
 */
export async function seedUser(
  owner: Db,
  opts: {
    email: string;
    serviceId?: string;
    role?: 'practitioner' | 'manager';
    platformRole?: 'admin' | 'researcher';
    practitionerRole?: 'idva' | 'outreach' | 'ypva';
    secondFactor?: boolean;
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
  if (opts.secondFactor ?? secondFactorRequired(opts.platformRole ?? null, opts.role ? [opts.role] : [])) {
    await owner
      .updateTable('users')
      .set({
        totp_secret: testKeyring().sealUserSecret(user.id, 'totp_secret', TEST_TOTP_SECRET),
        totp_enabled_at: new Date(),
      })
      .where('id', '=', user.id)
      .execute();
  }
  return user.id;
}

// secrets of users the helper enrolled through the API (users created by admin routes)
const enrolledSecrets = new Map<string, string>();

/** Completes the second factor of a signed-in session with a fresh code, as an authenticator app would. */
export async function completeSecondFactor(
  app: FastifyInstance,
  email: string,
  cookie: string,
  remoteAddress?: string,
): Promise<void> {
  // each code works once; sign-ins in quick succession would reuse one, so tests lift the guard
  await app.db.updateTable('users').set({ totp_last_step: null }).where('email', '=', email.toLowerCase()).execute();
  const secret = enrolledSecrets.get(email.toLowerCase()) ?? TEST_TOTP_SECRET;
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/2fa/verify',
    headers: { cookie },
    payload: { code: totpCode(secret, app.clock()) },
    ...(remoteAddress ? { remoteAddress } : {}),
  });
  if (response.statusCode !== 200) throw new Error(`second factor of ${email} failed: ${response.body}`);
}

/** Sets up an authenticator for a signed-in user whose role requires one and who has none. */
export async function enrolSecondFactor(app: FastifyInstance, email: string, cookie: string): Promise<string[]> {
  const setup = await app.inject({ method: 'POST', url: '/api/v1/auth/2fa/setup', headers: { cookie } });
  if (setup.statusCode !== 200) throw new Error(`2fa setup of ${email} failed: ${setup.body}`);
  const secret: string = setup.json().secret;
  enrolledSecrets.set(email.toLowerCase(), secret);
  const enable = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/2fa/enable',
    headers: { cookie },
    payload: { code: totpCode(secret, app.clock()) },
  });
  if (enable.statusCode !== 200) throw new Error(`2fa enable of ${email} failed: ${enable.body}`);
  return enable.json().recoveryCodes;
}

/**
 * Signs in through the API and returns the Cookie header to send. The second factor is completed
 * (or, for a privileged user without one, set up) unless `secondFactor: false`.
 */
export async function login(
  app: FastifyInstance,
  email: string,
  password = TEST_PASSWORD,
  options: { secondFactor?: boolean; remoteAddress?: string } = {},
): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  });
  if (response.statusCode !== 200) throw new Error(`login of ${email} failed: ${response.statusCode} ${response.body}`);
  const found = response.cookies.find((c) => c.name.endsWith('harbour_session'));
  if (!found) throw new Error('no session cookie');
  const cookie = `${found.name}=${found.value}`;
  if (options.secondFactor === false || response.json().mustChangePassword) return cookie;
  if (response.json().secondFactorRequired) {
    await completeSecondFactor(app, email, cookie, options.remoteAddress);
  } else {
    const status = await app.inject({ method: 'GET', url: '/api/v1/auth/2fa', headers: { cookie } });
    if (status.statusCode === 200 && status.json().required && !status.json().enabled) {
      await enrolSecondFactor(app, email, cookie);
    }
  }
  return cookie;
}

/** login() under the name the security suite uses: signs in and passes the second factor. */
export const loginWithSecondFactor = (app: FastifyInstance, email: string) => login(app, email);

/** How many of a service's cases have a reference starting with `prefix` (the rows an import wrote). */
export async function countCasesWithReference(t: TestApp, serviceId: string, prefix: string): Promise<number> {
  const row = await t.owner
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('service_id', '=', serviceId)
    .where('reference', 'like', `${prefix}%`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type QuestionnaireCase = { serviceId: string; workerId: string; caseId: string; cookie: string };

/**
 * What a client questionnaire link needs: a service with the mental-health module on (from
 * 2025-01-01), its practitioner pat@example.org signed in, and a case of theirs opened 2025-03-12.
 */
export async function seedQuestionnaireCase(t: TestApp): Promise<QuestionnaireCase> {
  const serviceId = await seedService(t.owner);
  const workerId = await seedUser(t.owner, { email: 'pat@example.org', serviceId, role: 'practitioner' });
  await activateModules(t.owner, serviceId, ['mental-health'], '2025-01-01');
  const kase = await t.owner
    .insertInto('cases')
    .values({ service_id: serviceId, worker_id: workerId, opened_at: '2025-03-12' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const cookie = await login(t.app, 'pat@example.org');
  return { serviceId, workerId, caseId: kase.id, cookie };
}
