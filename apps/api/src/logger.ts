import type { FastifyServerOptions } from 'fastify';
import type { Config } from './config';

/**
 * Paths pino blanks in every log line. Request bodies and answers are never logged at all;
 * these catch the headers and fields that could carry a secret if a log call included them.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'req.body',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.answers',
  // a client's identifiers for linkage, should a log call ever include a body
  '*.identifiers',
  '*.firstName',
  '*.lastName',
  '*.dateOfBirth',
  '*.postcode',
  '*.code',
  'req.url',
];

export function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      // The URL of a client link carries its token: log the route pattern, never the raw URL.
      req: (req: { method: string; routeOptions?: { url?: string }; ip?: string; id?: string }) => ({
        method: req.method,
        route: req.routeOptions?.url ?? 'unmatched',
        id: req.id,
      }),
    },
  };
}
