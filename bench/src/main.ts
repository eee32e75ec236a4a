/**
 * `npm run bench`: fills a database of its own with synthetic cases through the COPY path, then
 * measures recording, import, reports and an analytical anchor, printing the machine, the data
 * size and medians with their range. A part whose API is missing reports "skipped" and why.
 */
import { addDays } from '@harbour/synth';
import pg from 'pg';
import { openBenchDatabase } from './database';
import { type AnchorScope, runAnchor } from './duckdb-anchor';
import { loadData } from './load-data';
import { describeMachine, formatMachine } from './machine';
import { type BenchOptions, parseOptions } from './options';
import { benchRegistry } from './registry';

const log = (line: string) => process.stdout.write(`${line}\n`);

function section(title: string, lines: string[]): void {
  log(`\n== ${title}`);
  for (const line of lines) log(line);
}

export async function runBenchmarks(options: BenchOptions): Promise<void> {
  const wanted = (name: string) => options.only === null || options.only.has(name);
  const started = Date.now();
  const database = await openBenchDatabase(log);
  try {
    const client = new pg.Client({ connectionString: database.ownerUrl });
    await client.connect();
    const machine = await describeMachine(client);
    await client.end();
    section('machine', [
      formatMachine(machine),
      `mode: ${options.smoke ? 'smoke (CI-sized)' : 'full'}, ${options.runs} run(s) per measurement`,
    ]);

    const registry = benchRegistry();
    log(`\nloading ${options.cases.toLocaleString('en-GB')} synthetic cases over ${options.years} years…`);
    const data = await loadData({
      ownerUrl: database.ownerUrl,
      registry,
      cases: options.cases,
      years: options.years,
      seed: options.seed,
      log,
    });
    section('data (generator and COPY loader)', data.lines);

    const today = data.plan.today;
    const year = { from: addDays(today, -364), to: today };
    const scopes: AnchorScope[] = [
      { label: '(b) national, last year', scope: 'national', period: year },
      { label: '(c) national, whole period', scope: 'national', period: data.plan.period },
    ];
    if (wanted('anchor')) {
      const anchor = await runAnchor({
        ownerUrl: database.ownerUrl,
        workDir: database.workDir,
        scopes,
        runs: options.runs,
        log,
      });
      section('4. analytical anchor (DuckDB)', anchor.lines);
    }
  } finally {
    await database.close();
  }
  log(`\ndone in ${((Date.now() - started) / 1000).toFixed(0)} s`);
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
    process.stderr.write(`benchmark failed: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}
