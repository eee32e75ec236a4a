export type LinkStatus = 'active' | 'used' | 'expired' | 'revoked';

export type LinkDates = { expires_at: Date; used_at: Date | null; revoked_at: Date | null };

/** What a link is now. Being used or revoked are acts of people and outrank the passing of time. */
export function linkStatus(link: LinkDates, now: Date): LinkStatus {
  if (link.used_at) return 'used';
  if (link.revoked_at) return 'revoked';
  if (link.expires_at.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

export const DEFAULT_LINK_HOURS = 72;
export const MAX_LINK_HOURS = 14 * 24;
