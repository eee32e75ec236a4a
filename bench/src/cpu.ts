/** CPU time of the API process and of PostgreSQL's server processes, read from /proc. */
import fs from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import type { ApiServer } from './api-server';

/** CPU seconds (user + system) a process has used, from /proc; 0 where it cannot be read. */
export function cpuSeconds(pid: number): number {
  try {
    // the command name (field 2) may hold spaces: count fields after its closing parenthesis
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds of the API and of the database's server processes, so that a run on a busy
 * machine still shows the work an export costs, whatever share of the cores it was given.
 */
export async function cpuOf(
  server: Pick<ApiServer, 'pid'>,
  ownerUrl: string,
): Promise<{ api: number; database: Map<number, number> }> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    return { api: cpuSeconds(server.pid), database: new Map(rows.map((r) => [r.pid, cpuSeconds(r.pid)])) };
  } finally {
    await client.end();
  }
}

/** CPU seconds the API and the database used between two readings of `cpuOf`. */
export function cpuUsed(
  before: Awaited<ReturnType<typeof cpuOf>>,
  after: Awaited<ReturnType<typeof cpuOf>>,
): { api: number; database: number } {
  let database = 0;
  for (const [pid, seconds] of after.database) database += seconds - (before.database.get(pid) ?? 0);
  return { api: after.api - before.api, database };
}

/**
 * How far the CPU a request (or a case) lets this machine go, what the target leaves each one,
 * and how much of the cores a run used: whether a missed target is the cost of the work or cores
 * left idle. The one place the benchmark reads the machine's cores for a target.
 */
export function cpuCeiling(run: {
  perSecond: number;
  cpuMs: number;
  targetPerSecond: number;
  unit: string;
  what: string;
}): string {
  const cores = os.availableParallelism();
  const perSecond = (n: number) => `${Math.round(n).toLocaleString('en-GB')} ${run.unit}s/s`;
  const ceiling = (cores * 1000) / run.cpuMs;
  const budget = (cores * 1000) / run.targetPerSecond;
  const busy = (run.perSecond * run.cpuMs) / (cores * 1000);
  return (
    `  at ${run.cpuMs.toFixed(2)} ms of CPU a ${run.unit} the machine's ${cores} cores allow at most ${perSecond(ceiling)} ` +
    `(${perSecond(run.targetPerSecond)} would leave ${budget.toFixed(2)} ms a ${run.unit}); ` +
    `${run.what} kept them ${Math.round(busy * 100)} % busy`
  );
}
