import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { controlCharacterAt } from '../lib/control-characters';
import { AppError, badRequest, type ProblemDetail } from '../lib/errors';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  423: 'Locked',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

// PostgreSQL and socket failures that mean "the database is not there right now".
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  if (e.code && UNAVAILABLE_CODES.has(e.code)) return true;
  const message = e.message ?? '';
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    message,
  );
}

/** Fastify's ajv errors, as JSON pointers a person can read. */
function schemaDetails(error: FastifyError): ProblemDetail[] {
  const context = error.validationContext ?? 'body';
  return (error.validation ?? []).map((v) => {
    const params = v.params as Record<string, unknown>;
    let pointer = `/${context}${v.instancePath}`;
    let message = v.message ?? 'is invalid';
    if (v.keyword === 'additionalProperties') {
      pointer = `${pointer}/${String(params.additionalProperty)}`;
      message = 'is not an allowed field';
    } else if (v.keyword === 'required') {
      pointer = `${pointer}/${String(params.missingProperty)}`;
      message = 'is required';
    } else if (v.keyword === 'enum') {
      message = `must be one of: ${(params.allowedValues as unknown[]).join(', ')}`;
    }
    return { pointer: pointer.replace(/^\/body/, ''), message };
  });
}

export function problem(statusCode: number, message: string, details?: ProblemDetail[]) {
  return { statusCode, error: REASONS[statusCode] ?? 'Error', message, ...(details ? { details } : {}) };
}

function send(reply: FastifyReply, statusCode: number, message: string, details?: ProblemDetail[]) {
  return reply
    .status(statusCode)
    .type('application/problem+json')
    .send(problem(statusCode, message, details));
}

export default fp(async (app: FastifyInstance) => {
  // before every other check, for every route: see lib/control-characters.ts
  app.addHook('preValidation', async (request) => {
    const at =
      controlCharacterAt(request.params, '/params') ??
      controlCharacterAt(request.query, '/query') ??
      controlCharacterAt(request.body);
    if (at)
      throw badRequest('Control characters (such as NUL) are not allowed', [
        { pointer: at, message: 'holds a control character' },
      ]);
  });
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      if (error.headers) reply.headers(error.headers);
      return send(reply, error.statusCode, error.message, error.details);
    }
    if (error.validation) {
      const details = schemaDetails(error);
      const summary = details.map((d) => `${d.pointer || '/'} ${d.message}`).join('; ');
      return send(reply, 400, `Invalid request: ${summary}`, details);
    }
    if (isDatabaseUnavailable(error)) {
      request.log.error({ err: { code: (error as { code?: string }).code } }, 'database unavailable');
      return send(reply, 503, 'The service is temporarily unavailable. Please try again shortly.');
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own client errors (bad JSON, body too large, wrong content type) are safe to name.
      const message =
        error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
          ? 'The request body is not valid JSON'
          : error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
            ? 'The request body is too large'
            : error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
              ? 'This content type is not accepted here'
              : error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
                ? 'The request body is empty but JSON was declared'
                : error.message;
      return send(reply, status, message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, 500, 'Something went wrong on our side. It has been logged.');
  });

  app.setNotFoundHandler((_request, reply) => send(reply, 404, 'Not found'));
});
