/**
 * Builds the report model: a few grouped SQL queries per population (one scan each), national
 * benchmarks in a concurrent read-only transaction, then disclosure control — all before any
 * renderer sees a number.
 */
import {
  type Db,
  DEFAULT_REVIEW_INTERVAL_MONTHS,
  type SnapshotRun,
  type TransactionScope,
  type Tx,
  withSharedSnapshot,
} from '@harbour/db';
import type { ModuleDefinition } from '@harbour/forms';
import { NATIONAL_THRESHOLD, testUnderRepresentation } from '@harbour/stats';
import { sql } from 'kysely';
import { ABUSE_PROFILE_LABEL, abuseProfileShare } from './abuse-profile';
import { censusTables, weightedPopulationShare } from './census';
import { CORE_BEFORE_CASELOAD, CORE_FIGURES, OVER_TIME } from './core-sections';
import { activeModulesIn, disclosureThresholdOf } from './disclosure';
import type { Aggregate, FigureDef } from './figure-def';
import { publishFigures, round1 } from './figures';
import { findingsOf } from './findings';
import type { Benchmark, BuildReportOptions, Figure, ReportModel, ReportPeriod, ReportScope, Section } from './model';
import { nationalCache } from './national-cache';
import { isIsoDate } from './periods';
import { type CaseloadRow, caseloadSection } from './sections/caseload';
import { completeness } from './sections/completeness';
import { intake } from './sections/core-forms';
import { type DistributionRequest, moduleSections } from './sections/module-sections';
import {
  type ClientForm,
  interimOutcomes,
  interimPopulation,
  LOW_RESPONSE_PERCENT,
  RESTS_ON,
  responseRates,
} from './sections/over-time-sections';
import type { SectionDef } from './sections/section-def';
import { aggregateFigures, countValues } from './sql/aggregate';
import { type FrameColumn, textField } from './sql/expressions';
import { type Facts, factsOf } from './sql/facts';
import { type CaseFilters, caseFiltersOf, caseFrame, type Population, presentFilters } from './sql/frame';
import {
  fromRollups,
  type NationalRollups,
  nationalRollups,
  type RefreshBound,
  refreshNationalRollups,
  refreshNationalRollupsWithin,
  rollupFigures,
  rollupHolds,
  rollupValues,
  type ValueCount,
} from './sql/rollup';

export class ReportRequestError extends Error {
  constructor(
    message: string,
    readonly code: 'bad_period' | 'unknown_service',
  ) {
    super(message);
    this.name = 'ReportRequestError';
  }
}

/** A report section as documented: its figures' keys and labels, in report order. */
export type SectionCatalogueEntry = {
  key: string;
  title: string;
  population: string;
  figures: { key: string; label: string }[];
};

/**
 * Every section and figure a report of these modules can hold, in report order (the caseload
 * section has one figure per worker, `caseload_<worker id>`). Module distributions are one figure
 * per code, `<key>_<code>`, as in the report.
 */
export function reportCatalogue(modules: readonly ModuleDefinition[]): SectionCatalogueEntry[] {
  const moduleDefs = moduleSections(modules, CORE_FIGURES);
  const entryOf = (def: SectionDef): SectionCatalogueEntry => ({
    key: def.key,
    title: def.title,
    population: def.population,
    figures: [
      ...def.figures.map(({ key, label }) => ({ key, label })),
      ...moduleDefs.distributions
        .filter((request) => request.section === def.key)
        .flatMap((request) =>
          request.codes.map((code) => ({
            key: `${request.key}_${code}`,
            label: `${request.label}: ${code.replace(/_/g, ' ')}`,
          })),
        ),
    ],
  });
  const caseload: SectionCatalogueEntry = {
    key: 'caseload',
    title: 'Caseload',
    population:
      'Cases open at any time in the period, per worker, beside the safe caseload for their FTE (service reports only).',
    figures: [{ key: 'caseload_<worker id>', label: '<worker name> (<FTE> FTE)' }],
  };
  return [
    ...CORE_BEFORE_CASELOAD.map(entryOf),
    caseload,
    ...OVER_TIME.map(entryOf),
    entryOf(responseRates(clientForms(modules))),
    entryOf(completeness(modules)),
    ...moduleDefs.sections.map(entryOf),
  ];
}

