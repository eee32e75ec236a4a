import { round1 } from '../figures';
import type { Figure, ReportPeriod, Section } from '../model';

export type CaseloadRow = { workerId: string; name: string; fte: number; cases: number };

const DAYS_IN_YEAR = 365;

/**
 * Cases open at any time in the period per worker, beside the safe caseload prorated by FTE and
 * by the period's length: safe = per-FTE yearly caseload × FTE × days / 365. These count a
 * worker's workload, not people, so they are not disclosure-controlled; the national report has
 * no per-worker figures.
 */
export function caseloadSection(options: {
  scope: 'service' | 'national';
  rows: readonly CaseloadRow[];
  period: ReportPeriod;
  safeCaseloadPerFte: number;
}): Section {
  const days = (Date.parse(options.period.to) - Date.parse(options.period.from)) / 86_400_000 + 1;
  const figures = options.rows.map((row): Figure => {
    const safe = round1((options.safeCaseloadPerFte * row.fte * days) / DAYS_IN_YEAR);
    const over = row.cases > safe;
    return {
      key: `caseload_${row.workerId}`,
      label: `${row.name} (${row.fte} FTE)`,
      unit: 'count',
      value: row.cases,
      benchmark: { source: 'safe_caseload', label: 'Safe caseload for the period', value: safe },
      ...(over
        ? {
            flag: {
              kind: 'over_safe_caseload' as const,
              gap: round1(row.cases - safe),
              message: `${round1(row.cases - safe)} over the safe caseload of ${safe}`,
            },
          }
        : {}),
    };
  });
  return {
    key: 'caseload',
    title: 'Caseload',
    population:
      options.scope === 'service'
        ? `Cases open at any time in the period, per worker, beside a safe caseload of ${options.safeCaseloadPerFte} cases a year per full-time worker, prorated by FTE and by the period's ${days} days.`
        : 'Caseloads per worker are shown only in service reports.',
    figures,
    tables: [],
    charts:
      figures.length > 0
        ? [
            {
              key: 'caseload',
              kind: 'bar',
              title: 'Cases per worker, with the safe caseload',
              figures: figures.map((f) => f.key),
            },
          ]
        : [],
  };
}
