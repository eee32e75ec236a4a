/**
 * The least web write on this machine, measured beside the recording (recording.ts) and the
 * import (import.ts): the same bodies, load and PostgreSQL, against a bare server with nothing of
 * Harbour's in it (write-floor-server.ts). A run on any machine then says how much of a save's or
 * an imported case's cost is the machine's and how much is Harbour's own work: the session and
 * its check, row-level security, validation, the case and its lock, the audit row and the derived
 * tables.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { freePort } from '@harbour/db';
import pg from 'pg';
import { cpuOf, cpuUsed } from './cpu';
import { httpRun } from './http-run';
import { formatSummary, type Summary, summarise, timeIt } from './stats';
import { FLOOR_TABLES, FLOOR_TABLES_SQL } from './write-floor-tables';

const SERVER_MAIN = path.join(__dirname, 'write-floor-server.js');
const CONNECTIONS = 10;

type FloorServer = { pid: number; baseUrl: string; stop(): Promise<void> };

async function startFloorServer(ownerUrl: string): Promise<FloorServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [SERVER_MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      DATABASE_URL: ownerUrl,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the floor server did not start in 30 s: ${output}`)), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      const cause = output.split('\n').find((line) => /Error/.test(line)) ?? output.trim();
      reject(new Error(`the floor server exited (${code}) while starting: ${cause}`));
    });
  });
  return {
    pid: child.pid as number,
    baseUrl: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function ownerQuery(ownerUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** What one route of the floor server did at 10 connections, and the CPU each answered request cost. */
export type FloorFigures = {
  rps: Summary;
  p99: Summary;
  serverCpuMs: Summary;
  databaseCpuMs: Summary;
  loadCpuMs: Summary;
  failures: number;
};

export type WriteFloor = { echo: FloorFigures; insert: FloorFigures };

type FloorRun = { rps: number; p99: number; server: number; database: number; load: number; failures: number };

/** What every floor measurement is given: the benchmark's database, how many runs, and where to log. */
type FloorOptions = { ownerUrl: string; runs: number; log: (line: string) => void };

type WriteFloorOptions = FloorOptions & {
  /** The recording's request bodies, so that the floor parses and stores the same answers. */
  bodies: string[];
  seconds: number;
};

/** One route of the floor server, `runs` times at 10 connections, with the CPU each answered request cost. */
async function measureRoute(
  server: FloorServer,
  route: 'echo' | 'insert',
  options: WriteFloorOptions,
): Promise<FloorFigures> {
  const { ownerUrl, bodies, runs, seconds, log } = options;
  const samples: FloorRun[] = [];
  for (let run = 0; run < runs; run++) {
    log(`  the least web write: ${route}, run ${run + 1} of ${runs}`);
    const before = await cpuOf(server, ownerUrl);
    const loadBefore = process.cpuUsage();
    const measured = await httpRun({
      baseUrl: server.baseUrl,
      headers: {},
      connections: CONNECTIONS,
      seconds,
      path: () => `/${route}/${randomUUID()}`,
      bodies,
    });
    const load = process.cpuUsage(loadBefore);
    const used = cpuUsed(before, await cpuOf(server, ownerUrl));
    const answered = Math.max(1, measured.rps * seconds);
    samples.push({
      rps: measured.rps,
      p99: measured.p99,
      server: (used.api * 1000) / answered,
      database: (used.database * 1000) / answered,
      load: (load.user + load.system) / 1000 / answered,
      failures: measured.failures,
    });
  }
  return {
    rps: summarise(samples.map((s) => s.rps)),
    p99: summarise(samples.map((s) => s.p99)),
    serverCpuMs: summarise(samples.map((s) => s.server)),
    databaseCpuMs: summarise(samples.map((s) => s.database)),
    loadCpuMs: summarise(samples.map((s) => s.load)),
    failures: samples.reduce((sum, s) => sum + s.failures, 0),
  };
}

/** Runs `fn` against a floor server and its fresh tables, which are dropped afterwards whatever happens. */
async function withFloorServer<T>(ownerUrl: string, fn: (server: FloorServer) => Promise<T>): Promise<T> {
  const drop = `drop table if exists ${FLOOR_TABLES.saves}, ${FLOOR_TABLES.imports}`;
  await ownerQuery(ownerUrl, `${drop}; ${FLOOR_TABLES_SQL}`);
  let server: FloorServer | undefined;
  try {
    server = await startFloorServer(ownerUrl);
    return await fn(server);
  } finally {
    await server?.stop();
    await ownerQuery(ownerUrl, drop);
  }
}