const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

function checkPeriod({ from, to }: ReportPeriod): void {
  if (!isIsoDate(from) || !isIsoDate(to)) {
    throw new ReportRequestError('from and to must be ISO dates (YYYY-MM-DD)', 'bad_period');
  }
  if (dayNumber(from) > dayNumber(to)) throw new ReportRequestError('from must not be after to', 'bad_period');
}

type FrameBase = {
  scope: ReportScope;
  period: ReportPeriod;
  filters: CaseFilters;
  facts: Facts;
  /** Only the services where this module is active (benchmarks among peers). */
  amongModule?: string;
};

/**
 * How many connections one report reads over (sharing one snapshot): its queries are independent
 * scans, and PostgreSQL runs each on one core.
 */
const READERS = 2;

/**
 * One aggregate query per population (and per array of items), side by side on the snapshot's
 * readers; national ones summed from the rollups where they can be.
 */
async function aggregateAll(
  run: SnapshotRun,
  base: FrameBase,
  defs: readonly FigureDef[],
  rollups?: NationalRollups,
): Promise<Map<string, Aggregate>> {
  const batches = new Map<string, FigureDef[]>();
  for (const def of defs) {
    const batch = `${def.population}|${def.items ? JSON.stringify(def.items) : ''}`;
    batches.set(batch, [...(batches.get(batch) ?? []), def]);
  }
  const computed = await Promise.all(
    [...batches.values()].map((batch) => {
      const first = batch[0] as FigureDef;
      if (
        rollups &&
        base.scope.kind === 'national' &&
        !base.amongModule &&
        fromRollups(base.filters, first.population) &&
        rollupHolds(rollups, batch, first.population, first.items)
      ) {
        return run((tx) => rollupFigures(tx, rollups, batch, first.population, first.items, base.period, base.filters));
      }
      const frameOf = (columns: readonly FrameColumn[]) =>
        caseFrame({ ...base, population: first.population, columns });
      return run((tx) => aggregateFigures(tx, frameOf, base.facts, batch, first.items));
    }),
  );
  return new Map(computed.flatMap((aggregates) => [...aggregates]));
}

async function caseloadRows(tx: Tx, base: FrameBase): Promise<CaseloadRow[]> {
  const frame = caseFrame({ ...base, population: 'open_any', columns: [] });
  const { rows } = await sql<CaseloadRow>`with frame as (${frame})
    select f.worker_id as "workerId", u.name, coalesce(m.fte, 1)::float8 as fte, count(*)::int as cases
    from frame f
    join users u on u.id = f.worker_id
    left join memberships m on m.service_id = f.service_id and m.user_id = f.worker_id
    group by f.worker_id, u.name, m.fte
    order by u.name, f.worker_id`.execute(tx);
  return rows;
}

/** Distributions counted by value, and where the clients live (for the Census weighting). */
async function countDistributions(
  run: SnapshotRun,
  base: FrameBase,
  requests: readonly DistributionRequest[],
  rollups?: NationalRollups,
): Promise<{ distributions: Map<string, Map<string, number>>; authorities: Map<string, number> }> {
  const counts = await Promise.all(
    (['opened', 'closed'] as Population[]).map((population) => {
      const expressions = requests
        .filter((r) => r.population === population)
        .map((r) => ({ key: r.key, value: r.value }));
      if (population === 'opened') expressions.push(AUTHORITIES);
      if (expressions.length === 0) return new Map<string, Map<string, number>>();
      if (rollups && base.scope.kind === 'national' && fromRollups(base.filters, population)) {
        const keys = expressions.map((e) => e.key);
        return run((tx) => rollupValues(tx, rollups, keys, population, base.period, base.filters));
      }
      const frameOf = (columns: readonly FrameColumn[]) => caseFrame({ ...base, population, columns });
      return run((tx) => countValues(tx, frameOf, expressions));
    }),
  );
  const distributions = new Map<string, Map<string, number>>();
  let authorities = new Map<string, number>();
  for (const [key, values] of counts.flatMap((counted) => [...counted])) {
    if (key === '\u0000authorities') authorities = values;
    else distributions.set(key, values);
  }
  return { distributions, authorities };
}

