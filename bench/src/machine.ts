import os from 'node:os';
import type pg from 'pg';

export type Machine = {
  cpus: string;
  cores: number;
  memoryGb: number;
  node: string;
  postgres: string;
  platform: string;
};

export async function describeMachine(client: pg.ClientBase): Promise<Machine> {
  const version = await client.query<{ server_version: string }>('show server_version');
  return {
    cpus: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres: version.rows[0]?.server_version ?? 'unknown',
    platform: `${os.platform()} ${os.release()}`,
  };
}

export function formatMachine(m: Machine): string {
  return [
    `machine: ${m.cores} cores (${m.cpus}), ${m.memoryGb} GB memory, ${m.platform}`,
    `node ${m.node}, PostgreSQL ${m.postgres}`,
  ].join('\n');
}
