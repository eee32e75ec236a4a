import type { ModuleDefinition } from '@harbour/forms';
/**
 * Benchmark 2: import. Generated cases as JSON lines named by the data dictionary
 * (`case.*`, `<formKey>.<field>` and `<formKey>.<n>.<field>` for reviews), posted to `POST /cases/import` in requests of a few
 * thousand rows (the body limit is 20 MB); cases a second over the whole file.
 */
import type { Answers, SynthService, SynthWorker } from '@harbour/synth';
import { addDays, createRandom, generateCase, loadCensus } from '@harbour/synth';
import type { ApiServer } from './api-server';
import { benchSession } from './api-session';
import type { BenchUser } from './bench-users';
import { cpuCeiling, cpuOf, cpuUsed } from './cpu';
import {
  formatStatementCosts,
  resetStatements,
  type StatementCost,
  statementCosts,
  statementsAvailable,
} from './statements';
import { formatSummary, summarise, timeIt } from './stats';
import { formatImportFloor, measureImportFloor } from './write-floor';

const TARGET_CASES_PER_SECOND = 5000;
const ROWS_PER_REQUEST = 2500;

function importRows(
  service: SynthService,
  worker: SynthWorker,
  modules: readonly ModuleDefinition[],
  today: string,
  count: number,
  seed: string,
): string[] {
  const census = loadCensus();
  const random = createRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const generated = generateCase(random.fork(String(i)), {
      census,
      service,
      worker,
      openedAt: addDays(today, -random.int(1, 360)),
      today,
      reference: `IMPORT-${seed}-${i}`,
      modules,
    });
    const row: Answers = {
      'case.reference': generated.reference,
      'case.opened_at': generated.openedAt,
      'case.worker_email': worker.email,
      ...(worker.practitionerRole ? { 'case.practitioner_role': worker.practitionerRole } : {}),
    };
    for (const response of generated.responses) {
      // follow-ups arrive through clients' links after closure, never by import
      if (response.formKey === 'core.client_follow_up') continue;
      // a review's fields are numbered columns: core.review.2.risk_level
      const form = response.occasion ? `${response.formKey}.${response.occasion}` : response.formKey;
      for (const [field, value] of Object.entries(response.answers)) row[`${form}.${field}`] = value;
    }
    return JSON.stringify(row);
  });
}

export async function benchImport(options: {
  server: ApiServer;
  ownerUrl: string;
  service: SynthService;
  practitioner: BenchUser;
  modules: readonly ModuleDefinition[];
  today: string;
  rows: number;
  runs: number;
  log: (line: string) => void;
}): Promise<string[]> {
  const { server, ownerUrl, service, practitioner, modules, today, rows, runs, log } = options;
  const session = await benchSession(server.baseUrl, practitioner.worker.email, practitioner.password);
  const rates: number[] = [];
  const peaks: number[] = [];
  const apiCpu: number[] = [];
  const databaseCpu: number[] = [];
  let rejected = 0;
  let lastError = '';
  const withStatements = await statementsAvailable(ownerUrl);
  let statements: StatementCost[] = [];
  let requests: string[] = [];
  for (let run = 0; run < runs; run++) {
    log(`  import: run ${run + 1} of ${runs}`);
    const lines = importRows(service, practitioner.worker, modules, today, rows, `run${run}`);
    requests = Array.from(
      { length: Math.ceil(lines.length / ROWS_PER_REQUEST) },
      (_, r) => `${lines.slice(r * ROWS_PER_REQUEST, (r + 1) * ROWS_PER_REQUEST).join('\n')}\n`,
    );
    server.resetPeak();
    if (withStatements) await resetStatements(ownerUrl);
    const before = await cpuOf(server, ownerUrl);
    const { ms } = await timeIt(async () => {
      for (const [r, body] of requests.entries()) {
        const reply = await session.requestRaw('POST', '/api/v1/cases/import', body, 'application/x-ndjson');
        if (reply.status !== 200) {
          lastError = `${reply.status} ${reply.body.slice(0, 300)}`;
          rejected += Math.min(ROWS_PER_REQUEST, lines.length - r * ROWS_PER_REQUEST);
          continue;
        }
        const result = JSON.parse(reply.body) as { imported: number; rejected: { row: number; errors: unknown[] }[] };
        rejected += result.rejected.length;
        if (result.rejected.length > 0) lastError = JSON.stringify(result.rejected[0]).slice(0, 300);
      }
    });
    const used = cpuUsed(before, await cpuOf(server, ownerUrl));
    if (withStatements) statements = await statementCosts(ownerUrl, rows);
    rates.push((rows / ms) * 1000);
    peaks.push(server.peakRssMb() ?? 0);
    apiCpu.push((used.api * 1000) / rows);
    databaseCpu.push((used.database * 1000) / rows);
  }
  const rate = summarise(rates);
  const api = summarise(apiCpu);
  const database = summarise(databaseCpu);
  const out = [
    `${rows.toLocaleString('en-GB')} rows (intake, exit, client and module forms) in requests of ${ROWS_PER_REQUEST.toLocaleString('en-GB')}: ` +
      `${formatSummary(rate, 'cases/s')}; server peak memory ${Math.max(...peaks)} MB`,
    `  CPU a case: API ${formatSummary(api, 'ms')}, PostgreSQL ${formatSummary(database, 'ms')}`,
    cpuCeiling({
      perSecond: rate.median,
      cpuMs: api.median + database.median,
      targetPerSecond: TARGET_CASES_PER_SECOND,
      unit: 'case',
      what: 'the import',
    }),
  ];
  // a case's statements, from the last run ("a request" in these lines is a case)
  if (withStatements) out.push(...formatStatementCosts(statements).map((line) => line.replace('a request', 'a case')));
  if (rejected > 0) out.push(`  ${rejected} rows rejected; first problem: ${lastError}`);
  // a yardstick that fails must not take the import's own figures with it
  out.push(
    ...(await measureImportFloor({ ownerUrl, requests, rows, runs, log }).then(
      (floor) => formatImportFloor(floor, api.median + database.median),
      (error: Error) => [`the least import: skipped: ${error.message.split('\n')[0]}`],
    )),
  );
  out.push(
    rate.median >= TARGET_CASES_PER_SECOND && rejected === 0
      ? `target met: ≥ ${TARGET_CASES_PER_SECOND.toLocaleString('en-GB')} cases/s`
      : `TARGET MISSED (≥ ${TARGET_CASES_PER_SECOND.toLocaleString('en-GB')} cases/s, nothing rejected): per case ~${(1000 / rate.median).toFixed(2)} ms; ` +
          'the CPU line above says which side (parsing and checking in the API, writing in PostgreSQL) dominates.',
  );
  return out;
}