/** Where the clients live, counted beside the distributions of the cases opened. */
const AUTHORITIES = { key: '\u0000authorities', value: textField(intake, 'local_authority') };

const SAFE_CODE = /^[a-z0-9_]{1,60}$/;

function distributionDefs(request: DistributionRequest, counts: ReadonlyMap<string, number>) {
  const observed = [...counts.keys()].filter((code) => SAFE_CODE.test(code)).sort();
  const codes = request.codes.length > 0 ? request.codes.filter((c) => SAFE_CODE.test(c)) : observed;
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const defs: FigureDef[] = [];
  const aggregates = new Map<string, Aggregate>();
  for (const code of codes) {
    const key = `${request.key}_${code}`;
    defs.push({
      key,
      label: `${request.label}: ${code.replace(/_/g, ' ')}`,
      population: request.population,
      ...(request.childrenCounts ? { childrenCounts: true as const } : {}),
      query: {
        kind: 'rate',
        denominator: `(${request.value} is not null)`,
        numerator: `(${request.value} = '${code}')`,
      },
      group: request.key,
    });
    aggregates.set(key, { kind: 'rate', numerator: counts.get(code) ?? 0, denominator: total });
  }
  return { defs, aggregates };
}

function attachNationalBenchmarks(
  figures: Map<string, Figure>,
  defs: readonly FigureDef[],
  national: ReadonlyMap<string, Figure>,
): void {
  for (const def of defs) {
    const figure = figures.get(def.key);
    const benchmark = national.get(def.key);
    if (!figure || !benchmark) continue;
    const { numerator, denominator, ci95, suppressed, suppression, value } = benchmark;
    const nationalFigure: Benchmark = {
      source: 'national',
      label: 'National',
      value,
      ...(numerator !== undefined ? { numerator } : {}),
      ...(denominator !== undefined ? { denominator } : {}),
      ...(ci95 ? { ci95 } : {}),
      ...(suppressed ? { suppressed, suppression } : {}),
    };
    if (def.alsoNational) figure.comparison = nationalFigure;
    if (def.benchmark !== 'national') continue;
    figure.benchmark = nationalFigure;
    // A referral route far below the national rate: the national rate lies above the upper end
    // of the service's 95% interval.
    if (def.group === 'referral' && !figure.suppressed && figure.ci95 && value !== null && figure.value !== null) {
      if (figure.ci95[1] < value) {
        const gap = round1(value - figure.value);
        figure.flag = {
          kind: 'below_national',
          gap,
          message: `${gap} percentage points below the national rate (${value}%)`,
        };
      }
    }
  }
}

