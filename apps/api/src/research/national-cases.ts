/**
 * Which cases a researcher may see: cases of services that share with the national dataset,
 * opened on or after the date the service started sharing (when one is recorded), whose client
 * consented to research. Row-level security (scope 'national') already limits the rows to
 * sharing services; this repeats that and adds consent and the date.
 */
import type { Tx } from '@harbour/db';
import { type RawBuilder, sql } from 'kysely';

export type Period = { from: string; to: string };

/** The tables: cases `c` and their services `s`. */
export const nationalCases = sql`cases c join services s on s.id = c.service_id`;

/** The inclusion rule and the period (on the date each case opened). */
export function nationalCasesWhere(period: Period): RawBuilder<unknown> {
  return sql`s.shares_national_dataset
    and c.consent_research is true
    and (s.shares_national_dataset_from is null or c.opened_at >= s.shares_national_dataset_from)
    and c.opened_at between ${period.from}::date and ${period.to}::date`;
}

/** The first day of a calendar quarter, and the last. */
const QUARTER_START = /^\d{4}-(01|04|07|10)-01$/;
const QUARTER_END = /^\d{4}-(03-31|06-30|09-30|12-31)$/;

/**
 * Research periods are whole calendar quarters (one or more). A shorter or ragged period would
 * let two requests differ by a day, or cut a month's k-anonymity groups small; with whole
 * quarters, how a case appears depends only on the cases of its own quarter, so every export or
 * crosstab that includes the quarter shows it alike. Returns the problems, empty when none.
 */
export function researchPeriodProblems(period: Period): { pointer: string; message: string }[] {
  const problems: { pointer: string; message: string }[] = [];
  if (!QUARTER_START.test(period.from))
    problems.push({
      pointer: '/from',
      message: 'must be the first day of a quarter (1 January, April, July or October)',
    });
  if (!QUARTER_END.test(period.to))
    problems.push({
      pointer: '/to',
      message: 'must be the last day of a quarter (31 March, 30 June, 30 September or 31 December)',
    });
  if (problems.length === 0 && period.to < period.from)
    problems.push({ pointer: '/to', message: 'must not be before from' });
  return problems;
}

/** How many cases of the national dataset opened in the period. */
export async function nationalCaseCount(tx: Tx, period: Period): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${nationalCases}
    where ${nationalCasesWhere(period)}`.execute(tx);
  return rows[0]?.n ?? 0;
}
