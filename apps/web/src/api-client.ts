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
  /** A file posted as it is, with its media type (a spreadsheet to import). */
  sendFile<T>(
    url: string,
    file: { type: string; body: Buffer },
    query?: Record<string, string>,
  ): Promise<ApiResponse<T>>;
  /** A POST whose answer is a file (CSV, XLSX): its bytes as they are, a problem parsed as JSON. */
  download(url: string, body: unknown): Promise<ApiResponse<Buffer | Problem>>;
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

  function inject(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    query?: Record<string, string | undefined>,
    file?: { type: string; body: Buffer },
  ) {
    const cleanQuery = Object.fromEntries(
      Object.entries(query ?? {}).filter(
        (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
      ),
    );
    return app.inject({
      method,
      url: `/api/v1${url}`,
      query: cleanQuery,
      ...(file
        ? { headers: { ...headers, 'content-type': file.type }, payload: file.body }
        : body === undefined
          ? { headers }
          : { headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(body) }),
      remoteAddress: request.ip,
    });
  }

  async function call<T>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    query?: Record<string, string | undefined>,
    file?: { type: string; body: Buffer },
  ): Promise<ApiResponse<T>> {
    const response = await inject(method, url, body, query, file);
    return {
      status: response.statusCode,
      body: parse(response.body, response.headers['content-type']?.toString()) as T,
      headers: response.headers,
    };
  }

  return {
    get: (url, query) => call('GET', url, undefined, query),
    send: (method, url, body) => call(method, url, body),
    sendFile: (url, file, query) => call('POST', url, undefined, query, file),
    download: async (url, body) => {
      const response = await inject('POST', url, body);
      return {
        status: response.statusCode,
        body: response.statusCode === 200 ? response.rawPayload : (response.json() as Problem),
        headers: response.headers,
      };
    },
  };
}