function attachCensusBenchmarks(
  figures: Map<string, Figure>,
  defs: readonly FigureDef[],
  authorities: ReadonlyMap<string, number>,
): void {
  const tables = censusTables();
  for (const def of defs) {
    const figure = figures.get(def.key);
    if (!figure || !def.benchmark || def.benchmark === 'national') continue;
    // Sex and age against who experiences abuse; the other groups against all residents.
    const profile = 'abuseProfile' in def.benchmark;
    const share =
      'abuseProfile' in def.benchmark
        ? abuseProfileShare(def.benchmark.abuseProfile, def.benchmark.category, authorities)
        : weightedPopulationShare(tables, def.benchmark.census, def.benchmark.category, authorities);
    if (share === null) continue;
    const test =
      !figure.suppressed && figure.numerator !== undefined && figure.denominator
        ? testUnderRepresentation(figure.numerator, figure.denominator, share)
        : null;
    figure.benchmark = {
      source: profile ? 'abuse_profile' : 'census',
      label: profile ? ABUSE_PROFILE_LABEL : 'Local population (Census 2021)',
      value: round1(share * 100),
      ...(test ? { pValue: Number(test.pValue.toPrecision(3)) } : {}),
    };
    if (test?.underRepresented) {
      const gap = round1(share * 100 - (figure.value ?? 0));
      const against = profile ? 'of people experiencing domestic abuse locally' : 'of the local population';
      figure.flag = {
        kind: 'under_represented',
        gap,
        message: `Under-represented: ${figure.value}% of clients against ${round1(share * 100)}% ${against} (one-sided exact binomial test, p = ${test.pValue.toPrecision(2)})`,
      };
    }
  }
}

function sectionOf(def: SectionDef, figures: ReadonlyMap<string, Figure>): Section {
  return {
    key: def.key,
    title: def.title,
    population: def.population,
    figures: def.figures.map((f) => figures.get(f.key) as Figure),
    tables: def.tables ?? [],
    charts: def.charts ?? [],
  };
}

/** The client questionnaires of the given modules (latest versions), for their response rates. */
function clientForms(modules: readonly ModuleDefinition[]): ClientForm[] {
  const forms = new Map<string, ClientForm>();
  for (const form of modules.flatMap((m) => m.forms)) {
    if (form.audience === 'client') forms.set(form.key, { key: form.key, title: form.title, stage: form.stage });
  }
  return [...forms.values()];
}

const benchmarkDefs = (modules: readonly ModuleDefinition[]) =>
  [...CORE_BEFORE_CASELOAD, ...OVER_TIME, responseRates(clientForms(modules))]
    .flatMap((s) => s.figures)
    .filter((f) => f.benchmark === 'national' || f.alsoNational);

/** Flags a figure whose clients' questionnaire went mostly unanswered: it may not speak for them all. */
function attachResponseNotes(figures: Map<string, Figure>): void {
  for (const [key, rateKey] of Object.entries(RESTS_ON)) {
    const figure = figures.get(key);
    const rate = figures.get(rateKey);
    if (!figure || figure.flag || figure.suppressed || !rate || rate.suppressed || rate.value === null) continue;
    if (rate.value < LOW_RESPONSE_PERCENT) {
      figure.flag = {
        kind: 'low_response',
        message: `Rests on a low response rate: ${rate.value}% of the clients sent the questionnaire answered it`,
      };
    }
  }
}

const benchmarkCache = nationalCache<Map<string, Figure>>(100);

/** Every figure a national report or benchmark of these modules can show, whichever are active. */
const nationalDefs = (modules: readonly ModuleDefinition[]) =>
  [
    ...CORE_BEFORE_CASELOAD,
    ...OVER_TIME,
    responseRates(clientForms(modules)),
    completeness(modules),
    ...moduleSections(modules, CORE_FIGURES).sections,
  ].flatMap((s) => s.figures);

const rollupsCache = new WeakMap<readonly ModuleDefinition[], { facts: Facts; rollups: NationalRollups }>();

/**
 * The national rollups of every figure and distribution a report of these modules can show,
 * whichever modules are active in a period: the layouts do not change with the period.
 */
function rollupsOf(modules: readonly ModuleDefinition[], facts: Facts): NationalRollups {
  const cached = rollupsCache.get(modules);
  if (cached?.facts === facts) return cached.rollups;
  const sections = moduleSections(modules, CORE_FIGURES);
  const defs = nationalDefs(modules);
  const counts: ValueCount[] = [
    ...sections.distributions.map((r) => ({ key: r.key, value: r.value, population: r.population })),
    { ...AUTHORITIES, population: 'opened' },
  ];
  const rollups = nationalRollups(defs, counts, facts);
  rollupsCache.set(modules, { facts, rollups });
  return rollups;
}

