/** How figures read in the PDF: the same numbers as the JSON, written for people. */
import type { Benchmark, Figure, ReportFilters, ReportPeriod, Suppression } from '../model';

const integer = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const date = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A small count reads "<k"; a cell hidden to protect another reads "[c]" (confidential, as ONS marks it). */
export const hiddenMark = (k: number, suppression?: Suppression) => (suppression === 'secondary' ? '[c]' : `<${k}`);

function number(unit: Figure['unit'], value: number): string {
  if (unit === 'percent') return `${value.toFixed(1)}%`;
  if (unit === 'mean') return value.toFixed(1);
  return integer.format(value);
}

export function formatValue(figure: Figure, k: number): string {
  if (figure.suppressed) return hiddenMark(figure.threshold ?? k, figure.suppression);
  return figure.value === null ? '–' : number(figure.unit, figure.value);
}

export function formatCounts(figure: Figure, k: number): string {
  if (figure.unit === 'count') return '';
  const hidden = hiddenMark(figure.threshold ?? k, figure.suppression);
  const n =
    figure.numerator === undefined
      ? figure.suppressed && figure.unit === 'percent'
        ? hidden
        : ''
      : integer.format(figure.numerator);
  const d = figure.denominator === undefined ? (figure.suppressed ? hidden : '') : integer.format(figure.denominator);
  if (figure.unit === 'mean') return d === '' ? '' : `n = ${d}`;
  return n === '' && d === '' ? '' : `${n} / ${d}`;
}

export function formatInterval(ci: [number, number] | undefined, unit: Figure['unit']): string {
  if (!ci) return '';
  return unit === 'percent' ? `${ci[0].toFixed(1)}–${ci[1].toFixed(1)}%` : `${ci[0].toFixed(1)} to ${ci[1].toFixed(1)}`;
}

export function formatBenchmark(benchmark: Benchmark | undefined, unit: Figure['unit'], nationalK: number): string {
  if (!benchmark) return '';
  if (benchmark.suppressed) return `${benchmark.label}: ${hiddenMark(nationalK, benchmark.suppression)}`;
  if (benchmark.value === null) return `${benchmark.label}: no cases`;
  const shown = benchmark.source === 'safe_caseload' ? benchmark.value.toFixed(1) : number(unit, benchmark.value);
  return `${benchmark.label}: ${shown}`;
}

/** A cell of a cross table: the rate with its interval, or the hidden mark. */
export function formatCell(figure: Figure | undefined, k: number): string {
  if (!figure) return '';
  const value = formatValue(figure, k);
  return figure.ci95 && !figure.suppressed ? `${value} (${formatInterval(figure.ci95, figure.unit)})` : value;
}

export const formatDate = (iso: string) => date.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
export const formatPeriod = ({ from, to }: ReportPeriod) => `${formatDate(from)} to ${formatDate(to)}`;

export function formatFilters(filters: ReportFilters): string {
  const parts = [
    filters.practitionerRole ? `practitioner role ${filters.practitionerRole}` : null,
    filters.workerId ? `worker ${filters.workerId}` : null,
    filters.projectId ? `project ${filters.projectId}` : null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join('; ') : 'none (all cases in scope)';
}
