import type { CallerCheck, MemberRole, PlatformRole, PractitionerRole, Tx } from '@harbour/db';
import { CALLER_CHANGED, withTenant } from '@harbour/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sql } from 'kysely';
import { secondFactorRequired } from '../auth/second-factor';
import { secretHash } from '../auth/tokens';
import { auditAlone } from '../lib/audit';
import { AppError, forbidden, notFound, unauthorized } from '../lib/errors';
import { type CachedSession, SessionCache } from './session-cache';

export type Role = MemberRole | PlatformRole;
/** Who may call a route: roles, 'authenticated' (anyone signed in) or 'public'. */
export type Access = Role | 'authenticated' | 'public';

export type MembershipInfo = { serviceId: string; role: MemberRole; practitionerRole: PractitionerRole | null };

export type Auth = {
  userId: string;
  email: string;
  name: string;
  platformRole: PlatformRole | null;
  memberships: MembershipInfo[];
  /** The service this request acts in (X-Service-Id, or the only membership). */
  serviceId: string | null;
  role: Role | null;
  practitionerRole: PractitionerRole | null;
  via: 'session' | 'token';
  sessionHash: Buffer | null;
  tokenId: string | null;
  mustChangePassword: boolean;
  /** The session passed its second factor (always true for tokens and users without one). */
  secondFactorDone: boolean;
  hasSecondFactor: boolean;
  /** The user's roles require a second factor they have not set up yet: only sign-in routes are open. */
  mustEnrolSecondFactor: boolean;
  /**
   * Set when the caller came from the session cache: the request's tenant transaction checks it
   * against the database before anything else (`callerCheckedInTransaction` routes only).
   */
  callerCheck: CallerCheck | null;
};

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access[];
    /** A route about one case or its parts: callers without access get 404, never 403. */
    caseLevel?: boolean;
    /** Reachable while a password change or second-factor enrolment is pending. */
    duringSignIn?: boolean;
    /** Reachable before the second factor of a user who has one (finishing or leaving a sign-in). */
    beforeSecondFactor?: boolean;
    /** Refused to API tokens: account settings and new tokens need a signed-in session. */
    sessionOnly?: boolean;
    /**
     * Every database access of the route goes through `request.tenant`, whose transaction checks
     * the caller first: the route may take a session's caller from the cache (one round trip fewer).
     */
    callerCheckedInTransaction?: boolean;
  }
  interface FastifyInstance {
    /** Callers of recent sessions, for routes that check them in their own transaction. */
    sessionCache: SessionCache;
  }
  interface FastifyRequest {
    auth: Auth | null;
    /** The caller's verified credentials, looked up once per request (the rate limit asks first). */
    authenticated(): Promise<Auth | null>;
    /** Runs `fn` in one transaction scoped to the caller's service and role (row-level security). */
    tenant<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  }
}

export const SESSION_COOKIE_SECURE = '__Host-harbour_session';
export const SESSION_COOKIE_DEV = 'harbour_session';

export function sessionCookieName(secure: boolean): string {
  return secure ? SESSION_COOKIE_SECURE : SESSION_COOKIE_DEV;
}

type UserRow = {
  id: string;
  email: string;
  name: string;
  platform_role: PlatformRole | null;
  must_change_password: boolean;
  disabled_at: Date | null;
  totp_enabled_at: Date | null;
};

/** What a request needs to know of its user, whether it came with a token or a session. */
const USER_COLUMNS = [
  'u.id',
  'u.email',
  'u.name',
  'u.platform_role',
  'u.must_change_password',
  'u.disabled_at',
  'u.totp_enabled_at',
] as const;

/**
 * The memberships of the user a session or token secret belongs to, read in the same statement
 * as the session or token itself (migrations/0011_caller_memberships.sql): memberships are tenant
 * rows, and reading them through row-level security took a transaction of its own.
 */
const membershipsOf = (secretHash: Buffer) =>
  sql<MembershipInfo[]>`caller_memberships(${secretHash})`.as('memberships');

function chooseService(request: FastifyRequest, user: UserRow, memberships: MembershipInfo[]) {
  const header = request.headers['x-service-id'];
  const wanted = typeof header === 'string' ? header : undefined;
  const membership = wanted
    ? memberships.find((m) => m.serviceId === wanted)
    : memberships.length === 1
      ? memberships[0]
      : undefined;
  if (wanted && !membership) throw notFound();
  if (membership)
    return {
      serviceId: membership.serviceId,
      role: membership.role as Role,
      practitionerRole: membership.practitionerRole,
    };
  return { serviceId: null, role: user.platform_role as Role | null, practitionerRole: null };
}

/** Sessions within a minute of their last-seen time are not written to, so their caller can be cached. */
const LAST_SEEN_STEP_MS = 60_000;

