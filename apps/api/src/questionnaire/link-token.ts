import { newSecret, secretHash } from '../auth/tokens';

/** 256 random bits in base64url: the only form a link token ever has. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export type LinkToken = { token: string; hash: Buffer };

/** A new client link token and the SHA-256 digest that is all the database keeps of it. */
export function newLinkToken(): LinkToken {
  const token = newSecret();
  return { token, hash: secretHash(token) };
}

/** The digest to look a presented token up by, or null when it cannot be one of ours. */
export function presentedTokenHash(token: string): Buffer | null {
  return TOKEN_PATTERN.test(token) ? secretHash(token) : null;
}
