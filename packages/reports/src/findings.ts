/**
 * Findings in plain English for the summary of a report, each written only when the report's own
 * statistics support it: the same 95% Wilson intervals, national comparisons and
 * under-representation tests as the tables, never a new test. Each names the section it comes
 * from. Hidden (disclosure-controlled) figures never make a finding.
 */
import type { Figure, Section } from './model';

export type FindingKind = 'above_national' | 'below_national' | 'in_line' | 'under_represented' | 'over_safe_caseload';

export type Finding = {
  key: string;
  kind: FindingKind;
  text: string;
  /** The section the finding comes from, and its figure(s). */
  section: string;
  sectionTitle: string;
  figures: string[];
};

const MAX_FINDINGS = 6;
export const MIN_FINDINGS = 3;
/**
 * "In line with the national rate" is said only when the service's interval is narrow enough to
 * mean something: at most this many percentage points wide (±10). A wide interval around the
 * national rate is too little data, not sameness.
 */
export const IN_LINE_MAX_INTERVAL = 20;

const pct = (value: number) => `${Number.isInteger(value) ? value : value.toFixed(1)}%`;

/** The outcomes a funder asks about first, as sentences about clients. */
const OUTCOME_SENTENCES: Record<string, (f: Figure) => string> = {
  all_abuse_stopped: (f) =>
    `All abuse had stopped at exit for ${pct(f.value ?? 0)} of clients (${f.numerator} of ${f.denominator})`,
  risk_reduced: (f) =>
    `Risk was lower at exit for ${pct(f.value ?? 0)} of clients who came in at high or medium risk (${f.numerator} of ${f.denominator})`,
  feels_safer: (f) => `${pct(f.value ?? 0)} of clients felt safer at exit (${f.numerator} of ${f.denominator})`,
  client_questionnaire_answered: (f) =>
    `${pct(f.value ?? 0)} of clients whose case closed answered the exit questionnaire (${f.numerator} of ${f.denominator})`,
};

const usable = (f: Figure | undefined): f is Figure & { value: number } =>
  f !== undefined && !f.suppressed && f.value !== null;

function nationalComparison(figure: Figure & { value: number }): { kind: FindingKind; phrase: string } | null {
  const national = figure.benchmark;
  if (national?.source !== 'national' || national.suppressed || national.value === null || !figure.ci95) return null;
  const [low, high] = figure.ci95;
  const interval = `95% interval ${low}–${high}%`;
  if (national.value < low) {
    return { kind: 'above_national', phrase: `above the national ${pct(national.value)} (${interval})` };
  }
  if (national.value > high) {
    return { kind: 'below_national', phrase: `below the national ${pct(national.value)} (${interval})` };
  }
  if (high - low > IN_LINE_MAX_INTERVAL) return null;
  return { kind: 'in_line', phrase: `in line with the national ${pct(national.value)}` };
}

const PER_KIND: Record<FindingKind, number> = {
  below_national: 3,
  above_national: 3,
  under_represented: 2,
  over_safe_caseload: 1,
  in_line: 3,
};

const RANK: Record<FindingKind, number> = {
  below_national: 0,
  above_national: 1,
  under_represented: 2,
  over_safe_caseload: 3,
  in_line: 4,
};

export function findingsOf(sections: readonly Section[]): Finding[] {
  // Each with its strength: the p-value of its first figure's representation test (1 without one).
  const findings: { finding: Finding; strength: number }[] = [];
  const add = (section: Section, kind: FindingKind, figures: Figure[], text: string) =>
    findings.push({
      finding: {
        key: `${kind}:${figures.map((f) => f.key).join(',')}`,
        kind,
        text,
        section: section.key,
        sectionTitle: section.title,
        figures: figures.map((f) => f.key),
      },
      strength: figures[0]?.benchmark?.pValue ?? 1,
    });

  for (const section of sections) {
    for (const figure of section.figures) {
      const sentence = OUTCOME_SENTENCES[figure.key];
      if (sentence && usable(figure)) {
        const comparison = nationalComparison(figure);
        if (comparison) add(section, comparison.kind, [figure], `${sentence(figure)}, ${comparison.phrase}.`);
      }
      if (!usable(figure) || !figure.flag) continue;
      const benchmark = figure.benchmark;
      if (figure.flag.kind === 'below_national' && benchmark?.value != null) {
        add(
          section,
          'below_national',
          [figure],
          `Referrals from ${figure.label.toLowerCase()} are below the national rate: ${pct(figure.value)} of referrals (${figure.numerator} of ${figure.denominator}) against ${pct(benchmark.value)} nationally.`,
        );
      }
      if (figure.flag.kind === 'under_represented' && benchmark?.value != null) {
        const against =
          benchmark.source === 'abuse_profile'
            ? 'of the people who experience domestic abuse locally'
            : 'of the local population';
        add(
          section,
          'under_represented',
          [figure],
          `Fewer clients than expected are in the group "${figure.label}": ${pct(figure.value)} of clients against ${pct(benchmark.value)} ${against}.`,
        );
      }
    }
    const overloaded = section.figures.filter((f) => f.flag?.kind === 'over_safe_caseload');
    if (overloaded.length > 0) {
      add(
        section,
        'over_safe_caseload',
        overloaded,
        `${overloaded.length} of ${section.figures.length} workers had more cases than the safe caseload for the period.`,
      );
    }
  }
  // The strongest first within a kind (smallest p-value of a representation test), then a few
  // of each kind, so that one long list (e.g. every age band) does not fill the summary.
  const taken = new Map<FindingKind, number>();
  return findings
    .map((entry, order) => ({ ...entry, order }))
    .sort((a, b) => RANK[a.finding.kind] - RANK[b.finding.kind] || a.strength - b.strength || a.order - b.order)
    .filter(({ finding }) => {
      const count = (taken.get(finding.kind) ?? 0) + 1;
      taken.set(finding.kind, count);
      return count <= PER_KIND[finding.kind];
    })
    .slice(0, MAX_FINDINGS)
    .map(({ finding }) => finding);
}
