import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe. Used for session ids, API tokens and client links. */
export function newSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** Only this digest is stored; the secret itself exists only in the cookie, header or URL. */
export function secretHash(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}