/** A cached session's caller for a route that checks it in its transaction, when still usable. */
function cachedCaller(app: FastifyInstance, request: FastifyRequest, sessionHash: Buffer, now: Date): Auth | null {
  if (!request.routeOptions.config?.callerCheckedInTransaction) return null;
  const cached = app.sessionCache.get(sessionHash);
  if (!cached) return null;
  const { session } = app.config;
  // past these, the full lookup decides (and writes the last-seen time or ends the session)
  if (now.getTime() - cached.lastSeenAt.getTime() > LAST_SEEN_STEP_MS) return null;
  if (now.getTime() - cached.createdAt.getTime() > session.absoluteMs) return null;
  return callerOf(request, cached.user, {
    via: 'session',
    sessionHash,
    tokenId: null,
    secondFactorAt: cached.secondFactorAt,
    callerCheck: { sessionHash, fingerprint: cached.fingerprint },
  });
}

async function authenticate(
  app: FastifyInstance,
  request: FastifyRequest,
  { useCache }: { useCache: boolean },
): Promise<Auth | null> {
  const { db, clock, config } = app;
  const now = clock();
  const bearer = request.headers.authorization;
  const cookie = request.cookies[sessionCookieName(config.secureCookies)];
  let user: (UserRow & { memberships: MembershipInfo[] }) | undefined;
  let via: Auth['via'];
  let sessionHash: Buffer | null = null;
  let tokenId: string | null = null;
  let secondFactorAt: Date | null = null;

  if (bearer?.startsWith('Bearer ')) {
    const hash = secretHash(bearer.slice(7).trim());
    const found = await db
      .selectFrom('api_tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select([...USER_COLUMNS, 't.id as token_id', 't.expires_at', 't.revoked_at', 't.last_used_at'])
      .select(membershipsOf(hash))
      .where('t.token_hash', '=', hash)
      .executeTakeFirst();
    if (!found || found.revoked_at || found.expires_at <= now) return null;
    if (!found.last_used_at || now.getTime() - found.last_used_at.getTime() > 60_000) {
      await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', found.token_id).execute();
    }
    user = found;
    tokenId = found.token_id;
    via = 'token';
  } else if (cookie) {
    sessionHash = secretHash(cookie);
    const cached = useCache ? cachedCaller(app, request, sessionHash, now) : null;
    if (cached) return cached;
    const found = await db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select([...USER_COLUMNS, 's.created_at', 's.last_seen_at', 's.second_factor_at'])
      .select(membershipsOf(sessionHash))
      .select(sql<string>`caller_session_fingerprint(${sessionHash})`.as('fingerprint'))
      .where('s.id_hash', '=', sessionHash)
      .executeTakeFirst();
    if (!found) {
      app.sessionCache.forget(sessionHash);
      return null;
    }
    const idle = now.getTime() - found.last_seen_at.getTime() > config.session.idleMs;
    const tooOld = now.getTime() - found.created_at.getTime() > config.session.absoluteMs;
    if (idle || tooOld) {
      app.sessionCache.forget(sessionHash);
      await db.deleteFrom('sessions').where('id_hash', '=', sessionHash).execute();
      return null;
    }
    let lastSeenAt = found.last_seen_at;
    if (now.getTime() - found.last_seen_at.getTime() > LAST_SEEN_STEP_MS) {
      await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', sessionHash).execute();
      lastSeenAt = now;
    }
    const { fingerprint, created_at, second_factor_at, last_seen_at: _seen, ...row } = found;
    const entry: CachedSession = {
      user: row,
      createdAt: created_at,
      lastSeenAt,
      secondFactorAt: second_factor_at,
      fingerprint,
    };
    if (!row.disabled_at) app.sessionCache.set(sessionHash, entry);
    user = row;
    secondFactorAt = found.second_factor_at;
    via = 'session';
  } else {
    return null;
  }
  if (!user || user.disabled_at) return null;
  return callerOf(request, user, { via, sessionHash, tokenId, secondFactorAt, callerCheck: null });
}

/** The request's caller from its user row, as read now or taken from the session cache. */
function callerOf(
  request: FastifyRequest,
  user: UserRow & { memberships: MembershipInfo[] },
  how: Pick<Auth, 'via' | 'sessionHash' | 'tokenId' | 'callerCheck'> & { secondFactorAt: Date | null },
): Auth {
  const { memberships } = user;
  const chosen = chooseService(request, user, memberships);
  const hasSecondFactor = user.totp_enabled_at !== null;
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    platformRole: user.platform_role,
    memberships,
    ...chosen,
    via: how.via,
    sessionHash: how.sessionHash,
    tokenId: how.tokenId,
    callerCheck: how.callerCheck,
    mustChangePassword: user.must_change_password,
    secondFactorDone: how.via === 'token' || !hasSecondFactor || how.secondFactorAt !== null,
    hasSecondFactor,
    mustEnrolSecondFactor:
      !hasSecondFactor &&
      secondFactorRequired(
        user.platform_role,
        memberships.map((m) => m.role),
      ),
  };
}

