/**
 * `node bench/dist/research-export.js [--cases=N] [--years=N] [--runs=N] [--seed=S]` (after
 * `npm run build`): the research export (`GET /api/v1/research/export`) over HTTP against the API
 * as its own process. It loads synthetic cases through the COPY path into its own embedded
 * PostgreSQL (analysed afterwards, as a production database would be), then exports the last
 * year and the whole period as CSV and prints, for each: rows, megabytes, rows a second, time to
 * the response headers and to the first row, and the API's peak resident memory.
 *
 * Only cases of sharing services with research consent are exported (about three in four of the
 * generator's cases): `--cases=1300000` gives an export of about a million rows.
 */
import { randomBytes } from 'node:crypto';
import { addDays } from '@harbour/synth';
import { hash } from '@node-rs/argon2';
import pg from 'pg';
import { type ApiServer, startApiServer } from './api-server';
import { benchSession } from './api-session';
import { cpuOf, cpuUsed } from './cpu';
import { openBenchDatabase } from './database';
import { loadData } from './load-data';
import { describeMachine, formatMachine } from './machine';
import { benchRegistry } from './registry';
import { formatSummary, summarise } from './stats';

const log = (line: string) => process.stdout.write(`${line}\n`);

type Options = { cases: number; years: number; runs: number; seed: string };

const USAGE =
  'usage: node bench/dist/research-export.js [--cases=N (1300000)] [--years=N (5)] [--runs=N (1)] [--seed=S]';

function parseOptions(argv: string[]): Options {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--(cases|years|runs|seed)=(.+)$/.exec(arg);
    if (!match) throw new Error(`unknown argument ${arg}\n${USAGE}`);
    flags.set(match[1] as string, match[2] as string);
  }
  const number = (key: string, fallback: number) => {
    const value = Number(flags.get(key) ?? fallback);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`--${key} must be a positive integer`);
    return value;
  };
  return {
    cases: number('cases', 1_300_000),
    years: number('years', 5),
    runs: number('runs', 1),
    seed: flags.get('seed') ?? 'harbour-bench',
  };
}

/** A researcher with a password; the second factor is enrolled at sign-in by benchSession. */
export async function benchResearcher(ownerUrl: string): Promise<{ email: string; password: string }> {
  const email = 'bench-researcher@bench.harbour.invalid';
  const password = randomBytes(18).toString('base64url');
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(
      // a database kept with --keep has the researcher of an earlier run: this run's password
      `insert into users (email, name, password_hash, platform_role) values ($1, 'Bench researcher', $2, 'researcher')
       on conflict (email) do update set password_hash = excluded.password_hash, totp_secret = null,
         totp_enabled_at = null, totp_last_step = null`,
      [email, await hash(password)],
    );
  } finally {
    await client.end();
  }
  return { email, password };
}

type ExportRun = {
  rows: number;
  bytes: number;
  ms: number;
  headersMs: number;
  firstRowMs: number;
  peakMb: number;
  apiCpuS: number;
  databaseCpuS: number;
};

/** One CSV export, read as a stream: the rows are the lines after the header. */
/** The whole calendar quarters that cover a period: research periods are whole quarters. */
export function quartersAround(period: { from: string; to: string }): { from: string; to: string } {
  const [fromYear, fromMonth] = period.from.split('-').map(Number) as [number, number];
  const [toYear, toMonth] = period.to.split('-').map(Number) as [number, number];
  const startMonth = Math.floor((fromMonth - 1) / 3) * 3 + 1;
  const endMonth = Math.floor((toMonth - 1) / 3) * 3 + 3;
  const lastDay = new Date(Date.UTC(toYear, endMonth, 0)).getUTCDate();
  return {
    from: `${fromYear}-${String(startMonth).padStart(2, '0')}-01`,
    to: `${toYear}-${String(endMonth).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`,
  };
}

