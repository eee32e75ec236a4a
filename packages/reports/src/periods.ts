/** Calendar quarters (January–March, …), which also split the April–March financial year. */
import type { ReportPeriod } from './model';

export type Quarter = ReportPeriod & { label: string };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date written YYYY-MM-DD that parses as one. */
export const isIsoDate = (date: string): boolean =>
  ISO_DATE.test(date) && !Number.isNaN(Date.parse(`${date}T00:00:00Z`));

const iso = (year: number, month: number, day: number) =>
  new Date(Date.UTC(year, month, day)).toISOString().slice(0, 10);

function quarterStarting(year: number, month: number): Quarter {
  const start = new Date(Date.UTC(year, month, 1));
  const y = start.getUTCFullYear();
  const m = start.getUTCMonth();
  return { from: iso(y, m, 1), to: iso(y, m + 3, 0), label: `${y} Q${m / 3 + 1}` };
}

/**
 * The `count` complete quarters before the quarter of `asOf`, oldest first: a quarter still
 * under way is not compared with whole ones.
 */
export function completeQuartersBefore(asOf: string, count: number): Quarter[] {
  const date = new Date(`${asOf.slice(0, 10)}T00:00:00Z`);
  const currentStart = Math.floor(date.getUTCMonth() / 3) * 3;
  return Array.from({ length: count }, (_, i) =>
    quarterStarting(date.getUTCFullYear(), currentStart - 3 * (count - i)),
  );
}

/** The span of consecutive quarters, as one period. */
export const spanOf = (quarters: readonly Quarter[]): ReportPeriod => ({
  from: quarters[0]?.from ?? '',
  to: quarters[quarters.length - 1]?.to ?? '',
});

/** A date as its ISO day, and days and months from it, in UTC (dates have no time of day). */
const dayOf = (iso: string) => new Date(`${iso}T00:00:00Z`);
const isoOf = (date: Date) => date.toISOString().slice(0, 10);
export const addDays = (iso: string, days: number): string => isoOf(new Date(dayOf(iso).getTime() + days * 86_400_000));
export const monthStart = (iso: string): string => `${iso.slice(0, 7)}-01`;
export const nextMonth = (iso: string): string => {
  const date = dayOf(monthStart(iso));
  date.setUTCMonth(date.getUTCMonth() + 1);
  return isoOf(date);
};

/**
 * A day `months` months before `iso`, as PostgreSQL's `date - interval` computes it: the same
 * day of that month, or its last day when the month is shorter (31 May less 3 months: 28 or 29 February).
 */
export function monthsBefore(iso: string, months: number): string {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) - months;
  const target = { year: Math.floor(index / 12), month: (index % 12) + 1 };
  const last = new Date(Date.UTC(target.year, target.month, 0)).getUTCDate();
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(target.year, 4)}-${pad(target.month, 2)}-${pad(Math.min(day, last), 2)}`;
}
