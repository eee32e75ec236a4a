/**
 * Benchmark 1: recording. `PUT /cases/:id/responses/core.intake` over HTTP with autocannon at
 * 10 and 50 connections, each request the first submission of a fresh case's intake (validated,
 * scored, written, audited). Then the cost split: validation alone in this process, and the
 * database write alone (the same statements in a tenant transaction as the API role).
 */
import { randomUUID } from 'node:crypto';
import { createDb, withTenant } from '@harbour/db';
import type { Registry } from '@harbour/forms';
import { type Answers, addDays, createRandom, generateCase, loadCensus, type SynthService } from '@harbour/synth';
import { sql } from 'kysely';
import pg from 'pg';
import type { ApiServer } from './api-server';
import { benchSession } from './api-session';
import type { BenchUser } from './bench-users';
import { cpuCeiling, cpuOf, cpuUsed } from './cpu';
import { type HttpRun, httpRun } from './http-run';
import {
  formatStatementCosts,
  resetStatements,
  type StatementCost,
  statementCosts,
  statementsAvailable,
} from './statements';
import { formatSummary, type Summary, summarise } from './stats';
import { formatWriteFloor, measureWriteFloor } from './write-floor';

const TARGET_RPS = 1500;
const TARGET_P99_MS = 50;

function intakeBodies(registry: Registry, service: SynthService, today: string, count: number): Answers[] {
  const census = loadCensus();
  const random = createRandom('recording-bodies');
  const worker = service.workers.find((w) => w.role === 'practitioner') as SynthService['workers'][number];
  return Array.from({ length: count }, (_, i) => {
    const generated = generateCase(random.fork(String(i)), {
      census,
      service,
      worker,
      openedAt: addDays(today, -3),
      today,
      reference: `BENCH-${i}`,
      modules: registry.modules(),
    });
    return generated.responses[0]?.answers as Answers;
  });
}

/** Empty cases of the practitioner, for each request to submit a first intake to. */
async function freshCases(ownerUrl: string, service: SynthService, workerId: string, count: number, today: string) {
  const ids = Array.from({ length: count }, () => randomUUID());
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    for (let i = 0; i < ids.length; i += 10_000) {
      await client.query(
        `insert into cases (service_id, id, reference, worker_id, practitioner_role, opened_at)
         select $1, id, 'BENCH-' || ord, $2, 'idva', $3::date from unnest($4::uuid[]) with ordinality as t(id, ord)`,
        [service.id, workerId, addDays(today, -3), ids.slice(i, i + 10_000)],
      );
    }
    await client.query('analyze cases');
  } finally {
    await client.end();
  }
  return ids;
}

/**
 * A run with the CPU milliseconds each answered request cost the API, PostgreSQL and the load
 * generator (autocannon, in this process), which shares the machine's cores with both.
 */
type MeasuredRun = HttpRun & { apiCpuMs: number; databaseCpuMs: number; loadCpuMs: number };

function validationAlone(registry: Registry, bodies: Answers[], today: string, seconds: number): Summary {
  const ctx = { today, otherAnswers: {}, settings: { riskHighFrom: 14, riskMediumFrom: 10 } };
  const samples: number[] = [];
  const deadline = Date.now() + seconds * 1000;
  let i = 0;
  while (Date.now() < deadline) {
    const start = process.hrtime.bigint();
    for (let k = 0; k < 200; k++) {
      const answers = registry.prepare('core.intake', bodies[i++ % bodies.length] as Answers, ctx);
      const result = registry.validate('core.intake', answers, 'submitted', ctx);
      if (!result.ok) throw new Error(`a generated intake does not validate: ${JSON.stringify(result.errors)}`);
      registry.score('core.intake', answers);
      registry.flags('core.intake', answers);
    }
    samples.push(Number(process.hrtime.bigint() - start) / 1e6 / 200);
  }
  return summarise(samples);
}

