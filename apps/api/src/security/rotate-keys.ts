import type { Db } from '@harbour/db';
import { sql } from 'kysely';
import { unwrapLinkageKey, wrapLinkageKey } from '../linkage/region-keys';
import { withLinkageTables } from '../linkage/tables';
import { Keyring, unwrapDataKey, wrapDataKey } from './keyring';
import type { MasterKey } from './master-key';
import { withSecurityTables } from './tables';

export type RotationReport = {
  services: number;
  dataKeys: number;
  userSecrets: number;
  retiredDataKeys: number;
  linkageKeys: number;
};

/**
 * Re-wraps every data key, and re-seals every TOTP secret, from one master key to another in a
 * single transaction (all or nothing): the encrypted answers themselves are not touched. With
 * `retireDataKeys`, each service's current data key is retired as well, so new values get a
 * fresh key while old values keep opening with the retired one.
 * Runs as the owner and sets each service as the tenant in turn, so it works whether or not the
 * owner bypasses row-level security.
 */
export async function rotateMasterKey(
  owner: Db,
  from: MasterKey,
  to: MasterKey,
  options: { retireDataKeys?: boolean; now?: Date } = {},
): Promise<RotationReport> {
  const report: RotationReport = { services: 0, dataKeys: 0, userSecrets: 0, retiredDataKeys: 0, linkageKeys: 0 };
  await owner.transaction().execute(async (tx) => {
    const services = await tx.selectFrom('services').select('id').execute();
    for (const { id: serviceId } of services) {
      await sql`select set_config('app.service_id', ${serviceId}, true)`.execute(tx);
      const keys = await withSecurityTables(tx)
        .selectFrom('data_keys')
        .select(['id', 'wrapped_key'])
        .where('service_id', '=', serviceId)
        .execute();
      for (const key of keys) {
        const plain = unwrapDataKey(from, serviceId, key.id, key.wrapped_key);
        await withSecurityTables(tx)
          .updateTable('data_keys')
          .set({ wrapped_key: wrapDataKey(to, serviceId, key.id, plain), master_key_id: to.id })
          .where('service_id', '=', serviceId)
          .where('id', '=', key.id)
          .execute();
      }
      if (options.retireDataKeys) {
        const retired = await withSecurityTables(tx)
          .updateTable('data_keys')
          .set({ retired_at: options.now ?? new Date() })
          .where('service_id', '=', serviceId)
          .where('retired_at', 'is', null)
          .executeTakeFirst();
        report.retiredDataKeys += Number(retired.numUpdatedRows);
      }
      report.dataKeys += keys.length;
      report.services += 1;
    }
    // linkage regions' keys (every epoch: old encodings keep matching within their epoch)
    const linkageKeys = await withLinkageTables(tx)
      .selectFrom('linkage_keys')
      .select(['region_id', 'id', 'wrapped_key'])
      .execute();
    for (const key of linkageKeys) {
      const plain = unwrapLinkageKey(from, key.region_id, key.id, key.wrapped_key);
      await withLinkageTables(tx)
        .updateTable('linkage_keys')
        .set({ wrapped_key: wrapLinkageKey(to, key.region_id, key.id, plain), master_key_id: to.id })
        .where('id', '=', key.id)
        .execute();
      report.linkageKeys += 1;
    }
    const oldRing = new Keyring(from);
    const newRing = new Keyring(to);
    const users = await tx
      .selectFrom('users')
      .select(['id', 'totp_secret'])
      .where('totp_secret', 'is not', null)
      .execute();
    for (const user of users) {
      if (!user.totp_secret) continue;
      const secret = oldRing.openUserSecret(user.id, 'totp_secret', user.totp_secret);
      await tx
        .updateTable('users')
        .set({ totp_secret: newRing.sealUserSecret(user.id, 'totp_secret', secret) })
        .where('id', '=', user.id)
        .execute();
      report.userSecrets += 1;
    }
  });
  return report;
}
