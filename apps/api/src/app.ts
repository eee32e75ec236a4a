import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { Db } from '@harbour/db';
import type { Registry } from '@harbour/forms';
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { secretHash } from './auth/tokens';
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
    registry: Registry;
    clock: () => Date;
    messenger: Messenger;
  }
}

/**
 * Signed-in callers are limited per session or token, everyone else per IP: a team behind one
 * office address (and the web app's in-process API calls) must not share one budget.
 */
function rateLimitKey(request: FastifyRequest): string {
  const bearer = request.headers.authorization;
  if (bearer?.startsWith('Bearer ')) return `token:${secretHash(bearer.slice(7).trim()).toString('base64url')}`;
  const session = /(?:^|;\s*)(?:__Host-)?harbour_session=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
  if (session) return `session:${secretHash(session).toString('base64url')}`;
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
  app.decorate('registry', deps.registry);
  app.decorate('clock', deps.clock ?? (() => new Date()));
  app.decorate('messenger', deps.messenger ?? createMessenger(deps.config));
  app.addHook('onClose', async () => app.messenger.email?.close?.());

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
