import { createHmac, randomBytes } from 'node:crypto';

/** A fresh random key for one export: pseudonyms of two exports cannot be matched. */
export function newPseudonymKey(): Buffer {
  return randomBytes(32);
}

/** A keyed hash (HMAC-SHA256) of an identifier, shortened: 80 bits keep a million cases apart. */
export function pseudonymOf(key: Buffer, kind: 'case' | 'service' | 'person', id: string): string {
  const digest = createHmac('sha256', key).update(`${kind}:${id}`).digest('hex').slice(0, 20);
  if (kind === 'service') return `S-${digest.slice(0, 10)}`;
  return kind === 'person' ? `P-${digest}` : digest;
}
