import fs from 'node:fs';
import path from 'node:path';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import type { ProblemDetail } from '../lib/errors';

// OWASP's argon2id minimum (19 MiB, 2 iterations, 1 lane), stated rather than left to defaults.
export const ARGON2_OPTIONS = {
  algorithm: Algorithm.Argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

const COMMON = new Set(
  fs
    .readFileSync(path.join(__dirname, '..', '..', 'data', 'common-passwords.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l && !l.startsWith('#')),
);

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'), ARGON2_OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password.normalize('NFC'));
  } catch {
    return false;
  }
}

// Verified against when the email is unknown, so both failures take about as long.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('harbour-dummy-password-for-timing');
  return dummyHash;
}

/** Length 12–128 in characters, any Unicode, not a common password; no composition rules. */
export function passwordProblems(password: string, pointer = '/password'): ProblemDetail[] {
  const length = [...password.normalize('NFC')].length;
  if (length < 12) return [{ pointer, message: 'must be at least 12 characters long' }];
  if (length > 128) return [{ pointer, message: 'must be at most 128 characters long' }];
  if (COMMON.has(password.toLowerCase())) {
    return [{ pointer, message: 'is too common: choose a longer phrase that is not on lists of common passwords' }];
  }
  return [];
}