export async function measureWriteFloor(options: WriteFloorOptions): Promise<WriteFloor> {
  return withFloorServer(options.ownerUrl, async (server) => ({
    echo: await measureRoute(server, 'echo', options),
    insert: await measureRoute(server, 'insert', options),
  }));
}

/** The least import: the same requests of JSON lines, one at a time, each stored in one insert. */
export type ImportFloor = { linesPerSecond: Summary; serverCpuMs: Summary; databaseCpuMs: Summary };

export async function measureImportFloor(
  options: FloorOptions & {
    /** The import benchmark's request bodies (JSON lines), in the order it sends them. */
    requests: string[];
    /** Lines in all the requests together. */
    rows: number;
  },
): Promise<ImportFloor> {
  const { ownerUrl, requests, rows, runs, log } = options;
  return withFloorServer(ownerUrl, async (server) => {
    const samples: { rate: number; server: number; database: number }[] = [];
    for (let run = 0; run < runs; run++) {
      log(`  the least import: run ${run + 1} of ${runs}`);
      const before = await cpuOf(server, ownerUrl);
      const { ms } = await timeIt(async () => {
        for (const body of requests) {
          const reply = await fetch(`${server.baseUrl}/import`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-ndjson' },
            body,
          });
          if (!reply.ok)
            throw new Error(`the least import answered ${reply.status}: ${(await reply.text()).slice(0, 200)}`);
          await reply.arrayBuffer();
        }
      });
      const used = cpuUsed(before, await cpuOf(server, ownerUrl));
      samples.push({
        rate: (rows / ms) * 1000,
        server: (used.api * 1000) / rows,
        database: (used.database * 1000) / rows,
      });
    }
    return {
      linesPerSecond: summarise(samples.map((s) => s.rate)),
      serverCpuMs: summarise(samples.map((s) => s.server)),
      databaseCpuMs: summarise(samples.map((s) => s.database)),
    };
  });
}

const cpuOfFloor = (f: FloorFigures) => f.serverCpuMs.median + f.databaseCpuMs.median + f.loadCpuMs.median;

/** The floor's lines, with how many times its insert a save costs (`saveCpuMs`: API, PostgreSQL and load generator). */
export function formatWriteFloor(floor: WriteFloor, saveCpuMs: number): string[] {
  const line = (f: FloorFigures) =>
    `${formatSummary(f.rps, 'req/s')}; p99 ${formatSummary(f.p99, 'ms')}${f.failures > 0 ? `; ${f.failures} requests failed` : ''}`;
  const cpu = (f: FloorFigures) =>
    `server ${formatSummary(f.serverCpuMs, 'ms')}, PostgreSQL ${formatSummary(f.databaseCpuMs, 'ms')}, ` +
    `the load generator ${formatSummary(f.loadCpuMs, 'ms')}`;
  return [
    `the least web write, for comparison (a bare Fastify server on the same PostgreSQL, ${CONNECTIONS} connections, the same bodies; ` +
      'no session, row-level security, validation, case, audit or derived table):',
    `  one insert of the answers, its own transaction, one round trip: ${line(floor.insert)}`,
    `    CPU a request: ${cpu(floor.insert)}; a save above costs ${(saveCpuMs / cpuOfFloor(floor.insert)).toFixed(1)}× as much`,
    `  the body parsed and answered, nothing written: ${line(floor.echo)}`,
    `    CPU a request: ${cpu(floor.echo)}`,
  ];
}

/** The least import's lines, with how many times its CPU a case Harbour's import costs (`caseCpuMs`: API and PostgreSQL). */
export function formatImportFloor(floor: ImportFloor, caseCpuMs: number): string[] {
  const cpu = floor.serverCpuMs.median + floor.databaseCpuMs.median;
  return [
    'the least import, for comparison (a bare Fastify server on the same PostgreSQL, the same requests one at a time; ' +
      'the body in one insert a request, each line stored as jsonb; no session, row-level security, validation, case, audit or derived table):',
    `  ${formatSummary(floor.linesPerSecond, 'lines/s')}`,
    `    CPU a line: server ${formatSummary(floor.serverCpuMs, 'ms')}, PostgreSQL ${formatSummary(floor.databaseCpuMs, 'ms')}; ` +
      `a case imported above costs ${(caseCpuMs / cpu).toFixed(1)}× as much`,
  ];
}