/** The write the API makes for a first submission, as the API role in a tenant transaction. */
async function databaseWriteAlone(options: {
  apiUrl: string;
  service: SynthService;
  workerId: string;
  ids: string[];
  bodies: Answers[];
  concurrency: number;
}): Promise<{ perSecond: number; latency: Summary }> {
  const { apiUrl, service, workerId, ids, bodies, concurrency } = options;
  const db = createDb({ url: apiUrl, max: concurrency, applicationName: 'harbour-bench-write' });
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < ids.length; i = next++) {
          const caseId = ids[i] as string;
          const answers = bodies[i % bodies.length] as Answers;
          const start = process.hrtime.bigint();
          await withTenant(db, { serviceId: service.id, userId: workerId, role: 'practitioner' }, async (tx) => {
            await tx
              .selectFrom('cases')
              .select(['id', 'version'])
              .where('service_id', '=', service.id)
              .where('id', '=', caseId)
              .forUpdate()
              .executeTakeFirstOrThrow();
            await tx
              .insertInto('responses')
              .values({
                service_id: service.id,
                case_id: caseId,
                form_key: 'core.intake',
                module_key: 'core',
                form_version: 1,
                status: 'submitted',
                source: 'practitioner',
                answers: JSON.stringify(answers),
                scores: '{}',
                sealed: '{}',
                created_by: workerId,
                updated_by: workerId,
                submitted_at: new Date(),
              })
              .execute();
            await tx
              .updateTable('cases')
              .set({ consent_research: answers.consent_research === true, updated_at: sql`now()` })
              .where('service_id', '=', service.id)
              .where('id', '=', caseId)
              .execute();
            await tx
              .insertInto('audit_log')
              .values({
                user_id: workerId,
                service_id: service.id,
                role: 'practitioner',
                action: 'case.response_saved',
                object_type: 'case',
                object_id: caseId,
                status: 200,
                details: JSON.stringify({ form: 'core.intake' }),
              })
              .execute();
          });
          latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
        }
      }),
    );
  } finally {
    await db.destroy();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { perSecond: ids.length / seconds, latency: summarise(latencies) };
}