/** A report's request waits for a small refresh only: a few weeks of stale days, a lock held a moment. */
const REQUEST_BOUND: RefreshBound = { staleDays: 62, lockMs: 2000 };

/** The refresh running in the background for each database pool: one at a time. */
const backgroundRefresh = new WeakMap<Db, Promise<unknown>>();

/**
 * The national rollups of these modules brought up to date, or undefined when that is more than
 * a report's request should wait for (a layout to build from scratch after a migration, a new
 * module or a bulk load; many stale days after a large import; another refresh at work). Then
 * the report scans the cases, exactly as the rollups would sum them, and the refresh runs in
 * the background, so no request waits minutes for a build. A background refresh that fails is
 * tried again by the next request that finds the rollups out of date.
 */
async function currentRollups(
  db: Db,
  actor: BuildReportOptions['actor'],
  modules: readonly ModuleDefinition[],
  facts: Facts,
): Promise<NationalRollups | undefined> {
  const rollups = rollupsOf(modules, facts);
  if ((await refreshNationalRollupsWithin(db, actor, rollups, REQUEST_BOUND)) !== 'deferred') return rollups;
  if (!backgroundRefresh.has(db)) {
    const refresh = refreshNationalRollups(db, actor, rollups)
      .catch(() => undefined)
      .finally(() => backgroundRefresh.delete(db));
    backgroundRefresh.set(db, refresh);
  }
  return undefined;
}

/**
 * The raw national aggregates of every figure and distribution of these modules over a period,
 * before disclosure control, summed from the rollups or scanned from the cases: the two must
 * agree figure for figure (the rollup test and the benchmark check it).
 */
export async function nationalAggregates(
  db: Db,
  options: Pick<BuildReportOptions, 'period' | 'filters' | 'modules' | 'actor'> & { source: 'rollups' | 'scan' },
): Promise<{ aggregates: Map<string, Aggregate>; distributions: Map<string, Map<string, number>> }> {
  const { period, modules, actor } = options;
  checkPeriod(period);
  const facts = await factsOf(db);
  const base: FrameBase = { scope: { kind: 'national' }, period, filters: presentFilters(options.filters), facts };
  let rollups: NationalRollups | undefined;
  if (options.source === 'rollups') {
    rollups = rollupsOf(modules, facts);
    await refreshNationalRollups(db, actor, rollups);
  }
  return withSharedSnapshot(db, { kind: 'national', ctx: actor }, READERS, async (run) => {
    const [aggregates, counted] = await Promise.all([
      aggregateAll(run, base, nationalDefs(modules), rollups),
      countDistributions(run, base, moduleSections(modules, CORE_FIGURES).distributions, rollups),
    ]);
    counted.distributions.set(AUTHORITIES.key, counted.authorities);
    return { aggregates, distributions: counted.distributions };
  });
}

/** Builds (or brings up to date) the national rollups of these modules; what it did. */
export async function refreshRollups(db: Db, actor: BuildReportOptions['actor'], modules: readonly ModuleDefinition[]) {
  return refreshNationalRollups(db, actor, rollupsOf(modules, await factsOf(db)));
}

/**
 * The national benchmarks of a service report: the same definitions over the national dataset
 * (sharing services, consenting clients) for the same period, in their own read-only
 * transaction, run beside the service's queries. They scan the whole national period, change
 * slowly and are the same for every service, so each period's are kept for ten minutes.
 */
