/**
 * The API as its own process (`apps/api/dist/main.js`), so that the load generator does not
 * share its event loop and the server's memory can be read on its own: peak resident memory from
 * /proc (VmHWM), reset between measurements through clear_refs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '@harbour/db';

export const API_MAIN = path.resolve(__dirname, '..', '..', 'apps', 'api', 'dist', 'main.js');
export const BENCH_ADMIN = {
  email: 'bench-admin@bench.harbour.invalid',
  password: randomBytes(18).toString('base64url'),
};

export type ApiServer = {
  baseUrl: string;
  pid: number;
  /** Peak resident memory since the last reset, in MB (null where /proc is not available). */
  peakRssMb(): number | null;
  resetPeak(): void;
  /** Starts a benchmark section: its peak survives the resets of the measurements inside it. */
  startSection(): void;
  /** Peak resident memory since `startSection`, in MB. */
  sectionPeakMb(): number | null;
  stop(): Promise<void>;
};

async function waitUntilReady(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited while starting:\n${output()}`);
    try {
      const response = await fetch(`${baseUrl}/api/v1/readyz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the API did not become ready within a minute:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The API's master key, kept in the work folder beside the data it seals: one key per folder,
 * because a database kept with --keep holds service keys wrapped by it.
 */
export function masterKey(workDir: string): string {
  const file = path.join(workDir, 'master.key');
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  return fs.readFileSync(file, 'utf8');
}

export async function startApiServer(options: {
  ownerUrl: string;
  apiUrl: string;
  workDir: string;
}): Promise<ApiServer> {
  if (!fs.existsSync(API_MAIN)) throw new Error(`${API_MAIN} is not built`);
  const port = await freePort();
  // e.g. BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/harbour-profile": where the API's own time goes
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, API_MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: options.ownerUrl,
      HARBOUR_API_DATABASE_URL: options.apiUrl,
      HARBOUR_DATA_DIR: path.join(options.workDir, 'api'),
      HARBOUR_MASTER_KEY: masterKey(options.workDir),
      HARBOUR_ADMIN_EMAIL: BENCH_ADMIN.email,
      HARBOUR_ADMIN_PASSWORD: BENCH_ADMIN.password,
      HARBOUR_SECURE_COOKIES: 'false',
      LOG_LEVEL: 'warn',
      // The load generator is one caller sending thousands of requests a second, on purpose.
      HARBOUR_RATE_LIMIT_PER_MINUTE: '10000000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-8000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(baseUrl, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const pid = child.pid as number;
  const peakRssMb = () => {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const match = /VmHWM:\s+(\d+) kB/.exec(status);
      return match ? Math.round(Number(match[1]) / 1024) : null;
    } catch {
      return null;
    }
  };
  const resetPeak = () => {
    try {
      fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    } catch {
      // not Linux, or not allowed: the peak then covers the whole run
    }
  };
  // the highest peak read before a reset inside the current section
  let sectionPeak: number | null = null;
  const higher = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
  return {
    baseUrl,
    pid,
    peakRssMb,
    resetPeak() {
      sectionPeak = higher(sectionPeak, peakRssMb());
      resetPeak();
    },
    startSection() {
      sectionPeak = null;
      resetPeak();
    },
    sectionPeakMb: () => higher(sectionPeak, peakRssMb()),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
