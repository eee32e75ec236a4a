/**
 * The web pages are a client of the same HTTP API as everyone else. On the server they call it
 * in-process with Fastify's `inject`, carrying the visitor's cookie and address,
 * so access control, row-level security, validation and audit apply exactly as for the API.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SERVICE_COOKIE } from './options';

export type ApiResponse<T> = {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
};

export type Problem = {
  statusCode: number;
  error: string;
  message: string;
  details?: { pointer: string; message: string }[];
};

/** An id as the API's paths take it: checked before a posted or addressed id goes into a path. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A problem as one sentence for a notice: its message, then each field named by its pointer. */
export function problemText(problem: Problem): string {
  const details = problem.details?.map((d) => `${d.pointer.replace(/^\//, '')} ${d.message}`).join('; ');
  return details ? `${problem.message}: ${details}` : problem.message;
}

export type Api = {
  get<T>(url: string, query?: Record<string, string | undefined>): Promise<ApiResponse<T>>;
  send<T>(method: 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown): Promise<ApiResponse<T>>;
};

function parse(text: string, type: string | undefined): unknown {
  if (!text || !type?.includes('json')) return text;
  return JSON.parse(text);
}

export function apiFor(app: FastifyInstance, request: FastifyRequest): Api {
  const headers: Record<string, string> = {};
  if (request.headers.cookie) headers.cookie = request.headers.cookie;
  if (request.headers['user-agent']) headers['user-agent'] = request.headers['user-agent'];
  const service = request.cookies[SERVICE_COOKIE];
  if (service && /^[0-9a-f-]{36}$/.test(service)) headers['x-service-id'] = service;

  async function call<T>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    query?: Record<string, string | undefined>,
  ): Promise<ApiResponse<T>> {
    const cleanQuery = Object.fromEntries(
      Object.entries(query ?? {}).filter(
        (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
      ),
    );
    const response = await app.inject({
      method,
      url: `/api/v1${url}`,
      query: cleanQuery,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      remoteAddress: request.ip,
    });
    return {
      status: response.statusCode,
      body: parse(response.body, response.headers['content-type']?.toString()) as T,
      headers: response.headers,
    };
  }

  return {
    get: (url, query) => call('GET', url, undefined, query),
    send: (method, url, body) => call(method, url, body),
  };
}
