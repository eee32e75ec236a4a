import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM envelopes: `hb1.<keyId>.<iv>.<ciphertext+tag>` (base64url). The key id travels
 * with the ciphertext so old keys keep decrypting after rotation; the additional authenticated
 * data (AAD) is never stored: the reader rebuilds it from where the value lives, so a
 * ciphertext copied to another row, table, field or service fails to open.
 */
const VERSION = 'hb1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type Aad = { table: string; serviceId: string | null; row: string; field: string };

export function aadBytes(aad: Aad): Buffer {
  return Buffer.from(JSON.stringify([VERSION, aad.table, aad.serviceId ?? '-', aad.row, aad.field]), 'utf8');
}

export function seal(key: Buffer, keyId: string, plaintext: Buffer, aad: Aad): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aadBytes(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return [VERSION, keyId, iv.toString('base64url'), body.toString('base64url')].join('.');
}

export class EnvelopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvelopeError';
  }
}

export function envelopeKeyId(envelope: string): string {
  const parts = envelope.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION || !parts[1]) throw new EnvelopeError('not a Harbour envelope');
  return parts[1];
}

export function open(key: Buffer, envelope: string, aad: Aad): Buffer {
  const [, , ivText, bodyText] = envelope.split('.');
  envelopeKeyId(envelope);
  const iv = Buffer.from(ivText ?? '', 'base64url');
  const body = Buffer.from(bodyText ?? '', 'base64url');
  if (iv.length !== IV_BYTES || body.length < TAG_BYTES) throw new EnvelopeError('malformed envelope');
  // authTagLength pinned: a truncated tag would otherwise be accepted and weaken the check
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aadBytes(aad));
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new EnvelopeError('the envelope does not open here (wrong key, row or service)');
  }
}