async function deny(app: FastifyInstance, request: FastifyRequest, error: AppError): Promise<never> {
  await auditAlone(app.db, request, {
    action: 'access.denied',
    status: error.statusCode,
    details: { route: request.routeOptions.url, method: request.method },
  }).catch((e) => request.log.error({ err: e }, 'could not audit a denied request'));
  throw error;
}

// Browsers send these content types across sites without asking first (CORS "simple" requests).
const CROSS_SITE_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)\b/i;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A state-changing request that a session cookie authenticates must come from this site and not
 * in a shape a cross-site form can send: SameSite cookies alone leave same-site subdomains and
 * old browsers. The web pages call the API in-process with JSON and no Origin, as scripts do.
 */
function crossSiteProblem(app: FastifyInstance, request: FastifyRequest): AppError | null {
  if (SAFE_METHODS.has(request.method)) return null;
  const origin = request.headers.origin;
  if (origin !== undefined) {
    const own = [new URL(app.publicUrl()).origin, `${request.protocol}://${request.host}`];
    if (!own.includes(origin)) return forbidden('Requests from another site are refused');
  }
  const type = request.headers['content-type'];
  if (type !== undefined && CROSS_SITE_TYPES.test(type)) {
    return new AppError(415, 'Send JSON: form-encoded and plain-text requests are refused with a session cookie');
  }
  return null;
}

const authenticationKey = Symbol('authentication');
type WithAuthentication = FastifyRequest & { [authenticationKey]?: Promise<Auth | null> };

const isCallerChanged = (error: unknown) => (error as { code?: string }).code === CALLER_CHANGED;

/**
 * The request's transaction. A caller from the session cache is checked by the transaction's
 * first statement; when the session, account or memberships changed since they were cached, the
 * caller is read again and the route's access decided afresh before the transaction is retried.
 */
async function tenantTransaction<T>(app: FastifyInstance, request: FastifyRequest, fn: (tx: Tx) => Promise<T>) {
  const run = () => {
    const auth = request.auth;
    return withTenant(
      app.db,
      {
        serviceId: auth?.serviceId ?? null,
        userId: auth?.userId ?? null,
        role: auth?.role ?? null,
        callerCheck: auth?.callerCheck ?? undefined,
      },
      fn,
    );
  };
  const checked = request.auth?.callerCheck;
  if (!checked) return run();
  try {
    return await run();
  } catch (error) {
    if (!isCallerChanged(error)) throw error;
    app.sessionCache.forget(checked.sessionHash);
    request.auth = await authenticate(app, request, { useCache: false });
    const problem = accessProblem(app, request);
    if (problem) return deny(app, request, problem);
    return run();
  }
}

export default fp(async (app: FastifyInstance) => {
  app.decorate('sessionCache', new SessionCache());
  app.decorateRequest('auth', null);
  app.decorateRequest('authenticated', function authenticated(this: WithAuthentication) {
    this[authenticationKey] ??= authenticate(app, this, { useCache: true });
    return this[authenticationKey];
  });
  app.decorateRequest('tenant', function tenant<T>(this: FastifyRequest, fn: (tx: Tx) => Promise<T>) {
    return tenantTransaction(app, this, fn);
  });

  // before validation: an unauthorised caller learns nothing about a route's body schema
  app.addHook('preValidation', async (request: FastifyRequest, _reply: FastifyReply) => {
    const access = request.routeOptions.config.access;
    if (!access) return; // routes outside the API (static files, docs)
    request.auth = await request.authenticated();
    let problem = accessProblem(app, request);
    if (problem && request.auth?.callerCheck) {
      // a refusal is decided on the caller as the database has it now, never on a cached one
      app.sessionCache.forget(request.auth.callerCheck.sessionHash);
      request.auth = await authenticate(app, request, { useCache: false });
      problem = accessProblem(app, request);
    }
    if (problem) return deny(app, request, problem);
  });
});

/** Why the request's caller may not call its route, or null when they may. */
function accessProblem(app: FastifyInstance, request: FastifyRequest): AppError | null {
  const config = request.routeOptions.config;
  const access = config.access ?? [];
  if (request.auth?.via === 'session') {
    const problem = crossSiteProblem(app, request);
    if (problem) return problem;
  }
  if (access.includes('public')) return null;
  const auth = request.auth;
  if (!auth) return unauthorized();
  if (!auth.secondFactorDone && !config.beforeSecondFactor)
    return forbidden('Enter the code from your authenticator app first');
  if (!config.duringSignIn) {
    if (auth.mustChangePassword) return forbidden('Change your password before you continue');
    if (auth.mustEnrolSecondFactor) return forbidden('Set up two-step verification before you continue');
  }
  if (config.sessionOnly && auth.via !== 'session') return forbidden('Sign in to do this: API tokens cannot');
  if (access.includes('authenticated')) return null;
  if (!auth.role || !access.includes(auth.role)) return config.caseLevel ? notFound() : forbidden();
  return null;
}