export async function benchRecording(options: {
  server: ApiServer;
  ownerUrl: string;
  apiUrl: string;
  registry: Registry;
  service: SynthService;
  practitioner: BenchUser;
  today: string;
  runs: number;
  /** Length of each autocannon run. */
  seconds: number;
  log: (line: string) => void;
}): Promise<string[]> {
  const { server, ownerUrl, apiUrl, registry, service, practitioner, today, runs, seconds, log } = options;
  // a fresh case for every request even at twice the target rate
  const casesPerRun = Math.ceil(seconds * TARGET_RPS * 2);
  const session = await benchSession(server.baseUrl, practitioner.worker.email, practitioner.password);
  const bodies = intakeBodies(registry, service, today, 200);
  const payloads = bodies.map((answers) => JSON.stringify({ answers, status: 'submitted' }));
  const lines: string[] = [];

  const rates = new Map<number, MeasuredRun[]>();
  const withStatements = await statementsAvailable(ownerUrl);
  let statements: StatementCost[] = [];
  for (const connections of [10, 50]) {
    const runsAt: MeasuredRun[] = [];
    for (let run = 0; run < runs; run++) {
      log(`  recording: ${connections} connections, run ${run + 1} of ${runs}`);
      const ids = await freshCases(ownerUrl, service, practitioner.worker.id, casesPerRun, today);
      server.resetPeak();
      if (withStatements) await resetStatements(ownerUrl);
      const before = await cpuOf(server, ownerUrl);
      const loadBefore = process.cpuUsage();
      const measured = await httpRun({
        baseUrl: server.baseUrl,
        headers: { cookie: session.cookie },
        connections,
        seconds,
        path: (i) => `/api/v1/cases/${ids[i % ids.length]}/responses/core.intake`,
        bodies: payloads,
      });
      const load = process.cpuUsage(loadBefore);
      const used = cpuUsed(before, await cpuOf(server, ownerUrl));
      const answered = Math.max(1, measured.rps * seconds);
      if (withStatements && connections === 10) statements = await statementCosts(ownerUrl, answered);
      runsAt.push({
        ...measured,
        apiCpuMs: (used.api * 1000) / answered,
        databaseCpuMs: (used.database * 1000) / answered,
        loadCpuMs: (load.user + load.system) / 1000 / answered,
      });
    }
    rates.set(connections, runsAt);
    const failures = runsAt.reduce((sum, r) => sum + r.failures, 0);
    const rps = summarise(runsAt.map((r) => r.rps));
    const apiCpu = summarise(runsAt.map((r) => r.apiCpuMs));
    const databaseCpu = summarise(runsAt.map((r) => r.databaseCpuMs));
    const loadCpu = summarise(runsAt.map((r) => r.loadCpuMs));
    lines.push(
      `${connections} connections, ${seconds} s a run, 2xx responses: ` +
        `${formatSummary(rps, 'req/s')}; ` +
        `p50 ${formatSummary(summarise(runsAt.map((r) => r.p50)), 'ms')}; p99 ${formatSummary(summarise(runsAt.map((r) => r.p99)), 'ms')}`,
      `  CPU a request: API ${formatSummary(apiCpu, 'ms')}, PostgreSQL ${formatSummary(databaseCpu, 'ms')}, ` +
        `the load generator ${formatSummary(loadCpu, 'ms')}`,
      cpuCeiling({
        perSecond: rps.median,
        cpuMs: apiCpu.median + databaseCpu.median + loadCpu.median,
        targetPerSecond: TARGET_RPS,
        unit: 'request',
        what: 'the run',
      }),
      `  status codes (last run): ${runsAt[runsAt.length - 1]?.codes}${failures > 0 ? `; ${failures} requests failed in all` : ''}; server peak memory ${server.peakRssMb() ?? '?'} MB`,
    );
    if (connections === 10)
      lines.push(
        ...(withStatements
          ? formatStatementCosts(statements)
          : ['  (no statement costs: pg_stat_statements is not loaded on this server)']),
      );
  }

  const validation = validationAlone(registry, bodies, today, runs > 1 ? 3 : 0.5);
  lines.push(
    `validation alone (prepare, validate, score, flags of core.intake): ${formatSummary(validation, 'ms')} a response`,
  );

  const writeIds = await freshCases(ownerUrl, service, practitioner.worker.id, Math.min(casesPerRun, 3000), today);
  const write = await databaseWriteAlone({
    apiUrl,
    service,
    workerId: practitioner.worker.id,
    ids: writeIds,
    bodies,
    concurrency: 10,
  });
  lines.push(
    `database write alone (lock case, insert response, update case, audit; API role, RLS, 10 at once): ` +
      `${Math.round(write.perSecond).toLocaleString('en-GB')} writes/s, median ${write.latency.median.toFixed(2)} ms`,
  );

  const saveCpuMs = (key: 'apiCpuMs' | 'databaseCpuMs' | 'loadCpuMs') =>
    summarise((rates.get(10) ?? []).map((r) => r[key])).median;
  // a yardstick that fails must not take the recording's own figures with it
  lines.push(
    ...(await measureWriteFloor({ ownerUrl, bodies: payloads, runs, seconds, log }).then(
      (floor) => formatWriteFloor(floor, saveCpuMs('apiCpuMs') + saveCpuMs('databaseCpuMs') + saveCpuMs('loadCpuMs')),
      (error: Error) => [`the least web write: skipped: ${error.message.split('\n')[0]}`],
    )),
  );

  const at10 = summarise((rates.get(10) ?? []).map((r) => r.rps));
  const p99at10 = summarise((rates.get(10) ?? []).map((r) => r.p99));
  const failed = (rates.get(10) ?? []).some((r) => r.failures > 0);
  if (at10.median < TARGET_RPS || p99at10.median >= TARGET_P99_MS || failed) {
    lines.push(
      `TARGET MISSED (≥ ${TARGET_RPS.toLocaleString('en-GB')} req/s with p99 < ${TARGET_P99_MS} ms at 10 connections, no failures): ` +
        'the CPU lines above say whether the cost of a request or idle cores stand in the way, and where the cost is.',
    );
    if (failed)
      lines.push(
        '  requests failed: see the status codes above (429 means the rate limit stopped the load, not the server)',
      );
  } else {
    lines.push(
      `target met: ≥ ${TARGET_RPS.toLocaleString('en-GB')} req/s with p99 < ${TARGET_P99_MS} ms at 10 connections`,
    );
  }
  return lines;
}
