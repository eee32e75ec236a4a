/**
 * Gives a service's loaded workers a password, so the benchmark can sign in as them. Any second
 * factor an earlier run set up (a database kept with --keep) is cleared: the session sets up a
 * new one.
 */

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
    await resetAccounts(client, 'id = any($2)', [passwordHash, [manager.id, practitioner.id]]);
  } finally {
    await client.end();
  }
  return { manager: { worker: manager, password }, practitioner: { worker: practitioner, password } };
}

async function resetAccounts(client: pg.Client, where: string, values: unknown[]): Promise<void> {
  const { rows } = await client.query<{ id: string }>(
    `update users set password_hash = $1, must_change_password = false, totp_secret = null,
       totp_enabled_at = null, totp_last_step = null
     where ${where} returning id`,
    values,
  );
  await client.query('delete from recovery_codes where user_id = any($1)', [rows.map((r) => r.id)]);
}

/** The platform admin the API created at its first start, with this run's password. */
export async function benchAdmin(ownerUrl: string, email: string, password: string): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await resetAccounts(client, 'email = $2', [await hash(password), email]);
  } finally {
    await client.end();
  }
}
