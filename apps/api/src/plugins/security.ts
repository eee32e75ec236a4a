import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Keyring } from '../security/keyring';
import { resolveMasterKey } from '../security/master-key';
import { AnswerSealer } from '../security/sealed-answers';

declare module 'fastify' {
  interface FastifyInstance {
    /** Per-service data keys under the master key (field encryption, TOTP secrets). */
    keyring: Keyring;
    /** Encrypts a response's sensitive answers before they are stored; decrypts them on read. */
    sealer: AnswerSealer;
  }
}

// A strict policy for every response; pages that need more say so themselves.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Security headers for every response, and no caching of anything a signed-in person sees. */
export default fp(async (app: FastifyInstance) => {
  const master = resolveMasterKey(app.config, (message) => app.log.warn(message));
  app.decorate('keyring', new Keyring(master));
  app.decorate('sealer', new AnswerSealer(app.keyring, app.registry));
  app.addHook('onSend', async (request, reply) => {
    reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    reply.header('Cross-Origin-Resource-Policy', 'same-origin');
    reply.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
    if (request.auth || request.headers.cookie || request.headers.authorization || !reply.getHeader('cache-control')) {
      reply.header('Cache-Control', 'no-store');
    }
  });
});
