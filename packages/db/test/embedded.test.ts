import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataDirUnreachableError, startEmbeddedPostgres } from '@harbour/db';

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

(asRoot ? test : test.skip)('a data folder the postgres user cannot reach stops start-up with what to do', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-private-'));
  fs.chmodSync(home, 0o700);
  try {
    const attempt = startEmbeddedPostgres({ dataDir: path.join(home, 'data', 'postgres'), port: 1 });
    await expect(attempt).rejects.toBeInstanceOf(DataDirUnreachableError);
    await expect(attempt).rejects.toThrow(`chmod o+x ${home}`);
    await expect(attempt).rejects.toThrow(/HARBOUR_DATA_DIR=/);
    expect(fs.existsSync(path.join(home, 'data'))).toBe(false);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});
