/**
 * Linkage regions' secret keys: 32 random bytes per region and epoch, wrapped by the master key
 * with the envelope that wraps the services' data keys, unwrapped on first use and kept in
 * memory. The key never reaches the database unwrapped, so a dump without the master key cannot
 * encode a candidate name to compare with the stored filters.
 */
import { randomBytes } from 'node:crypto';
import type { Db, Tx } from '@harbour/db';
import type { LinkageKey } from '@harbour/linkage';
import { Encoder } from '@harbour/linkage';
import { type Aad, envelopeKeyId, open, seal } from '../security/envelope';
import type { MasterKey } from '../security/master-key';
import { withLinkageTables } from './tables';

function wrapAad(regionId: string, keyId: string): Aad {
  return { table: 'linkage_keys', serviceId: null, row: `${regionId}/${keyId}`, field: 'wrapped_key' };
}

export function wrapLinkageKey(master: MasterKey, regionId: string, keyId: string, key: Buffer): string {
  return seal(master.key, master.id, key, wrapAad(regionId, keyId));
}

export function unwrapLinkageKey(master: MasterKey, regionId: string, keyId: string, wrapped: string): Buffer {
  if (envelopeKeyId(wrapped) !== master.id) {
    throw new Error(
      `linkage key ${keyId} is wrapped by another master key (${envelopeKeyId(wrapped)}): rotate-keys first`,
    );
  }
  return open(master.key, wrapped, wrapAad(regionId, keyId));
}

export class LinkageKeyring {
  private readonly encoders = new Map<string, Encoder>();

  constructor(readonly master: MasterKey) {}

  /** The encoder of the region's current epoch; the first call for a region (or after a rotation) starts one. */
  async currentEncoder(db: Db | Tx, regionId: string): Promise<Encoder> {
    const existing = await withLinkageTables(db)
      .selectFrom('linkage_keys')
      .select(['id', 'wrapped_key'])
      .where('region_id', '=', regionId)
      .where('retired_at', 'is', null)
      .executeTakeFirst();
    if (existing) return this.encoder(regionId, existing.id, existing.wrapped_key);
    const id = crypto.randomUUID();
    const key = randomBytes(32);
    const inserted = await withLinkageTables(db)
      .insertInto('linkage_keys')
      .values({
        region_id: regionId,
        id,
        wrapped_key: wrapLinkageKey(this.master, regionId, id, key),
        master_key_id: this.master.id,
      })
      .onConflict((oc) => oc.column('region_id').where('retired_at', 'is', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return this.currentEncoder(db, regionId); // another request started the epoch first
    const encoder = new Encoder({ id, key } satisfies LinkageKey);
    this.encoders.set(id, encoder);
    return encoder;
  }

  private encoder(regionId: string, keyId: string, wrapped: string): Encoder {
    const cached = this.encoders.get(keyId);
    if (cached) return cached;
    const encoder = new Encoder({ id: keyId, key: unwrapLinkageKey(this.master, regionId, keyId, wrapped) });
    this.encoders.set(keyId, encoder);
    return encoder;
  }
}

const keyrings = new WeakMap<MasterKey, LinkageKeyring>();

/** One linkage keyring per master key (per app), so unwrapped keys are cached across requests. */
export function linkageKeyring(master: MasterKey): LinkageKeyring {
  let ring = keyrings.get(master);
  if (!ring) {
    ring = new LinkageKeyring(master);
    keyrings.set(master, ring);
  }
  return ring;
}
