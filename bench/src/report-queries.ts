/**
 * Where a report model's time goes: each SQL statement it sends, named by what it computes and
 * timed at the client. The statements of one model overlap (they run on several connections), so
 * their times add up to more than the model's.
 */
import type { LogEvent } from 'kysely';

export type QueryTiming = { step: string; ms: number };

const POPULATIONS: [RegExp, string][] = [
  [/c\.opened_at between/, 'cases opened'],
  [/c\.closed_at between/, 'cases closed'],
  [/c\.closed_at is null or c\.closed_at >=/, 'cases open in the period'],
  // open_long: open at the end of the period for their service's review interval or longer
  [/c\.closed_at is null or c\.closed_at > /, 'long cases'],
];

/** A short name for a statement of the report model. */
export function stepOf(text: string): string {
  if (text.includes('national_rollup_stale') || text.includes('pg_advisory_xact_lock')) {
    return 'national rollups: brought up to date';
  }
  if (text.includes('from national_rollups r')) return 'national rollups: sums';
  if (!text.includes('from case_facts')) return 'other (service, modules, transaction)';
  const found = POPULATIONS.find(([pattern]) => pattern.test(text))?.[1] ?? 'cases';
  // the national benchmarks among the services of a module (young people's), scanned
  const population = text.includes('from service_modules sm') ? `${found}, national among a module's services` : found;
  if (text.includes('jsonb_array_elements')) return `${population}: figures over array items`;
  if (text.includes('group by d.i, d.value')) return `${population}: distributions`;
  if (text.includes('join users u on u.id = f.worker_id')) return `${population}: caseload per worker`;
  return `${population}: figures`;
}

/** Collects the statements' timings (Kysely's `log` option). */
export function queryRecorder(): { log: (event: LogEvent) => void; take: () => QueryTiming[] } {
  let timings: QueryTiming[] = [];
  return {
    log: (event) => timings.push({ step: stepOf(event.query.sql), ms: event.queryDurationMillis }),
    take: () => {
      const taken = timings;
      timings = [];
      return taken;
    },
  };
}

/** The slowest steps, summed by name, as one line. */
export function formatSteps(timings: readonly QueryTiming[], top = 6): string {
  const byStep = new Map<string, { ms: number; n: number }>();
  for (const { step, ms } of timings) {
    const entry = byStep.get(step) ?? { ms: 0, n: 0 };
    byStep.set(step, { ms: entry.ms + ms, n: entry.n + 1 });
  }
  return [...byStep]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, top)
    .map(([step, { ms, n }]) => `${step} ${ms.toFixed(0)} ms${n > 1 ? ` (${n} queries)` : ''}`)
    .join('; ');
}
