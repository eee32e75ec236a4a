/**
 * The manager's dashboard: a few measures for the last complete quarter and the last four
 * (the year), against the quarter and year before and the national dataset, with the last
 * eight quarters as a trend, and data-quality alerts. The figures are the report's own
 * definitions and disclosure control, counted for all periods in one scan per population, so a
 * quarter's value equals that quarter's report.
 */
import {
  type Db,
  type ServiceSettings,
  type SnapshotRun,
  type TransactionScope,
  type Tx,
  withSharedSnapshot,
} from '@harbour/db';
import type { ModuleDefinition } from '@harbour/forms';
import { NATIONAL_THRESHOLD } from '@harbour/stats';
import { activeModulesIn, disclosureThresholdOf } from './disclosure';
import type { FigureDef } from './figure-def';
import { publishFigures, round1 } from './figures';
import type { Figure, ReportActor, ReportFilters, ReportPeriod, ReportScope } from './model';
import { nationalCache } from './national-cache';
import { addDays, completeQuartersBefore, isIsoDate, type Quarter, spanOf } from './periods';
import { CORE_KEY_FIELDS } from './sections/completeness';
import { INTAKE } from './sections/core-forms';
import { clientVoice, outcomes } from './sections/exit-sections';
import { headline } from './sections/intake-sections';
import type { SectionDef } from './sections/section-def';
import { aggregateFiguresByPeriod, type PeriodAggregates } from './sql/aggregate';
import { type DataQualityAlert, dataQualityAlerts } from './sql/data-quality';
import { factsOf } from './sql/facts';
import { type CaseFilters, caseFiltersOf, caseFrame, type Population, presentFilters } from './sql/frame';

export type DashboardMeasureKey =
  | 'cases_opened'
  | 'cases_open'
  | 'high_risk'
  | 'marac_referred'
  | 'all_abuse_stopped'
  | 'feels_safer'
  | 'client_questionnaire_answered'
  | 'caseload_per_worker';

/** A measure read from a report section's figure, or caseload per worker (cases open ÷ workers). */
const MEASURES: { key: DashboardMeasureKey; section: string; label: string; national: boolean }[] = [
  { key: 'cases_opened', section: 'headline', label: 'Cases opened', national: false },
  { key: 'cases_open', section: 'headline', label: 'Cases open at any time', national: false },
  { key: 'high_risk', section: 'headline', label: 'High risk at intake', national: true },
  { key: 'marac_referred', section: 'headline', label: 'Referred to Marac', national: true },
  { key: 'all_abuse_stopped', section: 'outcomes', label: 'All abuse stopped', national: true },
  { key: 'feels_safer', section: 'outcomes', label: 'Feels safer', national: true },
  {
    key: 'client_questionnaire_answered',
    section: 'client_voice',
    label: 'Client questionnaire response rate',
    national: true,
  },
  { key: 'caseload_per_worker', section: 'caseload', label: 'Cases per worker', national: true },
];

const SECTIONS: SectionDef[] = [headline, outcomes, clientVoice];

const defOf = (section: string, key: string): FigureDef => {
  const def = SECTIONS.find((s) => s.key === section)?.figures.find((f) => f.key === key);
  if (!def) throw new Error(`no figure ${section}.${key}`);
  return def;
};

const FIGURE_DEFS = MEASURES.filter((m) => m.key !== 'caseload_per_worker').map((m) => defOf(m.section, m.key));
const NATIONAL_DEFS = FIGURE_DEFS.filter((def) => MEASURES.find((m) => m.key === def.key)?.national);

export type DashboardMeasure = {
  key: DashboardMeasureKey;
  label: string;
  /** The report section the figure comes from. */
  section: string;
  quarter: Figure;
  previousQuarter: Figure;
  year: Figure;
  previousYear: Figure;
  /** The national dataset for the quarter and the year (rates and caseload only). */
  national?: { quarter: Figure; year: Figure };
  /** The last eight complete quarters, oldest first (the last is `quarter`). */
  trend: { quarter: Quarter; figure: Figure }[];
};

export type DashboardModel = {
  scope: { kind: 'service'; serviceId: string; name: string };
  filters: ReportFilters;
  asOf: string;
  generatedAt: string;
  /**
   * The service's own threshold; a figure of a period whose report counts with another (the
   * national one, while a module for child clients was active) carries that as its `threshold`.
   */
  disclosureThreshold: number;
  nationalThreshold: number;
  periods: { quarter: Quarter; previousQuarter: Quarter; year: ReportPeriod; previousYear: ReportPeriod };
  quarters: Quarter[];
  measures: DashboardMeasure[];
  alerts: DataQualityAlert[];
};

