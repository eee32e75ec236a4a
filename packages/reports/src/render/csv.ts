import { stringify } from 'csv-stringify/sync';
import type { ReportModel } from '../model';

export const CSV_COLUMNS = [
  'section',
  'key',
  'label',
  'value',
  'numerator',
  'denominator',
  'ci_low',
  'ci_high',
  'benchmark',
  'suppressed',
] as const;

/**
 * One row per figure. A hidden number is an empty cell with `suppressed` true; `benchmark` is
 * the benchmark's value (national rate, local population share or safe caseload).
 */
export function renderCsv(model: ReportModel): string {
  const rows = model.sections.flatMap((section) =>
    section.figures.map((figure) => [
      section.key,
      figure.key,
      figure.label,
      figure.value ?? '',
      figure.numerator ?? '',
      figure.denominator ?? '',
      figure.ci95?.[0] ?? '',
      figure.ci95?.[1] ?? '',
      figure.benchmark?.value ?? '',
      figure.suppressed ? 'true' : 'false',
    ]),
  );
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS] });
}
