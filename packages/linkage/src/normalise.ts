/**
 * Normalising identifiers before encoding: the same person typed two ways should give the same
 * strings. Case, accents, punctuation and spacing go; given names map to a canonical variant;
 * postcodes lose their spacing. Nothing here keeps a value: the caller discards the result once
 * encoded.
 */
import { canonicalGivenName } from './name-variants';

export type Identifiers = {
  firstName: string;
  lastName: string;
  /** ISO date, YYYY-MM-DD. */
  dateOfBirth: string;
  postcode?: string | null;
};

export type NormalisedIdentity = {
  firstName: string;
  lastName: string;
  year: number;
  month: number;
  day: number;
  /** Upper-case, no spaces; null when not given. */
  postcode: string | null;
};

export type IdentifierProblem = { field: keyof Identifiers; message: string };

/** Letters the Unicode decomposition does not split into a base letter and an accent. */
const FOLDED: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/** Lower-case a–z only: accents folded, everything else (spaces, hyphens, apostrophes) dropped. */
export function normaliseName(value: string): string {
  return value
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[ßæœøłđðþı]/g, (c) => FOLDED[c] ?? c)
    .replace(/[^a-z]/g, '');
}

/** A given name: normalised, only its first word, then its canonical variant ("Mary-Beth" → "mary"). */
export function normaliseGivenName(value: string): string {
  const first = value.trim().split(/[\s-]+/)[0] ?? '';
  return canonicalGivenName(normaliseName(first));
}

export function normalisePostcode(value: string): string {
  return value.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** UK postcode shapes, spacing ignored: A9 9AA, A99 9AA, A9A 9AA, AA9 9AA, AA99 9AA, AA9A 9AA. */
const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$/;

/** The outward code (district) of a normalised postcode: all but its last three characters. */
export function outwardCode(postcode: string): string {
  return postcode.slice(0, -3);
}

function parseDate(value: string): { year: number; month: number; day: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return { year, month, day };
}

/**
 * Checks and normalises identifiers as entered. `today` bounds the date of birth. Problems name
 * the field but never echo the value, so an error response or log line cannot carry it.
 */
export function normaliseIdentifiers(
  input: Identifiers,
  today: string,
): { identity: NormalisedIdentity; problems: [] } | { identity: null; problems: IdentifierProblem[] } {
  const problems: IdentifierProblem[] = [];
  const firstName = normaliseGivenName(input.firstName);
  const lastName = normaliseName(input.lastName);
  if (firstName.length < 1) problems.push({ field: 'firstName', message: 'must contain letters' });
  if (lastName.length < 1) problems.push({ field: 'lastName', message: 'must contain letters' });
  const date = parseDate(input.dateOfBirth);
  if (!date) problems.push({ field: 'dateOfBirth', message: 'must be a real date, YYYY-MM-DD' });
  else if (input.dateOfBirth > today || date.year < Number(today.slice(0, 4)) - 120) {
    problems.push({ field: 'dateOfBirth', message: 'must be in the past 120 years' });
  }
  let postcode: string | null = null;
  if (input.postcode != null && input.postcode.trim() !== '') {
    postcode = normalisePostcode(input.postcode);
    if (!POSTCODE.test(postcode)) problems.push({ field: 'postcode', message: 'must be a UK postcode' });
  }
  if (problems.length > 0 || !date) return { identity: null, problems };
  return { identity: { firstName, lastName, ...date, postcode }, problems: [] };
}