export type BuildDashboardOptions = {
  serviceId: string;
  filters?: ReportFilters;
  actor: ReportActor;
  /** The installed modules: which of them were active in a period decides its threshold, as in its report. */
  modules: readonly ModuleDefinition[];
  /** The day the dashboard is for (ISO date); its quarter is under way and not shown. */
  asOf: string;
  now?: Date;
};

const READERS = 2;
const POPULATIONS: Population[] = ['opened', 'closed', 'open_any'];

/** Every measure for each period: the report figures, then cases per worker from the open cases. */
async function measuresByPeriod<Extra = undefined>(
  db: Db,
  readScope: TransactionScope,
  scope: ReportScope,
  filters: ReportFilters,
  periods: readonly ReportPeriod[],
  defs: readonly FigureDef[],
  extra?: (run: SnapshotRun, filters: CaseFilters) => Promise<Extra>,
) {
  const facts = await factsOf(db);
  const span: ReportPeriod = {
    from: periods.map((p) => p.from).sort()[0] as string,
    to: periods
      .map((p) => p.to)
      .sort()
      .at(-1) as string,
  };
  return withSharedSnapshot(db, readScope, READERS, async (run) => {
    const caseFilters = await run((tx) => caseFiltersOf(tx, filters));
    const [byPopulation, extraResult] = await Promise.all([
      Promise.all(
        POPULATIONS.map((population) =>
          run((tx) =>
            aggregateFiguresByPeriod(
              tx,
              (columns) => caseFrame({ population, scope, period: span, filters: caseFilters, columns, facts }),
              facts,
              defs.filter((d) => d.population === population),
              population,
              periods,
            ),
          ),
        ),
      ),
      extra ? extra(run, caseFilters) : Promise.resolve(undefined),
    ]);
    return { byPopulation: byPopulation as PeriodAggregates[][], extra: extraResult as Extra };
  });
}

/** Cases open at any time in the period over the workers who held them (not disclosure-controlled: workload). */
function caseloadFigure(open: PeriodAggregates | undefined): Figure {
  const cases = open?.aggregates.get('cases_open');
  const count = cases?.kind === 'count' ? cases.count : 0;
  const workers = open?.workers ?? 0;
  return {
    key: 'caseload_per_worker',
    label: 'Cases per worker',
    unit: 'mean',
    value: workers > 0 ? round1(count / workers) : null,
    ...(workers > 0 ? { denominator: workers } : {}),
  };
}

/**
 * Each period's figures at that period's threshold (`thresholds[i]`, as its report applies); a
 * figure whose threshold is not `shownK`, the one the page or PDF says, carries its own.
 */
function publishPeriods(
  byPopulation: PeriodAggregates[][],
  defs: readonly FigureDef[],
  thresholds: readonly number[],
  shownK: number,
): Map<string, Figure>[] {
  return thresholds.map((k, i) => {
    const aggregates = new Map(byPopulation.flatMap((periods) => [...(periods[i]?.aggregates ?? new Map())]));
    const figures = publishFigures(defs, aggregates, k);
    if (k !== shownK) {
      for (const [key, figure] of figures) figures.set(key, { threshold: k, ...figure });
    }
    figures.set('caseload_per_worker', caseloadFigure(byPopulation[POPULATIONS.indexOf('open_any')]?.[i]));
    return figures;
  });
}

/** The threshold of each period's report for the service, from the modules active in it. */
async function periodThresholds(
  tx: Tx,
  modules: readonly ModuleDefinition[],
  scope: ReportScope,
  settings: ServiceSettings | undefined,
  periods: readonly ReportPeriod[],
): Promise<number[]> {
  const thresholds: number[] = [];
  // one transaction runs one query at a time
  for (const period of periods) {
    thresholds.push(disclosureThresholdOf(scope, settings, await activeModulesIn(tx, modules, scope, period)));
  }
  return thresholds;
}

const nationalFiguresCache = nationalCache<Map<string, Figure>[]>(50);

/** The national dataset's figures for the quarter and the year: the same for every service. */
function nationalFigures(db: Db, actor: ReportActor, periods: ReportPeriod[]): Promise<Map<string, Figure>[]> {
  const defs = [...NATIONAL_DEFS, defOf('headline', 'cases_open')];
  return nationalFiguresCache(periods.map((p) => `${p.from}|${p.to}`).join(','), () =>
    measuresByPeriod(db, { kind: 'national', ctx: actor }, { kind: 'national' }, {}, periods, defs).then(
      ({ byPopulation }) =>
        publishPeriods(
          byPopulation,
          defs,
          periods.map(() => NATIONAL_THRESHOLD),
          NATIONAL_THRESHOLD,
        ),
    ),
  );
}

export class DashboardRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DashboardRequestError';
  }
}

