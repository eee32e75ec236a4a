/**
 * Benchmark 3: reports. For (a) one service's year, (b) the national year and (c) the whole
 * period: the report model built in this process (its SQL, then JSON serialisation, timed
 * apart), and the JSON and PDF over HTTP from the API process with its peak memory.
 */
import { createPool, type Db } from '@harbour/db';
import type { Registry } from '@harbour/forms';
import { buildReportModel, nationalAggregates, refreshRollups } from '@harbour/reports';
import { type ApiSession, addDays } from '@harbour/synth';
import { Kysely, PostgresDialect } from 'kysely';
import type { ApiServer } from './api-server';
import { formatSteps, type QueryTiming, queryRecorder } from './report-queries';
import { formatSummary, type Summary, summarise, timeIt } from './stats';

export type ReportCase = {
  key: 'a' | 'b' | 'c';
  label: string;
  scope: { kind: 'service'; serviceId: string } | { kind: 'national' };
  period: { from: string; to: string };
  /** Who asks: the service's manager, or a platform admin for the national report. */
  actor: { userId: string; role: string };
  session: ApiSession | null;
  /** DuckDB's median for the same aggregations, when the anchor ran. */
  duckdbMs?: number;
};

const TARGETS: Record<ReportCase['key'], { json?: number; pdf?: number }> = {
  a: { json: 300, pdf: 2000 },
  b: { json: 5000 },
  c: {},
};
const TARGET_MEMORY_MB = 500;

type HttpTiming = { ms: Summary; first: number; peakMb: number; bytes: number } | { skipped: string };

type Actor = { userId: string; role: string };

/**
 * The national figures of one period summed from the rollups and scanned from the cases (as every
 * national report did before the rollups), timed side by side; the two must agree figure for figure.
 */
async function rollupsAgainstScan(
  db: Db,
  registry: Registry,
  c: ReportCase,
  runs: number,
  scanRuns: number,
  out: (line: string) => void,
) {
  const options = { period: c.period, modules: registry.modules(), actor: c.actor };
  const rolled: number[] = [];
  const scanned: number[] = [];
  let same = true;
  for (let run = 0; run < runs; run++) {
    const fromRollups = await timeIt(() => nationalAggregates(db, { ...options, source: 'rollups' }));
    rolled.push(fromRollups.ms);
    if (run >= scanRuns) continue;
    const fromScan = await timeIt(() => nationalAggregates(db, { ...options, source: 'scan' }));
    scanned.push(fromScan.ms);
    same &&= sameAggregates(fromRollups.value.aggregates, fromScan.value.aggregates);
    same &&=
      JSON.stringify([...fromRollups.value.distributions].map(([k, v]) => [k, [...v].sort()])) ===
      JSON.stringify([...fromScan.value.distributions].map(([k, v]) => [k, [...v].sort()]));
  }
  const scan =
    scanned.length === 0
      ? 'not scanned in this run (--scan-runs=0)'
      : `scanned from the cases ${formatSummary(summarise(scanned), 'ms')}; ${same ? 'the two agree figure for figure' : 'THE TWO DISAGREE'}`;
  out(
    `  every national aggregate and distribution: summed from the rollups ${formatSummary(summarise(rolled), 'ms')}; ${scan}`,
  );
}

/**
 * The first report of a period on a server that has been answering reports: the period's
 * national benchmarks are not yet summed (each run asks for the year ending a day earlier), while
 * the connections and the service's pages are as a running server has them. The first run
 * above is the report after the server started.
 */
async function anotherPeriod(
  db: Db,
  registry: Registry,
  c: ReportCase,
  runs: number,
  recorder: ReturnType<typeof queryRecorder>,
  out: (line: string) => void,
) {
  const samples: number[] = [];
  let steps: QueryTiming[] = [];
  for (let run = 1; run <= runs; run++) {
    const period = { from: addDays(c.period.from, -run), to: addDays(c.period.to, -run) };
    recorder.take();
    const built = await timeIt(() =>
      buildReportModel(db, { scope: c.scope, period, modules: registry.modules(), actor: c.actor }),
    );
    samples.push(built.ms);
    steps = recorder.take();
  }
  out(
    `  first report of another period (the year ending ${runs === 1 ? 'a day' : `1–${runs} days`} earlier), its national benchmarks summed afresh: model ${formatSummary(summarise(samples), 'ms')}`,
  );
  out(`  its SQL in the last of those runs, per step: ${formatSteps(steps)}`);
}

function sameAggregates(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): boolean {
  // means and standard deviations to 12 significant digits (the report shows one decimal)
  const text = (m: ReadonlyMap<string, unknown>) =>
    JSON.stringify(
      [...m].map(([key, aggregate]) => [key, Object.entries(aggregate as object).sort()]),
      (_, v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v),
    );
  return text(a) === text(b);
}

async function overHttp(
  server: ApiServer,
  session: ApiSession | null,
  c: ReportCase,
  format: 'json' | 'pdf',
  runs: number,
): Promise<HttpTiming> {
  if (!session) return { skipped: 'no signed-in user for this scope' };
  const path = c.scope.kind === 'service' ? '/api/v1/reports/service' : '/api/v1/reports/national';
  const url = `${path}?from=${c.period.from}&to=${c.period.to}&format=${format}`;
  const samples: number[] = [];
  let peak = 0;
  let bytes = 0;
  for (let run = 0; run < runs; run++) {
    server.resetPeak();
    const { ms, value } = await timeIt(() => session.request('GET', url));
    if (value.status === 404) return { skipped: `GET ${path} answered 404 (not in the API yet?)` };
    if (value.status !== 200) return { skipped: `GET ${path} answered ${value.status}: ${value.body.slice(0, 200)}` };
    samples.push(ms);
    bytes = value.body.length;
    peak = Math.max(peak, server.peakRssMb() ?? 0);
  }
  return { ms: summarise(samples), first: samples[0] ?? 0, peakMb: peak, bytes };
}