async function exportOnce(server: ApiServer, ownerUrl: string, cookie: string, period: { from: string; to: string }) {
  const before = await cpuOf(server, ownerUrl);
  server.resetPeak();
  const started = performance.now();
  const response = await fetch(`${server.baseUrl}/api/v1/research/export?from=${period.from}&to=${period.to}`, {
    headers: { cookie },
  });
  const headersMs = performance.now() - started;
  if (response.status !== 200 || !response.body) {
    throw new Error(`the export answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  }
  let bytes = 0;
  let lines = 0;
  let firstRowMs = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) {
      lines++;
      if (lines === 2 && firstRowMs === 0) firstRowMs = performance.now() - started;
    }
  }
  const ms = performance.now() - started;
  const used = cpuUsed(before, await cpuOf(server, ownerUrl));
  const run: ExportRun = {
    rows: lines - 1,
    bytes,
    ms,
    headersMs,
    firstRowMs,
    peakMb: server.peakRssMb() ?? Number.NaN,
    apiCpuS: used.api,
    databaseCpuS: used.database,
  };
  return { run, kAnonymity: response.headers.get('x-harbour-k-anonymity') ?? '' };
}

export async function measure(
  server: ApiServer,
  ownerUrl: string,
  cookie: string,
  label: string,
  period: { from: string; to: string },
  runs: number,
): Promise<string[]> {
  const results: ExportRun[] = [];
  let kAnonymity = '';
  for (let i = 0; i < runs; i++) {
    const { run, kAnonymity: outcome } = await exportOnce(server, ownerUrl, cookie, period);
    results.push(run);
    kAnonymity = outcome;
    log(
      `  run ${i + 1}: ${run.rows.toLocaleString('en-GB')} rows in ${(run.ms / 1000).toFixed(1)} s, first row ${(run.firstRowMs / 1000).toFixed(1)} s, peak ${run.peakMb} MB, CPU ${run.apiCpuS.toFixed(1)} s API + ${run.databaseCpuS.toFixed(1)} s PostgreSQL`,
    );
  }
  const first = results[0] as ExportRun;
  const of = (pick: (r: ExportRun) => number) => summarise(results.map(pick));
  return [
    `${label} ${period.from} to ${period.to}: ${first.rows.toLocaleString('en-GB')} rows, ${(first.bytes / 2 ** 20).toFixed(0)} MB of CSV (${kAnonymity})`,
    `  total ${formatSummary(
      of((r) => r.ms / 1000),
      's',
    )}; ${formatSummary(
      of((r) => (r.rows / r.ms) * 1000),
      'rows/s',
    )}`,
    `  headers after ${formatSummary(
      of((r) => r.headersMs / 1000),
      's',
    )}; first row after ${formatSummary(
      of((r) => r.firstRowMs / 1000),
      's',
    )}`,
    `  API peak resident memory ${formatSummary(
      of((r) => r.peakMb),
      'MB',
    )}`,
    `  CPU: API ${formatSummary(
      of((r) => r.apiCpuS),
      's',
    )}, PostgreSQL ${formatSummary(
      of((r) => r.databaseCpuS),
      's',
    )}`,
  ];
}

export async function benchResearchExport(options: Options): Promise<void> {
  const started = Date.now();
  const database = await openBenchDatabase(log);
  let server: ApiServer | null = null;
  const interrupted = async () => {
    log('\ninterrupted: stopping the API and the database');
    await server?.stop();
    await database.close();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const client = new pg.Client({ connectionString: database.ownerUrl });
    await client.connect();
    log(formatMachine(await describeMachine(client)));
    await client.end();

    log(`\nloading ${options.cases.toLocaleString('en-GB')} synthetic cases over ${options.years} years…`);
    const data = await loadData({
      ownerUrl: database.ownerUrl,
      registry: benchRegistry(),
      cases: options.cases,
      years: options.years,
      seed: options.seed,
      workDir: database.workDir,
      log,
    });
    for (const line of data.lines) log(line);

    const researcher = await benchResearcher(database.ownerUrl);
    server = await startApiServer({ ownerUrl: database.ownerUrl, apiUrl: database.apiUrl, workDir: database.workDir });
    const session = await benchSession(server.baseUrl, researcher.email, researcher.password);
    const today = data.plan.today;
    log('\n== research export (GET /api/v1/research/export, CSV, cases)');
    const lines = [
      ...(await measure(
        server,
        database.ownerUrl,
        session.cookie,
        'last year',
        quartersAround({ from: addDays(today, -364), to: today }),
        options.runs,
      )),
      ...(await measure(
        server,
        database.ownerUrl,
        session.cookie,
        'whole period',
        quartersAround(data.plan.period),
        options.runs,
      )),
    ];
    for (const line of lines) log(line);
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await server?.stop();
    await database.close();
    log(`\ndone in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
}

if (require.main === module) {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  benchResearchExport(options).catch((error) => {
    process.stderr.write(`research export benchmark failed: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}
