import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataDirUnreachableError, freePort, startEmbeddedPostgres } from '@harbour/db';
import pg from 'pg';

// PostgreSQL refuses to run as root, so as root the embedded server runs as the postgres user,
// which cannot pass through a mode-700 folder; any other user runs it as themselves and can.
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

jest.setTimeout(120_000);

let home: string;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-private-'));
  fs.chmodSync(home, 0o700);
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

test('a data folder the postgres user cannot reach, with nowhere else to go, stops start-up with what to do', async () => {
  const attempt = startEmbeddedPostgres({ dataDir: path.join(home, 'data', 'postgres'), port: 1 });
  if (!asRoot) {
    // the owner passes through their own mode-700 folder: start-up gets as far as the bad port
    await expect(attempt).rejects.not.toBeInstanceOf(DataDirUnreachableError);
    return;
  }
  await expect(attempt).rejects.toBeInstanceOf(DataDirUnreachableError);
  await expect(attempt).rejects.toThrow(`chmod o+x ${home}`);
  await expect(attempt).rejects.toThrow(/HARBOUR_DATA_DIR/);
  expect(fs.existsSync(path.join(home, 'data'))).toBe(false);
});

test('an unreachable data folder moves to the fallback, and the data stays there on the next start', async () => {
  const dataDir = path.join(home, 'data', 'postgres');
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-fallback-'));
  fs.chmodSync(elsewhere, 0o755);
  const fallbackDataDir = path.join(elsewhere, 'clone', 'postgres');
  try {
    const first = await startEmbeddedPostgres({ dataDir, fallbackDataDir, port: await freePort(), ephemeral: true });
    try {
      if (!asRoot) {
        expect(first.dataDir).toBe(dataDir);
        expect(first.relocatedFrom).toBeUndefined();
        return;
      }
      expect(first.dataDir).toBe(fallbackDataDir);
      expect(first.relocatedFrom).toEqual({ dataDir, blocker: home });
      const client = new pg.Client({ connectionString: first.url });
      await client.connect();
      await client.query('create table kept (n int)');
      await client.end();
    } finally {
      await first.stop();
    }
    expect(fs.existsSync(path.join(home, 'data'))).toBe(false);

    // the folder became reachable: the cluster stays where it is, so the data is not "lost"
    fs.chmodSync(home, 0o755);
    const second = await startEmbeddedPostgres({ dataDir, fallbackDataDir, port: await freePort(), ephemeral: true });
    try {
      expect(second.dataDir).toBe(fallbackDataDir);
      expect(second.relocatedFrom).toEqual({ dataDir, blocker: null });
      const client = new pg.Client({ connectionString: second.url });
      await client.connect();
      const { rowCount } = await client.query("select 1 from pg_tables where tablename = 'kept'");
      await client.end();
      expect(rowCount).toBe(1);
    } finally {
      await second.stop();
    }
  } finally {
    fs.rmSync(elsewhere, { recursive: true, force: true });
  }
});