export async function benchReports(options: {
  server: ApiServer | null;
  apiUrl: string;
  registry: Registry;
  cases: ReportCase[];
  runs: number;
  /** Runs of the scan the rollups are compared with. */
  scanRuns: number;
  /** Who brings the national rollups up to date before the reports are measured. */
  nationalActor: Actor;
  /** Each line as soon as it is measured: the national reports of a million cases take minutes. */
  out: (line: string) => void;
}): Promise<void> {
  const { server, apiUrl, registry, cases, runs, scanRuns, out, nationalActor } = options;
  const recorder = queryRecorder();
  const db: Db = new Kysely({
    dialect: new PostgresDialect({
      pool: createPool({ url: apiUrl, max: 6, keep: 6, applicationName: 'harbour-bench-reports' }),
    }),
    log: recorder.log,
  });
  try {
    // after a fresh load (the COPY loader's triggers are off) this builds every rollup; on kept
    // data it recomputes the days the benchmark's own writes and removals touched
    const refreshed = await timeIt(() => refreshRollups(db, nationalActor, registry.modules()));
    out(
      `national rollups brought up to date: ${(refreshed.ms / 1000).toFixed(1)} s (${refreshed.value.built} layouts built from scratch, ${refreshed.value.staleDays} stale days recomputed)`,
    );
    for (const c of cases) {
      const model: number[] = [];
      const serialise: number[] = [];
      let figures = 0;
      let steps: QueryTiming[] = [];
      let firstSteps: QueryTiming[] = [];
      for (let run = 0; run < runs; run++) {
        recorder.take();
        const built = await timeIt(() =>
          buildReportModel(db, { scope: c.scope, period: c.period, modules: registry.modules(), actor: c.actor }),
        );
        model.push(built.ms);
        steps = recorder.take();
        if (run === 0) firstSteps = steps;
        const json = await timeIt(async () => JSON.stringify(built.value));
        serialise.push(json.ms);
        figures = built.value.sections.reduce((sum, s) => sum + s.figures.length, 0);
      }
      const modelMs = summarise(model);
      if (c.scope.kind === 'service') {
        out(
          `${c.label}: first report of the period, with its national benchmarks: model ${(model[0] ?? 0).toFixed(1)} ms`,
        );
        out(`  its SQL in the first run, per step: ${formatSteps(firstSteps)}`);
      }
      out(
        `${c.label}: model (SQL and disclosure control) ${formatSummary(modelMs, 'ms')}, JSON serialisation ${formatSummary(summarise(serialise), 'ms')}; ${figures} figures`,
      );
      out(`  its SQL in the last run, per step (side by side on two connections): ${formatSteps(steps)}`);
      if (c.scope.kind === 'service') await anotherPeriod(db, registry, c, runs, recorder, out);
      if (c.scope.kind === 'national') await rollupsAgainstScan(db, registry, c, runs, scanRuns, out);
      if (c.duckdbMs !== undefined) {
        out(
          `  Harbour model / DuckDB anchor: ${(modelMs.median / c.duckdbMs).toFixed(1)}× (DuckDB ${c.duckdbMs.toFixed(0)} ms for the core aggregations; the model computes more)`,
        );
      }
      const target = TARGETS[c.key];
      const problems: string[] = [];
      for (const format of ['json', 'pdf'] as const) {
        const timing = server
          ? await overHttp(server, c.session, c, format, runs)
          : { skipped: 'the API server did not start' };
        if ('skipped' in timing) {
          out(`  ${format.toUpperCase()} over HTTP: skipped: ${timing.skipped}`);
          continue;
        }
        out(
          `  ${format.toUpperCase()} over HTTP: ${formatSummary(timing.ms, 'ms')} (first ${timing.first.toFixed(1)} ms), ${(timing.bytes / 1024).toFixed(0)} KB; server peak memory ${timing.peakMb} MB`,
        );
        const limit = target[format];
        if (limit !== undefined && timing.ms.median >= limit) {
          problems.push(
            `${format.toUpperCase()} ${timing.ms.median.toFixed(0)} ms ≥ ${limit} ms: the model takes ${modelMs.median.toFixed(0)} ms of it` +
              (format === 'pdf'
                ? ', the rest is rendering (charts, pdfkit) and transfer'
                : ', the rest is serialisation and transfer'),
          );
        }
        if (timing.peakMb >= TARGET_MEMORY_MB)
          problems.push(`server memory ${timing.peakMb} MB ≥ ${TARGET_MEMORY_MB} MB`);
      }
      if (target.json !== undefined && modelMs.median >= target.json && !server) {
        problems.push(`the model alone takes ${modelMs.median.toFixed(0)} ms ≥ ${target.json} ms`);
      }
      if (problems.length > 0) out(`  TARGET MISSED: ${problems.join('; ')}`);
    }
  } finally {
    await db.destroy();
  }
}
