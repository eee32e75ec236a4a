import fs from 'node:fs';
import type { EmbeddedServer } from '../packages/db/src';

export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as { harbourTestServer?: { server: EmbeddedServer; dataDir: string } }).harbourTestServer;
  if (!started) return;
  await started.server.stop();
  fs.rmSync(started.dataDir, { recursive: true, force: true });
}
