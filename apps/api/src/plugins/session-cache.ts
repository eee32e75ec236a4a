/**
 * Callers of recently seen sessions, so that a route whose transaction checks its caller
 * (`callerCheckedInTransaction`) need not look the session up in a round trip of its own. An
 * entry is only ever a guess: the transaction's first statement compares it with the database
 * (migration 0120) and a changed session, account or membership is read again.
 */
import type { PlatformRole } from '@harbour/db';
import type { MembershipInfo } from './auth';

export type CachedSession = {
  user: {
    id: string;
    email: string;
    name: string;
    platform_role: PlatformRole | null;
    must_change_password: boolean;
    disabled_at: Date | null;
    totp_enabled_at: Date | null;
    memberships: MembershipInfo[];
  };
  createdAt: Date;
  lastSeenAt: Date;
  secondFactorAt: Date | null;
  /** caller_session_fingerprint as the database computed it when the entry was read. */
  fingerprint: string;
};

/** Entries kept at most; the oldest goes first (a Map iterates in insertion order). */
const MAX_SESSIONS = 10_000;

export class SessionCache {
  readonly #entries = new Map<string, CachedSession>();

  get(sessionHash: Buffer): CachedSession | undefined {
    return this.#entries.get(sessionHash.toString('base64'));
  }

  set(sessionHash: Buffer, entry: CachedSession): void {
    const key = sessionHash.toString('base64');
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size > MAX_SESSIONS) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  forget(sessionHash: Buffer): void {
    this.#entries.delete(sessionHash.toString('base64'));
  }
}