function nationalBenchmarksOf(
  db: Db,
  primary: Db,
  actor: BuildReportOptions['actor'],
  period: ReportPeriod,
  modules: readonly ModuleDefinition[],
) {
  const defs = benchmarkDefs(modules);
  // keyed by the figures too: another module list asks for other response rates
  return benchmarkCache(`${period.from}|${period.to}|${defs.map((d) => d.key).join(',')}`, () =>
    factsOf(db)
      .then(async (facts) => {
        const rollups = await currentRollups(primary, actor, modules, facts);
        return withSharedSnapshot(db, { kind: 'national', ctx: actor }, READERS, (run) =>
          aggregateAll(run, { scope: { kind: 'national' }, period, filters: {}, facts }, defs, rollups),
        );
      })
      .then((aggregates) => publishFigures(defs, aggregates, NATIONAL_THRESHOLD)),
  );
}

/**
 * National benchmarks among peers: the figures of sections that compare a service with the
 * national dataset's services where their module is active (young people's services with young
 * people's services only), at the national threshold.
 */
async function moduleBenchmarksOf(
  db: Db,
  actor: BuildReportOptions['actor'],
  period: ReportPeriod,
  facts: Facts,
  defs: readonly FigureDef[],
): Promise<Map<string, { moduleKey: string; figure: Figure }>> {
  const byModule = new Map<string, FigureDef[]>();
  for (const def of defs) {
    if (def.benchmarkAmongModule)
      byModule.set(def.benchmarkAmongModule, [...(byModule.get(def.benchmarkAmongModule) ?? []), def]);
  }
  const result = new Map<string, { moduleKey: string; figure: Figure }>();
  for (const [moduleKey, moduleDefs] of byModule) {
    // the same for every service of the module, and as slow to change as the national benchmarks
    const key = `${moduleKey}|${period.from}|${period.to}|${moduleDefs.map((d) => d.key).join(',')}`;
    const figures = await benchmarkCache(key, () =>
      withSharedSnapshot(db, { kind: 'national', ctx: actor }, READERS, (run) =>
        aggregateAll(
          run,
          { scope: { kind: 'national' }, period, filters: {}, facts, amongModule: moduleKey },
          moduleDefs,
        ),
      ).then((aggregates) => publishFigures(moduleDefs, aggregates, NATIONAL_THRESHOLD)),
    );
    for (const [figureKey, figure] of figures) result.set(figureKey, { moduleKey, figure });
  }
  return result;
}

function attachModuleBenchmarks(
  figures: Map<string, Figure>,
  benchmarks: ReadonlyMap<string, { moduleKey: string; figure: Figure }>,
  modules: readonly ModuleDefinition[],
): void {
  for (const [key, { moduleKey, figure: benchmark }] of benchmarks) {
    const figure = figures.get(key);
    if (!figure) continue;
    const { numerator, denominator, ci95, suppressed, suppression, value } = benchmark;
    const title = modules.find((m) => m.key === moduleKey)?.title ?? moduleKey;
    figure.benchmark = {
      source: 'national',
      label: `National, services with the ${title} module`,
      value,
      ...(numerator !== undefined ? { numerator } : {}),
      ...(denominator !== undefined ? { denominator } : {}),
      ...(ci95 ? { ci95 } : {}),
      ...(suppressed ? { suppressed, suppression } : {}),
    };
  }
}

