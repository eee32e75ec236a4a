/**
 * Declarative report sections that modules contribute. The report engine (packages/reports)
 * knows how to compute each kind; a module only describes what to count.
 * Owned by the reports work: extend the kinds here, never special-case a module in reports.
 *
 * Populations follow the report's period semantics: `opened` counts cases opened in the period
 * (intake figures), `closed` cases closed in it (exit figures and changes).
 */
export type ReportPopulation = 'opened' | 'closed';

/** A test on one answer of a submitted form (or on one item of an array of objects). */
export type AnswerCondition =
  | { field: string; equals: unknown }
  | { field: string; in: unknown[] }
  | { field: string; atLeast: number }
  | { field: string; present: true }
  /** An array answer (e.g. checkboxes) that holds this code. */
  | { field: string; contains: string };

/** The objects of an array answer, e.g. the `children` of `children.intake`. */
export type ItemsOf = { form: string; field: string };

/**
 * Each child's own responses at intake and at exit (forms answered per child, by `child_ref`):
 * a child counts when one of `intakeForms` and one of `exitForms` were answered for them.
 */
export type ChildPairs = { intakeForms: string[]; exitForms: string[] };

/** A score at intake and at exit of the same case, e.g. PHQ-9 total on the two client forms. */
export type ScorePair = { intakeForm: string; exitForm: string; score: string };

export type ReportFigureSpec =
  | {
      /** Share of cases with a submitted `form` (matching `where`) that match `numerator`. */
      kind: 'rate';
      key: string;
      label: string;
      form: string;
      population: ReportPopulation;
      /** Who counts in the denominator (all submitted responses of the form when absent). */
      where?: AnswerCondition[];
      /** Conditions on other submitted forms of the same case, also in the denominator (e.g. out of education at intake). */
      also?: { form: string; where: AnswerCondition[] }[];
      numerator: AnswerCondition[];
    }
  | {
      /** One rate per answered code, `<key>_<code>`, over the cases that answered `field`. */
      kind: 'distribution';
      key: string;
      label: string;
      form: string;
      field: string;
      population: ReportPopulation;
    }
  | {
      /** Mean of a score over the cases whose submitted form has it, with a t interval. */
      kind: 'mean';
      key: string;
      label: string;
      form: string;
      score: string;
      population: ReportPopulation;
    }
  | ({
      /** Mean exit − intake change of a score, cases closed in the period with both. */
      kind: 'change';
      key: string;
      label: string;
    } & ScorePair)
  | ({
      /** Share of cases closed in the period with both scores whose score moved by `by` or more
       * in the direction of its sign (negative: a fall), e.g. PHQ-9 reliable improvement −6. */
      kind: 'reliable_change';
      key: string;
      label: string;
      by: number;
    } & ScorePair)
  | {
      /** Cases closed in the period with every measure at both points and a clinical case on any
       * measure at intake: share that are a case on none at exit. */
      kind: 'recovery';
      key: string;
      label: string;
      measures: (ScorePair & { caseness: number })[];
    }
  | {
      /** Number of items (e.g. children) in the submitted form of the population's cases. */
      kind: 'item_count';
      key: string;
      label: string;
      items: ItemsOf;
      population: ReportPopulation;
    }
  | {
      /** Share of those items (matching `where`) that match `numerator`. */
      kind: 'item_rate';
      key: string;
      label: string;
      items: ItemsOf;
      population: ReportPopulation;
      where?: AnswerCondition[];
      numerator: AnswerCondition[];
    }
  | ({
      /**
       * Children of the cases closed in the period whose own questionnaire was answered at both
       * points: the share (of those matching `intakeWhere` on their intake answers and `where` on
       * their exit answers) whose exit answers match `numerator`.
       */
      kind: 'child_pair_rate';
      key: string;
      label: string;
      intakeWhere?: AnswerCondition[];
      where?: AnswerCondition[];
      numerator: AnswerCondition[];
    } & ChildPairs)
  | ({
      /**
       * A figure of the report's core outcomes (e.g. `all_abuse_stopped`, `feels_safer`: the
       * client's, that is the non-abusive parent's) for the same cases: those closed in the period
       * with a child whose own questionnaire was answered at both points.
       */
      kind: 'client_outcome_for_child_pairs';
      key: string;
      label: string;
      outcome: string;
    } & ChildPairs);

export type ReportSectionSpec = {
  /** The report section key, e.g. `mental_health` (docs/data-dictionary.md). */
  key: string;
  title: string;
  figures: ReportFigureSpec[];
  /**
   * The figures count children (or young people): disclosure control uses the national
   * threshold even in a service's own report.
   */
  childrenCounts?: true;
  /**
   * `module_services`: each figure of a service report is shown beside the same figure over the
   * national dataset's services where this section's module is active in the period (young
   * people's services compared with young people's services only).
   */
  benchmark?: 'module_services';
};
