/** Gives a service's loaded workers a password, so the benchmark can sign in as them. */

import { randomBytes } from 'node:crypto';
import type { SynthService, SynthWorker } from '@harbour/synth';
import { hash } from '@node-rs/argon2';
import pg from 'pg';

export type BenchUser = { worker: SynthWorker; password: string };

export async function benchUsers(
  ownerUrl: string,
  service: SynthService,
): Promise<{ manager: BenchUser; practitioner: BenchUser }> {
  const manager = service.workers.find((w) => w.role === 'manager');
  const practitioner = service.workers.find((w) => w.role === 'practitioner');
  if (!manager || !practitioner) throw new Error(`${service.name} lacks a manager or a practitioner`);
  const password = randomBytes(18).toString('base64url');
  const passwordHash = await hash(password);
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('update users set password_hash = $1 where id = any($2)', [
      passwordHash,
      [manager.id, practitioner.id],
    ]);
  } finally {
    await client.end();
  }
  return { manager: { worker: manager, password }, practitioner: { worker: practitioner, password } };
}
