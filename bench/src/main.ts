/**
 * `npm run bench`: fills a database of its own with synthetic cases through the COPY path, then
 * measures recording, import, reports and an analytical anchor, printing the machine, the data
 * size and medians with their range. A part whose API is missing reports "skipped" and why.
 */
import { addDays, type SynthService } from '@harbour/synth';
import pg from 'pg';
import { type ApiServer, BENCH_ADMIN, startApiServer } from './api-server';
import { benchSession } from './api-session';
import { benchAdmin, benchUsers } from './bench-users';
import { benchDashboard } from './dashboard';
import { openBenchDatabase } from './database';
import { type AnchorScope, runAnchor } from './duckdb-anchor';
import { benchImport } from './import';
import { benchImportPreview } from './import-preview';
import { formatQuality, linkageQuality, matchTiming } from './linkage';
import { benchLinkageOpening } from './linkage-opening';
import { forgetBenchWrites, loadData } from './load-data';
import { describeMachine, formatMachine } from './machine';
import { benchModuleFigures } from './module-figures';
import { type BenchOptions, parseOptions } from './options';
import { benchRecording } from './recording';
import { benchRegistry } from './registry';
import { benchReports, type ReportCase } from './reports';
import { benchResearcher, measure as measureResearchExport, quartersAround } from './research-export';

const log = (line: string) => process.stdout.write(`${line}\n`);

/** Set on Ctrl-C: the failures that follow are the interruption's, and cleaning up is its job. */
let stopping = false;

function section(title: string, lines: string[]): void {
  log(`\n== ${title}`);
  for (const line of lines) log(line);
}

const MEMORY_TARGET_MB = 500;
/** The API's peak resident memory in each benchmark section that used it, for the summary at the end. */
const peaks: { section: string; mb: number | null }[] = [];

/**
 * Runs one section against the API, its peak memory counted from the start, and returns its lines
 * with that peak after them.
 */
async function withPeak(server: ApiServer | null, name: string, fn: () => Promise<string[]>): Promise<string[]> {
  server?.startSection();
  const lines = await fn();
  if (!server) return lines;
  const mb = server.sectionPeakMb();
  peaks.push({ section: name, mb });
  return [...lines, `server peak memory in this section: ${mb ?? '?'} MB (target < ${MEMORY_TARGET_MB} MB)`];
}

function memorySummary(): string[] {
  if (peaks.length === 0) return [];
  const worst = Math.max(...peaks.map((p) => p.mb ?? 0));
  return [
    ...peaks.map((p) => `${p.section}: ${p.mb ?? '?'} MB`),
    worst < MEMORY_TARGET_MB
      ? `target met: the API stayed under ${MEMORY_TARGET_MB} MB in every section (at most ${worst} MB)`
      : `TARGET MISSED: the API reached ${worst} MB (target < ${MEMORY_TARGET_MB} MB)`,
  ];
}

/** The sharing service whose yearly volume is nearest 1,000 cases: the "one service-year" report. */
function serviceForYear(services: SynthService[]): SynthService {
  const sharing = services.filter((s) => s.sharesNationalDataset);
  return [...sharing].sort(
    (a, b) => Math.abs(a.casesPerYear - 1000) - Math.abs(b.casesPerYear - 1000),
  )[0] as SynthService;
}

/** A service outside the national dataset when there is one, else another than `reported`. */
function serviceForWrites(services: SynthService[], reported: SynthService): SynthService {
  return services.find((s) => !s.sharesNationalDataset) ?? services.find((s) => s !== reported) ?? reported;
}

async function attempt<T>(what: string, fn: () => Promise<T>): Promise<{ value: T } | { skipped: string }> {
  try {
    return { value: await fn() };
  } catch (error) {
    return { skipped: `${what}: ${(error as Error).message.split('\n')[0]}` };
  }
}