export async function buildReportModel(db: Db, options: BuildReportOptions): Promise<ReportModel> {
  const { scope, period, actor } = options;
  const filters = presentFilters(options.filters);
  checkPeriod(period);
  const facts = await factsOf(db);
  const generatedAt = (options.now ?? new Date()).toISOString();

  const nationalBenchmarks =
    scope.kind === 'service'
      ? nationalBenchmarksOf(db, options.primary ?? db, actor, period, options.modules)
      : Promise.resolve(new Map<string, Figure>());

  const readScope: TransactionScope =
    scope.kind === 'service'
      ? { kind: 'tenant', ctx: { serviceId: scope.serviceId, userId: actor.userId, role: actor.role } }
      : { kind: 'national', ctx: actor };

  const rollups =
    scope.kind === 'national' ? await currentRollups(options.primary ?? db, actor, options.modules, facts) : undefined;
  const local = await withSharedSnapshot(db, readScope, READERS, async (run) => {
    const [service, active, caseFilters] = await run(async (tx) => [
      scope.kind === 'service'
        ? await tx
            .selectFrom('services')
            .select(['name', 'settings', 'local_authority'])
            .where('id', '=', scope.serviceId)
            .executeTakeFirst()
        : undefined,
      await activeModulesIn(tx, options.modules, scope, period),
      await caseFiltersOf(tx, filters),
    ]);
    const base: FrameBase = { scope, period, filters: caseFilters, facts };
    if (scope.kind === 'service' && !service) throw new ReportRequestError('no such service', 'unknown_service');
    const modules = moduleSections(active, CORE_FIGURES);
    const sectionDefs = [
      ...CORE_BEFORE_CASELOAD,
      ...OVER_TIME,
      responseRates(clientForms(active)),
      completeness(active),
      ...modules.sections,
    ];
    const [aggregates, counted, caseload] = await Promise.all([
      aggregateAll(
        run,
        base,
        sectionDefs.flatMap((s) => s.figures),
        rollups,
      ),
      countDistributions(run, base, modules.distributions, rollups),
      scope.kind === 'service' ? run((tx) => caseloadRows(tx, base)) : [],
    ]);
    return { service, sectionDefs, modules, aggregates, counted, caseload, active };
  });

  const k = disclosureThresholdOf(scope, local.service?.settings, local.active);
  const { aggregates, counted } = local;

  // Module distributions become one rate figure per code, added to copies of their module's
  // sections: the definitions themselves are shared by every report.
  const sectionDefs = local.sectionDefs.map((def) => {
    const requests = local.modules.distributions.filter((r) => r.section === def.key);
    if (requests.length === 0 || !local.modules.sections.includes(def)) return def;
    const figures = [...def.figures];
    for (const request of requests) {
      const { defs, aggregates: shares } = distributionDefs(
        request,
        counted.distributions.get(request.key) ?? new Map(),
      );
      figures.push(...defs);
      for (const [key, aggregate] of shares) aggregates.set(key, aggregate);
    }
    return { ...def, figures };
  });

  const allDefs = sectionDefs.flatMap((s) => s.figures);
  const figures = publishFigures(allDefs, aggregates, k);
  attachNationalBenchmarks(figures, allDefs, await nationalBenchmarks);
  if (scope.kind === 'service') {
    attachModuleBenchmarks(figures, await moduleBenchmarksOf(db, actor, period, facts, allDefs), local.active);
  }
  const authorities =
    counted.authorities.size > 0 || !local.service?.local_authority
      ? counted.authorities
      : new Map([[local.service.local_authority, 1]]);
  attachCensusBenchmarks(figures, allDefs, authorities);
  attachResponseNotes(figures);

  const reviewIntervalMonths = local.service
    ? (local.service.settings.reviewIntervalMonths ?? DEFAULT_REVIEW_INTERVAL_MONTHS)
    : undefined;
  const sections = sectionDefs.map((def) =>
    def === interimOutcomes && reviewIntervalMonths !== undefined
      ? sectionOf({ ...def, population: interimPopulation(reviewIntervalMonths) }, figures)
      : sectionOf(def, figures),
  );
  const caseload = caseloadSection({
    scope: scope.kind,
    rows: local.caseload,
    period,
    safeCaseloadPerFte: local.service?.settings.safeCaseloadPerFte ?? 70,
  });
  sections.splice(CORE_BEFORE_CASELOAD.length, 0, caseload);

  return {
    scope: { ...scope, name: local.service?.name ?? 'National dataset' },
    period,
    filters,
    generatedAt,
    disclosureThreshold: k,
    nationalThreshold: NATIONAL_THRESHOLD,
    ...(reviewIntervalMonths !== undefined ? { reviewIntervalMonths } : {}),
    sections,
    findings: findingsOf(sections),
  };
}
