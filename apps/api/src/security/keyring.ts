import { hkdfSync, randomBytes } from 'node:crypto';
import type { Db, Tx } from '@harbour/db';
import { type Aad, envelopeKeyId, open, seal } from './envelope';
import type { MasterKey } from './master-key';
import { withSecurityTables } from './tables';

type Queryable = Db | Tx;
export type DataKey = { id: string; key: Buffer };

function wrapAad(serviceId: string, keyId: string): Aad {
  return { table: 'data_keys', serviceId, row: keyId, field: 'wrapped_key' };
}

export function wrapDataKey(master: MasterKey, serviceId: string, keyId: string, key: Buffer): string {
  return seal(master.key, master.id, key, wrapAad(serviceId, keyId));
}

export function unwrapDataKey(master: MasterKey, serviceId: string, keyId: string, wrapped: string): Buffer {
  if (envelopeKeyId(wrapped) !== master.id) {
    throw new Error(
      `data key ${keyId} is wrapped by another master key (${envelopeKeyId(wrapped)}): rotate-keys first`,
    );
  }
  return open(master.key, wrapped, wrapAad(serviceId, keyId));
}

/**
 * The data keys of every service, unwrapped on first use and kept in memory. Queries run on the
 * caller's connection: inside a tenant transaction row-level security limits them to that service.
 */
export class Keyring {
  private readonly unwrapped = new Map<string, Buffer>();
  private readonly userSecretKey: Buffer;

  constructor(readonly master: MasterKey) {
    // a separate key for user secrets (TOTP seeds), derived so it rotates with the master key
    this.userSecretKey = Buffer.from(hkdfSync('sha256', master.key, '', 'harbour user secrets v1', 32));
  }

  /** The service's current data key; the first call for a service creates it. */
  async currentKey(db: Queryable, serviceId: string): Promise<DataKey> {
    const existing = await withSecurityTables(db)
      .selectFrom('data_keys')
      .select(['id', 'wrapped_key'])
      .where('service_id', '=', serviceId)
      .where('retired_at', 'is', null)
      .executeTakeFirst();
    if (existing) return { id: existing.id, key: this.unwrap(serviceId, existing.id, existing.wrapped_key) };
    const id = crypto.randomUUID();
    const key = randomBytes(32);
    const inserted = await withSecurityTables(db)
      .insertInto('data_keys')
      .values({
        service_id: serviceId,
        id,
        wrapped_key: wrapDataKey(this.master, serviceId, id, key),
        master_key_id: this.master.id,
      })
      .onConflict((oc) => oc.column('service_id').where('retired_at', 'is', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) {
      this.unwrapped.set(id, key);
      return { id, key };
    }
    return this.currentKey(db, serviceId); // another request created it first
  }

  async keyById(db: Queryable, serviceId: string, id: string): Promise<Buffer> {
    const cached = this.unwrapped.get(id);
    if (cached) return cached;
    const row = await withSecurityTables(db)
      .selectFrom('data_keys')
      .select(['wrapped_key'])
      .where('service_id', '=', serviceId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new Error(`data key ${id} is not a key of this service`);
    return this.unwrap(serviceId, id, row.wrapped_key);
  }

  private unwrap(serviceId: string, id: string, wrapped: string): Buffer {
    const cached = this.unwrapped.get(id);
    if (cached) return cached;
    const key = unwrapDataKey(this.master, serviceId, id, wrapped);
    this.unwrapped.set(id, key);
    return key;
  }

  /** Seals a per-user secret (the TOTP seed) bound to the user's row. */
  sealUserSecret(userId: string, field: string, secret: string): string {
    return seal(this.userSecretKey, this.master.id, Buffer.from(secret, 'utf8'), {
      table: 'users',
      serviceId: null,
      row: userId,
      field,
    });
  }

  openUserSecret(userId: string, field: string, envelope: string): string {
    return open(this.userSecretKey, envelope, { table: 'users', serviceId: null, row: userId, field }).toString('utf8');
  }
}
