/**
 * The report model: a plain data structure of sections, figures, tables and charts, with
 * disclosure control already applied. Every renderer (JSON, CSV, PDF) reads only this, so one
 * request shows the same numbers in every format. These types are the public contract of the JSON
 * report; its sections and figures are listed in docs/data-dictionary.md.
 */
import type { Db } from '@harbour/db';
import type { ModuleDefinition } from '@harbour/forms';
import type { Finding } from './findings';

export type ReportScope = { kind: 'service'; serviceId: string } | { kind: 'national' };

/** Inclusive ISO dates. */
export type ReportPeriod = { from: string; to: string };

export type ReportFilters = { practitionerRole?: string; workerId?: string; projectId?: string };

export type ReportActor = { userId: string; role: string };

export type BenchmarkSource = 'national' | 'census' | 'abuse_profile' | 'safe_caseload';

export type Benchmark = {
  source: BenchmarkSource;
  label: string;
  /** Percentage (rates), or the comparable quantity (a safe caseload). Null when suppressed. */
  value: number | null;
  numerator?: number;
  denominator?: number;
  ci95?: [number, number];
  suppressed?: true;
  suppression?: Suppression;
  /** Census and abuse profile: one-sided exact binomial p-value of the client count against the share. */
  pValue?: number;
};

export type FigureFlag = {
  kind: 'below_national' | 'under_represented' | 'over_safe_caseload' | 'low_response';
  message: string;
  /** Percentage points below the benchmark, or cases above the safe caseload. */
  gap?: number;
};

export type Suppression = 'primary' | 'secondary';

export type FigureUnit = 'count' | 'percent' | 'mean';

export type Figure = {
  key: string;
  label: string;
  unit: FigureUnit;
  /** A count, a percentage 0–100 with one decimal, or a mean; null when suppressed or undefined. */
  value: number | null;
  numerator?: number;
  denominator?: number;
  ci95?: [number, number];
  suppressed?: true;
  /** Why it is hidden: a small count (primary), or to protect another cell of its table (secondary). */
  suppression?: Suppression;
  /** The disclosure threshold of this figure when it is not the report's: children's counts use the national one. */
  threshold?: number;
  benchmark?: Benchmark;
  /** A second comparator beside the benchmark: the national dataset, for sex and age. */
  comparison?: Benchmark;
  flag?: FigureFlag;
};

/** A table's cells are keys of figures of the same section (null for an empty cell). */
export type Table = {
  key: string;
  title: string;
  columns: string[];
  rows: { label: string; figures: (string | null)[] }[];
};

/** A chart draws figures of the same section: bars with their benchmark, or rates with intervals. */
export type Chart = { key: string; kind: 'bar' | 'interval'; title: string; figures: string[] };

export type Section = {
  key: string;
  title: string;
  /** One sentence on who is counted, for the reader and the methods page. */
  population: string;
  figures: Figure[];
  tables: Table[];
  charts: Chart[];
};

export type ReportModel = {
  scope: ReportScope & { name: string };
  period: ReportPeriod;
  filters: ReportFilters;
  generatedAt: string;
  /** The disclosure threshold k applied to this report's own counts. */
  disclosureThreshold: number;
  /** k of the national benchmarks beside the figures. */
  nationalThreshold: number;
  /**
   * Service reports: the service's months between reviews, by which its interim outcomes count a
   * case as long. A national report has none: each case counts by its own service's interval.
   */
  reviewIntervalMonths?: number;
  sections: Section[];
  /** Plain-English findings the statistics support, for the summary (findings.ts). */
  findings: Finding[];
};

export type BuildReportOptions = {
  scope: ReportScope;
  period: ReportPeriod;
  filters?: ReportFilters;
  /** The installed modules, from the composition root (never imported by name here). */
  modules: readonly ModuleDefinition[];
  actor: ReportActor;
  now?: Date;
  /**
   * Where the national rollups are brought up to date when the report reads a read replica: the
   * primary, whose rollup rows the replica receives like every other table (a replica writing its
   * own would collide with them). The database read from when not given.
   */
  primary?: Db;
};
