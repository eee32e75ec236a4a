/** What the web app needs from its host (the API's composition root). */
import type {} from '@fastify/cookie';
export type WebOptions = {
  /** HARBOUR_PUBLIC_URL, e.g. `https://harbour.example.org`, when set: allowed as the Origin of posts. */
  publicUrl: string | undefined;
  clock: () => Date;
  /** The label of a case flag (from the module registry), e.g. `phq9_item9`. */
  flagLabel: (key: string) => string;
};

/** A date as `YYYY-MM-DD` in the United Kingdom's time zone. */
export function ukDate(date: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(date);
}

/** The service a person in several services works in; the API hears it as X-Service-Id. */
export const SERVICE_COOKIE = 'harbour_service';
