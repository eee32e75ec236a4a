#!/usr/bin/env node
// A newcomer's first hour, as CI's user (root): clone into a mode-700 folder, `npm install`
// (the clone must stay clean), `npm start` on a free PORT, a client link created through the API
// and opened at the URL it gives, Ctrl-C (SIGINT to the process group), and nothing left running.
// A second start must find the same data (SIGTERM to `npm start` stops that one).

const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const repo = path.resolve(__dirname, '..');
const say = (line) => process.stdout.write(`fresh clone: ${line}\n`);

function fail(message) {
  throw new Error(`fresh clone: ${message}`);
}

function run(command, args, options = {}) {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...options });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Processes in a process group, or whose command line names the folder. */
function remaining(pgid, folder) {
  const pids = new Set();
  for (const args of [
    ['-g', String(pgid)],
    ['-f', folder],
  ]) {
    try {
      for (const pid of run('pgrep', args).split('\n').filter(Boolean)) pids.add(Number(pid));
    } catch {
      // pgrep exits 1 when nothing matches
    }
  }
  pids.delete(process.pid);
  return [...pids];
}

// Only what a newcomer's shell has: none of the caller's HARBOUR_*, DATABASE_URL or PORT.
const newcomerEnv = { PATH: process.env.PATH, HOME: process.env.HOME ?? os.homedir() };

/** `npm start` in its own process group (as a terminal runs it), its output collected. */
function start(clone, port) {
  const child = spawn('npm', ['start'], {
    cwd: clone,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...newcomerEnv, PORT: String(port) },
  });
  const server = { child, output: '', exited: new Promise((resolve) => child.once('exit', resolve)) };
  const collect = (chunk) => {
    server.output += chunk;
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return server;
}

async function waitForHealth(server, origin) {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) fail(`npm start exited:\n${server.output}`);
    try {
      const response = await fetch(`${origin}/api/v1/healthz`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  fail(`no /api/v1/healthz within 5 minutes:\n${server.output}`);
}

async function api(origin, method, url, body, cookie) {
  const response = await fetch(`${origin}${url}`, {
    method,
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null, cookie: response.headers.get('set-cookie') };
}

async function signIn(origin, email, password) {
  const response = await api(origin, 'POST', '/api/v1/auth/login', { email, password });
  if (response.status !== 200) fail(`sign-in gave ${response.status}: ${JSON.stringify(response.json)}`);
  return response.cookie.split(';')[0];
}

async function stop(server, signal, target, clone) {
  const pgid = server.child.pid;
  const postmaster = postmasterPid(server.output);
  process.kill(target === 'group' ? -pgid : pgid, signal);
  const stopped = await Promise.race([server.exited.then(() => true), sleep(30_000).then(() => false)]);
  if (!stopped) fail(`npm start did not stop within 30 s of ${signal}:\n${server.output}`);
  await sleep(1000);
  const left = remaining(pgid, clone);
  if (postmaster && alive(postmaster)) left.push(postmaster);
  if (left.length > 0) fail(`${signal} left processes behind: ${run('ps', ['-o', 'pid,args', '-p', left.join(',')])}`);
  say(`${signal} to ${target === 'group' ? 'the process group' : 'npm start'}: stopped, no process left`);
}

/** The embedded PostgreSQL's pid, from the data folder `npm start` names. */
function postmasterPid(output) {
  const dataDir = /^Data: (\S+)/m.exec(output)?.[1];
  if (!dataDir) fail(`npm start did not say where the data lives:\n${output}`);
  return Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

async function main() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-newcomer-'));
  fs.chmodSync(home, 0o700);
  const clone = path.join(home, 'harbour');
  let dataDir;
  try {
    run('git', ['clone', '--quiet', repo, clone]);
    say(`cloned into ${clone} (its parent is mode 700)`);
    run('npm', ['install', '--no-audit', '--no-fund'], { cwd: clone, stdio: ['ignore', 'ignore', 'inherit'] });
    const dirty = run('git', ['status', '--porcelain'], { cwd: clone });
    if (dirty) fail(`npm install changed the clean clone:\n${dirty}`);
    say('npm install left the clone clean');

    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const first = start(clone, port);
    await waitForHealth(first, origin);
    dataDir = /^Data: (\S+)/m.exec(first.output)?.[1];
    say(`npm start listens on ${origin}; ${/^Data: .*$/m.exec(first.output)?.[0]}`);

    // A service and a practitioner through the CLI (sharing the running server's database),
    // then a case and a client link through the API, as the practitioner.
    const service = /Service created: (\S+)/.exec(
      run(
        'npm',
        ['run', '--silent', 'harbour', '--', 'admin', 'create-service', '--name', 'First Hour Idva', '--kind', 'idva'],
        {
          cwd: clone,
          env: newcomerEnv,
        },
      ),
    )?.[1];
    if (!service) fail('the CLI did not create a service');
    const password = 'a newcomer passphrase 1';
    run(
      'npm',
      [
        'run',
        '--silent',
        'harbour',
        '--',
        'admin',
        'create-user',
        '--email',
        'pat@example.org',
        '--name',
        'Pat',
        '--service',
        service,
        '--role',
        'practitioner',
        '--password',
        password,
      ],
      { cwd: clone, env: newcomerEnv },
    );
    const cookie = await signIn(origin, 'pat@example.org', password);
    const kase = await api(
      origin,
      'POST',
      '/api/v1/cases',
      { openedAt: new Date().toISOString().slice(0, 10) },
      cookie,
    );
    if (kase.status !== 201) fail(`opening a case gave ${kase.status}: ${JSON.stringify(kase.json)}`);
    const link = await api(
      origin,
      'POST',
      `/api/v1/cases/${kase.json.id}/questionnaire-links`,
      { formKey: 'core.client_intake' },
      cookie,
    );
    if (link.status !== 201) fail(`creating a client link gave ${link.status}: ${JSON.stringify(link.json)}`);
    if (!link.json.url.startsWith(`${origin}/q/`)) fail(`the client link ${link.json.url} is not on ${origin}`);
    const page = await fetch(link.json.url);
    if (page.status !== 200) fail(`the client link answered ${page.status}`);
    say(`client link ${link.json.url.slice(0, origin.length + 8)}… answers 200`);
    await stop(first, 'SIGINT', 'group', clone);

    const second = start(clone, port);
    await waitForHealth(second, origin);
    if (/^Data: (\S+)/m.exec(second.output)?.[1] !== dataDir)
      fail(`the second start uses other data:\n${second.output}`);
    await signIn(origin, 'pat@example.org', password);
    say('a second start finds the same data');
    await stop(second, 'SIGTERM', 'npm start', clone);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
    // the data of this throw-away clone, where npm start put it
    if (dataDir && !dataDir.startsWith(home)) fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
