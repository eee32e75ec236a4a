/**
 * Which cases a researcher may see: cases of services that share with the national dataset,
 * opened on or after the date the service started sharing (when one is recorded), whose client
 * consented to research. Row-level security (scope 'national') already limits the rows to
 * sharing services; this repeats that and adds consent and the date.
 */
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