export async function buildDashboard(db: Db, options: BuildDashboardOptions): Promise<DashboardModel> {
  const { serviceId, actor, asOf, modules } = options;
  if (!isIsoDate(asOf)) {
    throw new DashboardRequestError('asOf must be an ISO date (YYYY-MM-DD)');
  }
  const filters = presentFilters(options.filters);
  const trendQuarters = completeQuartersBefore(asOf, 8);
  const year = spanOf(trendQuarters.slice(4));
  const previousYear = spanOf(trendQuarters.slice(0, 4));
  // Periods 0–7: the eight quarters of the trend; 8: the year; 9: the year before.
  const periods: ReportPeriod[] = [...trendQuarters, year, previousYear];
  const scope: ReportScope = { kind: 'service', serviceId };
  const national = nationalFigures(db, actor, [trendQuarters[7] as Quarter, year]);

  const intakeKeyFields = CORE_KEY_FIELDS[INTAKE]?.length ?? 0;
  const { byPopulation, extra } = await measuresByPeriod(
    db,
    { kind: 'tenant', ctx: { serviceId, userId: actor.userId, role: actor.role } },
    scope,
    filters,
    periods,
    FIGURE_DEFS,
    (run, caseFilters) =>
      run(async (tx) => {
        const service = await tx
          .selectFrom('services')
          .select(['name', 'settings'])
          .where('id', '=', serviceId)
          .executeTakeFirst();
        const alerts = await dataQualityAlerts(tx, {
          serviceId,
          filters: caseFilters,
          period: year,
          asOf,
          intakeKeyFields,
        });
        const thresholds = await periodThresholds(tx, modules, scope, service?.settings, periods);
        return { service, alerts, thresholds };
      }),
  );
  const { service, alerts, thresholds } = extra;
  if (!service) throw new DashboardRequestError('no such service');
  const k = disclosureThresholdOf(scope, service.settings, []);
  const published = publishPeriods(byPopulation, FIGURE_DEFS, thresholds, k);
  const [nationalQuarter, nationalYear] = await national;

  const figureAt = (i: number, key: string) => published[i]?.get(key) as Figure;
  const measures = MEASURES.map((m): DashboardMeasure => {
    const nationalOf = (figures: Map<string, Figure> | undefined) => figures?.get(m.key) as Figure;
    return {
      key: m.key,
      label: m.label,
      section: m.section,
      quarter: figureAt(7, m.key),
      previousQuarter: figureAt(6, m.key),
      year: figureAt(8, m.key),
      previousYear: figureAt(9, m.key),
      ...(m.national ? { national: { quarter: nationalOf(nationalQuarter), year: nationalOf(nationalYear) } } : {}),
      trend: trendQuarters.map((quarter, i) => ({ quarter, figure: figureAt(i, m.key) })),
    };
  });

  return {
    scope: { kind: 'service', serviceId, name: service.name },
    filters,
    asOf,
    generatedAt: (options.now ?? new Date()).toISOString(),
    disclosureThreshold: k,
    nationalThreshold: NATIONAL_THRESHOLD,
    periods: {
      quarter: trendQuarters[7] as Quarter,
      previousQuarter: trendQuarters[6] as Quarter,
      year,
      previousYear,
    },
    quarters: trendQuarters,
    measures,
    alerts,
  };
}

/** A report's trend: the service's figures for each of the quarters, as their reports show them. */
export type TrendPoint = { quarter: Quarter; figures: Map<string, Figure> };

/**
 * The eight complete quarters up to the end of a report's period, for the trend chart of its
 * summary: cases opened and all abuse stopped, each quarter with its own report's disclosure
 * control; `k` is the threshold of the report the trend is drawn in.
 */
export async function reportTrend(
  db: Db,
  options: {
    serviceId: string;
    filters: ReportFilters;
    actor: ReportActor;
    period: ReportPeriod;
    modules: readonly ModuleDefinition[];
    k: number;
  },
): Promise<TrendPoint[]> {
  const dayAfter = addDays(options.period.to, 1);
  const quarters = completeQuartersBefore(dayAfter, 8);
  const defs = [defOf('headline', 'cases_opened'), defOf('outcomes', 'all_abuse_stopped')];
  const scope: ReportScope = { kind: 'service', serviceId: options.serviceId };
  const { byPopulation, extra: thresholds } = await measuresByPeriod(
    db,
    { kind: 'tenant', ctx: { serviceId: options.serviceId, userId: options.actor.userId, role: options.actor.role } },
    scope,
    options.filters,
    quarters,
    defs,
    (run) =>
      run(async (tx) => {
        const service = await tx
          .selectFrom('services')
          .select('settings')
          .where('id', '=', options.serviceId)
          .executeTakeFirst();
        return periodThresholds(tx, options.modules, scope, service?.settings, quarters);
      }),
  );
  const published = publishPeriods(byPopulation, defs, thresholds, options.k);
  return quarters.map((quarter, i) => ({ quarter, figures: published[i] ?? new Map() }));
}
