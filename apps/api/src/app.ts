import type { AddressInfo } from 'node:net';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { Db } from '@harbour/db';
import type { Registry } from '@harbour/forms';
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { Config } from './config';
import { createMessenger, type Messenger } from './follow-up/messenger';
import { loggerOptions } from './logger';
import auth from './plugins/auth';
import errors from './plugins/errors';
import openapi from './plugins/openapi';
import security from './plugins/security';
import routes from './routes';

export type AppDeps = {
  config: Config;
  /** Connected as the API role: owns nothing, cannot bypass row-level security. */
  db: Db;
  /** Report and research reads (a replica, as the API role there); `db` when there is none. */
  readDb?: Db;
  registry: Registry;
  /** Injected so tests can move time (session timeouts, link expiry). */
  clock?: () => Date;
  /** How clients and staff are messaged; by default from the configuration (follow-up/messenger.ts). */
  messenger?: Messenger;
  /** Replaces the logger options (tests capture log lines). */
  logger?: FastifyServerOptions['logger'];
};

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Db;
    /**
     * Where report and research statements read: a read replica (HARBOUR_READ_DATABASE_URL) kept
     * in step by logical replication, or `db`. Only reads: audits, export keys and settings stay on `db`.
     */
    readDb: Db;
    registry: Registry;
    clock: () => Date;
    messenger: Messenger;
    /** The base of absolute links given to people (client questionnaire links), without a trailing slash. */
    publicUrl(): string;
  }
}

/**
 * HARBOUR_PUBLIC_URL when set; otherwise the server's own address: HOST (a wildcard becomes
 * localhost) and the port it listens on, so `PORT=3999 npm start` hands out links to port 3999
 * (and `PORT=0` to the port it got). Before it listens (requests injected in-process) PORT.
 */
function publicUrlOf(app: FastifyInstance): string {
  if (app.config.publicUrl) return app.config.publicUrl;
  const address = app.server.listening ? (app.server.address() as AddressInfo | null) : null;
  const host = app.config.host;
  const name = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${address?.port ?? app.config.port}`;
}

/**
 * Signed-in callers are limited per session or token, everyone else per IP: a team behind one
 * office address (and the web app's in-process API calls) must not share one budget. A session
 * or token is a key only once it has been verified: a made-up cookie or Bearer value counts
 * against its sender's address like any other anonymous request.
 */
async function rateLimitKey(request: FastifyRequest): Promise<string> {
  const auth = await request.authenticated().catch(() => null);
  if (auth?.sessionHash) return `session:${auth.sessionHash.toString('base64url')}`;
  if (auth) return `token:${auth.tokenId}`;
  return `ip:${request.ip}`;
}

/** The application: plugins first (errors, security, auth), then the routes. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? loggerOptions(deps.config),
    bodyLimit: 1_048_576,
    trustProxy: deps.config.env === 'production',
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true } },
    genReqId: () => crypto.randomUUID(),
  });
  app.decorate('config', deps.config);
  app.decorate('db', deps.db);
  app.decorate('readDb', deps.readDb ?? deps.db);
  app.decorate('registry', deps.registry);
  app.decorate('clock', deps.clock ?? (() => new Date()));
  app.decorate('messenger', deps.messenger ?? createMessenger(deps.config));
  app.addHook('onClose', async () => app.messenger.email?.close?.());
  app.decorate('publicUrl', () => publicUrlOf(app));
  app.addHook('onListen', async () => {
    if (deps.config.env !== 'development' && !deps.config.publicUrl) {
      app.log.warn(
        `HARBOUR_PUBLIC_URL is not set: client links point at ${publicUrlOf(app)}, the address this server ` +
          'listens on; set HARBOUR_PUBLIC_URL to the address people reach Harbour at',
      );
    }
  });

  await app.register(errors);
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 262_144 });
  await app.register(helmet, { global: true, contentSecurityPolicy: false });
  await app.register(security);
  await app.register(rateLimit, {
    global: true,
    max: deps.config.rateLimitPerMinute,
    timeWindow: '1 minute',
    keyGenerator: rateLimitKey,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `Too many requests: try again in ${Math.ceil(context.ttl / 1000)} seconds`,
    }),
  });
  await app.register(openapi);
  await app.register(auth);
  await app.register(routes);
  return app;
}