export async function runBenchmarks(options: BenchOptions): Promise<void> {
  const wanted = (name: string) => options.only === null || options.only.has(name);
  const started = Date.now();
  const database = await openBenchDatabase(log, { keep: options.keep });
  let server: ApiServer | null = null;
  // Ctrl-C must not leave an embedded PostgreSQL and a 4 GB data folder behind
  const interrupted = async () => {
    stopping = true;
    log('\ninterrupted: stopping the API and the database');
    // connections still busy with a query break as the database stops: expected now, not a crash
    process.on('uncaughtException', (error) => log(`(while stopping: ${error.message})`));
    await server?.stop();
    await database.close();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const client = new pg.Client({ connectionString: database.ownerUrl });
    await client.connect();
    const machine = await describeMachine(client);
    await client.end();
    section('machine', [
      formatMachine(machine),
      `mode: ${options.smoke ? 'smoke (CI-sized)' : 'full'}, ${options.runs} run(s) per measurement`,
    ]);

    if (wanted('linkage')) {
      // in-process, before the database is loaded: quality on corrupted synthetic identities, and
      // one new encoding against a region's encodings in a BlockIndex
      const people = options.smoke ? 4_000 : 20_000;
      section(
        '5a. linkage quality (precision–recall across Dice thresholds)',
        formatQuality(linkageQuality({ people, seed: options.seed })),
      );
      const size = options.smoke ? 100_000 : 1_000_000;
      const timing = matchTiming({ size, runs: options.smoke ? 50 : 200, seed: options.seed });
      section('5b. linkage matching, in-process', [
        `${timing.size.toLocaleString('en-GB')} encodings in ${timing.blocks} birth-year blocks (built in ${timing.loadSeconds.toFixed(1)} s); ${timing.runs} new encodings`,
        `median ${timing.medianMs.toFixed(2)} ms, p95 ${timing.p95Ms.toFixed(2)} ms (target ≤ 100 ms at 1,000,000: ${timing.size >= 1_000_000 ? (timing.medianMs <= 100 ? 'met' : 'MISSED') : 'not measured at that size'})`,
      ]);
    }

    const registry = benchRegistry();
    log(`\nloading ${options.cases.toLocaleString('en-GB')} synthetic cases over ${options.years} years…`);
    const data = await loadData({
      ownerUrl: database.ownerUrl,
      registry,
      cases: options.cases,
      years: options.years,
      seed: options.seed,
      kept: database.kept ? database : undefined,
      workDir: database.workDir,
      log,
    });
    section('data (generator and COPY loader)', data.lines);

    const today = data.plan.today;
    const year = { from: addDays(today, -364), to: today };
    const anchorScopes: AnchorScope[] = [
      { label: '(b) national, last year', scope: 'national', period: year },
      { label: '(c) national, whole period', scope: 'national', period: data.plan.period },
    ];
    const duckdbMs = new Map<string, number>();
    if (wanted('anchor')) {
      const anchor = await runAnchor({
        ownerUrl: database.ownerUrl,
        workDir: database.workDir,
        scopes: anchorScopes,
        runs: options.runs,
        scanRuns: options.scanRuns,
        log,
      });
      for (const result of anchor.results) duckdbMs.set(result.label, result.duckdb.median);
      section('4. analytical anchor (DuckDB)', anchor.lines);
    }

    if (wanted('linkage')) {
      const lines = await benchLinkageOpening({
        ownerUrl: database.ownerUrl,
        regionSize: options.smoke ? 2_000 : 25_000,
        runs: options.smoke ? 20 : 200,
        seed: options.seed,
        today,
      }).catch((error: Error) => [`skipped: ${error.message.split('\n')[0]}`]);
      section('5c. linkage at case opening (PostgreSQL)', lines);
    }

    const needsApi = ['recording', 'import', 'import-preview', 'reports', 'dashboard', 'research'].some(wanted);
    if (!needsApi) return;
    const service = serviceForYear(data.plan.services);
    const users = await benchUsers(database.ownerUrl, service);
    // recording and import write to a service outside the national dataset, so that the reports
    // measured afterwards read the data as loaded
    const writeService = serviceForWrites(data.plan.services, service);
    const writers = writeService === service ? users : await benchUsers(database.ownerUrl, writeService);
    const forget = async () => {
      const removed = await forgetBenchWrites(database.ownerUrl, writeService.id);
      if (removed > 0)
        log(`\n(removed ${removed.toLocaleString('en-GB')} cases the recording and import benchmarks wrote)`);
    };
    if (database.kept) await forget();
    const started = await attempt('the API did not start', () =>
      startApiServer({ ownerUrl: database.ownerUrl, apiUrl: database.apiUrl, workDir: database.workDir }),
    );
    server = 'value' in started ? started.value : null;
    // a kept database has the admin of an earlier run, with that run's password
    if (server) await benchAdmin(database.ownerUrl, BENCH_ADMIN.email, BENCH_ADMIN.password);
    const apiSkipped = 'skipped' in started ? started.skipped : null;
    if (apiSkipped) log(`\n${apiSkipped}`);

    if (wanted('recording')) {
      const lines = server
        ? await withPeak(server, '1. recording', () =>
            benchRecording({
              server: server as ApiServer,
              ownerUrl: database.ownerUrl,
              apiUrl: database.apiUrl,
              registry,
              service: writeService,
              practitioner: writers.practitioner,
              today,
              runs: Math.min(options.runs, 3),
              seconds: options.smoke ? 2 : 10,
              log,
            }).catch((error: Error) => [`skipped: ${error.message.split('\n')[0]}`]),
          )
        : [`skipped: ${apiSkipped}`];
      section('1. recording (PUT /cases/:id/responses/core.intake)', lines);
    }

    if (wanted('import')) {
      const lines = server
        ? await withPeak(server, '2. import', () =>
            benchImport({
              server: server as ApiServer,
              ownerUrl: database.ownerUrl,
              service: writeService,
              practitioner: writers.practitioner,
              modules: registry.modules(),
              today,
              rows: options.smoke ? 100 : 10_000,
              runs: Math.min(options.runs, 3),
              log,
            }).catch((error: Error) => [`skipped: ${error.message.split('\n')[0]}`]),
          )
        : [`skipped: ${apiSkipped}`];
      section('2. import (POST /cases/import)', lines);
    }
    if (wanted('import-preview')) {
      const manager = server
        ? await attempt('manager sign-in', () =>
            benchSession((server as ApiServer).baseUrl, writers.manager.worker.email, writers.manager.password),
          )
        : null;
      const lines =
        server && manager && 'value' in manager
          ? await benchImportPreview({
              baseUrl: server.baseUrl,
              session: manager.value,
              today,
              rows: 5_000,
              runs: Math.min(options.runs, 5),
              log,
            }).catch((error: Error) => [`skipped: ${error.message.split('\n')[0]}`])
          : [`skipped: ${apiSkipped ?? (manager && 'skipped' in manager ? manager.skipped : 'no API')}`];
      section('2b. spreadsheet import preview (5,000-row .xlsx)', lines);
    }
    // the reports read the data as loaded (the writes above add tens of thousands of cases dated
    // today, which every national scan of the last year would have to pass over)
    if (wanted('recording') || wanted('import')) await forget();
    if (wanted('reports')) {
      const manager = server
        ? await attempt('manager sign-in', () =>
            benchSession((server as ApiServer).baseUrl, users.manager.worker.email, users.manager.password),
          )
        : null;
      const admin = server
        ? await attempt('admin sign-in', () =>
            benchSession((server as ApiServer).baseUrl, BENCH_ADMIN.email, BENCH_ADMIN.password),
          )
        : null;
      const sessionOf = (s: typeof manager) => (s && 'value' in s ? s.value : null);
      const adminId = await adminUserId(database.ownerUrl);
      const managerActor = { userId: users.manager.worker.id, role: 'manager' };
      const nationalActor = adminId ? { userId: adminId, role: 'admin' } : managerActor;
      const cases: ReportCase[] = [
        {
          key: 'a',
          label: `(a) one service, last year (${service.casesPerYear} cases a year)`,
          scope: { kind: 'service', serviceId: service.id },
          period: year,
          actor: managerActor,
          session: sessionOf(manager),
        },
        {
          key: 'b',
          label: '(b) national, last year',
          scope: { kind: 'national' },
          period: year,
          actor: nationalActor,
          session: sessionOf(admin),
          ...withDuck(duckdbMs.get('(b) national, last year')),
        },
        {
          key: 'c',
          label: '(c) national, whole period',
          scope: { kind: 'national' },
          period: data.plan.period,
          actor: nationalActor,
          session: sessionOf(admin),
          ...withDuck(duckdbMs.get('(c) national, whole period')),
        },
      ];
      const notes = [manager, admin].flatMap((s) => (s && 'skipped' in s ? [`note: ${s.skipped}`] : []));
      section('3. reports', notes);
      const after = await withPeak(server, '3. reports', async () => {
        await benchReports({
          server,
          apiUrl: database.apiUrl,
          registry,
          cases,
          runs: options.runs,
          scanRuns: options.scanRuns,
          out: log,
          nationalActor,
        });
        return [];
      });
      for (const line of after) log(line);
      section(
        '3b. module figures beside core figures (national, whole period, one aggregate each, in turns)',
        await benchModuleFigures({
          apiUrl: database.apiUrl,
          registry,
          period: data.plan.period,
          actor: nationalActor,
          runs: options.runs,
        }),
      );
    }
    if (wanted('dashboard')) {
      const manager = server
        ? await attempt('manager sign-in', () =>
            benchSession((server as ApiServer).baseUrl, users.manager.worker.email, users.manager.password),
          )
        : null;
      const lines =
        manager && 'value' in manager
          ? await withPeak(server, '5. dashboard', () =>
              benchDashboard({ session: manager.value, service, today, year, runs: options.runs }).catch(
                (error: Error) => [`skipped: ${error.message.split('\n')[0]}`],
              ),
            )
          : [`skipped: ${manager && 'skipped' in manager ? manager.skipped : apiSkipped}`];
      section('5. dashboard and project report', lines);
    }
    if (wanted('research')) {
      const lines = server
        ? await withPeak(server, '6. research export', async () => {
            const researcher = await benchResearcher(database.ownerUrl);
            const session = await benchSession((server as ApiServer).baseUrl, researcher.email, researcher.password);
            return measureResearchExport(
              server as ApiServer,
              database.ownerUrl,
              session.cookie,
              'whole period',
              quartersAround(data.plan.period),
              Math.min(options.runs, 2),
            );
          }).catch((error: Error) => [`skipped: ${error.message.split('\n')[0]}`])
        : [`skipped: ${apiSkipped}`];
      section('6. research export (GET /api/v1/research/export, CSV, whole period)', lines);
    }
    section("memory: the API's peak resident memory by section", memorySummary());
  } finally {
    if (!stopping) {
      process.off('SIGINT', interrupted);
      process.off('SIGTERM', interrupted);
      await server?.stop();
      await database.close();
    }
    log(`\ndone in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
}

function withDuck(ms: number | undefined): { duckdbMs?: number } {
  return ms === undefined ? {} : { duckdbMs: ms };
}

async function adminUserId(ownerUrl: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const row = await client.query<{ id: string }>('select id from users where email = $1', [BENCH_ADMIN.email]);
    return row.rows[0]?.id ?? null;
  } finally {
    await client.end();
  }
}

if (require.main === module) {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  runBenchmarks(options).catch((error) => {
    if (stopping) return;
    process.stderr.write(`benchmark failed: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}
