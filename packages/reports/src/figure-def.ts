import type { ChildPairs, ItemsOf } from '@harbour/forms';
import type { AbuseProfileVariable } from './abuse-profile';
import type { CensusVariable } from './census';
import type { Sql } from './sql/expressions';
import type { Population } from './sql/frame';

/** What one figure aggregates over its population's case frame. */
export type FigureQuery =
  | { kind: 'count'; where: Sql }
  /** A sum of a numeric answer, e.g. children in households: disclosure-controlled as a count. */
  | { kind: 'sum'; value: Sql }
  /** `within` narrows the denominator to a subgroup (kept apart so the denominator is computed once a row). */
  | { kind: 'rate'; denominator: Sql; numerator: Sql; within?: Sql }
  /** Mean of a numeric expression; nulls are left out. */
  | { kind: 'mean'; value: Sql }
  /** Key fields answered (present, not `not_known`) over the submitted responses of a form. */
  | { kind: 'answered'; form: string; fields: string[] };

export type FigureDef = {
  key: string;
  label: string;
  population: Population;
  /**
   * Aggregate over the objects of an array answer (one row per item), or over the children with
   * their own responses at both points (one row per child, `item` = `{intake, exit}`), instead of cases.
   */
  items?: ItemsOf | ChildPairs;
  query: FigureQuery;
  /**
   * Figures of one group share their denominator and split it (each case in at most one): the
   * shown denominator is a table total, so hiding one cell needs a second one hidden.
   */
  group?: string;
  /** What the group's cells count: the figures' numerators (a distribution, the default) or their
   * denominators (subgroups of one outcome, whose denominators add up to the outcome's). */
  groupCell?: 'numerator' | 'denominator';
  /**
   * Show the national figure beside this one (service reports), the local population share
   * (Census), or the share among people who experience domestic abuse locally (Census × CSEW).
   */
  benchmark?:
    | 'national'
    | { census: CensusVariable; category: string }
    | { abuseProfile: AbuseProfileVariable; category: string };
  /** Also show the national dataset's figure beside the local benchmark (`Figure.comparison`). */
  alsoNational?: true;
  /** Counts of workload rather than of people (caseload) are not disclosure-controlled. */
  workload?: true;
  /** Counts of children: disclosure control at the national threshold, even in a service's report. */
  childrenCounts?: true;
  /** The national benchmark is among the services where this module is active (peers only). */
  benchmarkAmongModule?: string;
};

/** One aggregate's raw numbers, before disclosure control. */
export type Aggregate =
  | { kind: 'count'; count: number }
  | { kind: 'rate'; numerator: number; denominator: number }
  | { kind: 'mean'; n: number; mean: number | null; sd: number | null }
  | { kind: 'answered'; responses: number; answered: number; fields: number };
