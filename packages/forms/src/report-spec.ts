/**
 * Declarative report sections that modules contribute. The report engine (packages/reports)
 * knows how to compute each kind; a module only describes what to count.
 * Owned by the reports work: extend the kinds here, never special-case a module in reports.
 */
export type ReportPopulation = 'opened' | 'closed';

export type AnswerCondition =
  | { field: string; equals: unknown }
  | { field: string; in: unknown[] }
  | { field: string; atLeast: number }
  | { field: string; present: true };

export type ReportFigureSpec =
  | {
      kind: 'rate';
      key: string;
      label: string;
      form: string;
      population: ReportPopulation;
      /** Who counts in the denominator (all submitted responses of the form when absent). */
      where?: AnswerCondition[];
      numerator: AnswerCondition[];
    }
  | {
      kind: 'distribution';
      key: string;
      label: string;
      form: string;
      field: string;
      population: ReportPopulation;
    }
  | {
      kind: 'mean';
      key: string;
      label: string;
      form: string;
      score: string;
      population: ReportPopulation;
    }
  | {
      kind: 'change';
      key: string;
      label: string;
      intakeForm: string;
      exitForm: string;
      score: string;
      /** A change this large (a fall, when negative) counts as reliable. */
      reliableChange?: number;
    };

export type ReportSectionSpec = {
  key: string;
  title: string;
  figures: ReportFigureSpec[];
};
