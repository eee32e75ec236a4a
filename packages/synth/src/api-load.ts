/**
 * The realistic path: generated cases recorded through the HTTP API as a practitioner's browser
 * would — log in, open the case, submit each form, close it — so that validation, scoring,
 * encryption and the audit log all run. Against a running server (a base URL) or a Fastify
 * instance in the same process (`inject`).
 */
import type { SynthCase } from './types';

export const API_PREFIX = '/api/v1';

export type HttpReply = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

export type RequestOptions = {
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is, with its own content type (an import file). */
  raw?: { body: string; contentType: string };
  headers?: Record<string, string>;
};

export type HttpTransport = {
  request(method: string, path: string, options?: RequestOptions): Promise<HttpReply>;
};

function encode({ body, raw, headers = {} }: RequestOptions): { headers: Record<string, string>; payload?: string } {
  if (raw) return { headers: { 'content-type': raw.contentType, ...headers }, payload: raw.body };
  if (body === undefined) return { headers };
  return { headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) };
}

/** A transport over `fetch` to a server at `baseUrl` (e.g. `http://127.0.0.1:3000`). */
export function fetchTransport(baseUrl: string): HttpTransport {
  return {
    async request(method, path, options = {}) {
      const { headers, payload } = encode(options);
      const response = await fetch(new URL(path, baseUrl), {
        method,
        headers,
        ...(payload === undefined ? {} : { body: payload }),
      });
      const replyHeaders: HttpReply['headers'] = {};
      response.headers.forEach((value, key) => {
        replyHeaders[key] = value;
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length > 0) replyHeaders['set-cookie'] = cookies;
      return { status: response.status, headers: replyHeaders, body: await response.text() };
    },
  };
}

/** The part of a Fastify instance that `inject` needs. */
export type Injectable = {
  inject(options: {
    method: string;
    url: string;
    payload?: string;
    headers?: Record<string, string>;
  }): PromiseLike<{ statusCode: number; headers: Record<string, unknown>; body: string }>;
};

export function injectTransport(app: Injectable): HttpTransport {
  return {
    async request(method, path, options = {}) {
      const { headers, payload } = encode(options);
      const reply = await app.inject({ method, url: path, headers, ...(payload === undefined ? {} : { payload }) });
      return {
        status: reply.statusCode,
        headers: reply.headers as HttpReply['headers'],
        body: reply.body,
      };
    },
  };
}

export class ApiLoadError extends Error {
  constructor(
    readonly step: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${step} answered ${status}: ${body.slice(0, 500)}`);
    this.name = 'ApiLoadError';
  }
}

/** A logged-in session: every request carries its cookie (and service, when given). */
export type ApiSession = {
  request(method: string, path: string, body?: unknown): Promise<HttpReply>;
  /** A request whose body is sent as it is, e.g. an import file. */
  requestRaw(method: string, path: string, body: string, contentType: string): Promise<HttpReply>;
  /** The `Cookie` header value, for load generators that send their own requests. */
  cookie: string;
};

export async function login(
  transport: HttpTransport,
  credentials: { email: string; password: string },
  serviceId?: string,
): Promise<ApiSession> {
  const reply = await transport.request('POST', `${API_PREFIX}/auth/login`, { body: credentials });
  if (reply.status !== 200) throw new ApiLoadError('POST /auth/login', reply.status, reply.body);
  const setCookie = reply.headers['set-cookie'];
  const cookie = (Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [])
    .map((c) => c.split(';')[0])
    .join('; ');
  const headers = { cookie, ...(serviceId ? { 'x-service-id': serviceId } : {}) };
  return {
    cookie,
    request: (method, path, body) => transport.request(method, path, { body, headers }),
    requestRaw: (method, path, body, contentType) =>
      transport.request(method, path, { raw: { body, contentType }, headers }),
  };
}

async function expectOk(session: ApiSession, step: string, method: string, path: string, body: unknown) {
  const reply = await session.request(method, path, body);
  if (reply.status < 200 || reply.status >= 300) throw new ApiLoadError(step, reply.status, reply.body);
  return reply.body.length > 0 ? (JSON.parse(reply.body) as Record<string, unknown>) : {};
}

/** Records one case through the API; returns the case id the server gave it. */
export async function recordCase(
  session: ApiSession,
  synthCase: SynthCase,
  options: { assignWorker: boolean },
): Promise<string> {
  const opened = await expectOk(session, 'POST /cases', 'POST', `${API_PREFIX}/cases`, {
    reference: synthCase.reference,
    openedAt: synthCase.openedAt,
    ...(synthCase.practitionerRole ? { practitionerRole: synthCase.practitionerRole } : {}),
    ...(options.assignWorker ? { workerId: synthCase.workerId } : {}),
  });
  const id = opened.id as string;
  for (const response of synthCase.responses) {
    // follow-ups come from clients through their links after closure, never from staff
    if (response.formKey === 'core.client_follow_up') continue;
    const path = response.occasion
      ? `reviews/${response.occasion}/responses/${response.formKey}`
      : `responses/${response.formKey}`;
    await expectOk(
      session,
      response.occasion
        ? `PUT /cases/:id/reviews/:n/responses/${response.formKey}`
        : `PUT /cases/:id/responses/${response.formKey}`,
      'PUT',
      `${API_PREFIX}/cases/${id}/${path}`,
      { answers: response.answers, status: 'submitted' },
    );
  }
  if (synthCase.followUp) {
    // the choice at exit, while the case is still open; what is sent after closure is the scheduler's
    await expectOk(session, 'PUT /cases/:id/follow-up', 'PUT', `${API_PREFIX}/cases/${id}/follow-up`, {
      ...synthCase.followUp.choice,
    });
  }
  if (synthCase.closedAt) {
    await expectOk(session, 'POST /cases/:id/close', 'POST', `${API_PREFIX}/cases/${id}/close`, {
      closedAt: synthCase.closedAt,
    });
  }
  return id;
}

export type ApiLoadOptions = {
  session: ApiSession;
  cases: Iterable<SynthCase>;
  /** A manager may open cases for any worker of the service; a practitioner only for themself. */
  assignWorker?: boolean;
  /** Cases recorded at once. */
  concurrency?: number;
  onCase?: (recorded: number) => void;
};

export async function loadThroughApi({
  session,
  cases,
  assignWorker = true,
  concurrency = 4,
  onCase,
}: ApiLoadOptions): Promise<{ cases: number; ids: string[] }> {
  const iterator = cases[Symbol.iterator]();
  const ids: string[] = [];
  let recorded = 0;
  const worker = async () => {
    for (let next = iterator.next(); !next.done; next = iterator.next()) {
      ids.push(await recordCase(session, next.value, { assignWorker }));
      recorded++;
      onCase?.(recorded);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { cases: recorded, ids };
}
