import { randomBytes } from 'node:crypto';
import type { PlatformRole } from '@harbour/db';
import { Secret, TOTP } from 'otpauth';
import { secretHash } from './tokens';

export const TOTP_ISSUER = 'Harbour';
const PERIOD_SECONDS = 30;
// one step either side absorbs clock drift between the phone and the server
const WINDOW_STEPS = 1;
export const RECOVERY_CODE_COUNT = 10;

/** Managers, researchers and platform admins must use a second factor; practitioners may. */
export function secondFactorRequired(platformRole: PlatformRole | null, memberRoles: readonly string[]): boolean {
  return platformRole === 'admin' || platformRole === 'researcher' || memberRoles.includes('manager');
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, label = 'Harbour'): TOTP {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label,
    algorithm: 'SHA1', // what every authenticator app supports
    digits: 6,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

export function totpUri(secret: string, email: string): string {
  return totp(secret, email).toString();
}

export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / PERIOD_SECONDS);
}

export function totpCode(secret: string, at: Date): string {
  return totp(secret).generate({ timestamp: at.getTime() });
}

/**
 * The time step a code belongs to, when it is valid now and newer than the last step used:
 * each code works once, and no older code works after a newer one.
 */
export function acceptedStep(secret: string, code: string, now: Date, lastStep: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secret).validate({ token: code, timestamp: now.getTime(), window: WINDOW_STEPS });
  if (delta === null) return null;
  const step = totpStep(now) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

/** Ten codes of 80 random bits each, shown once, written `xxxx-xxxx-xxxx-xxxx`. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const text = base32(randomBytes(10));
    return text.match(/.{4}/g)!.join('-');
  });
}

export function recoveryCodeHash(code: string): Buffer {
  return secretHash(`recovery:${code.replace(/[\s-]/g, '').toLowerCase()}`);
}

function base32(bytes: Buffer): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789'; // no 0/o, 1/l: read aloud and typed by hand
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}
