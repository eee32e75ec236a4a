import type { Db, Tx } from '@harbour/db';
import type { Generated } from 'kysely';

/** The tables of migrations/0006_security.sql, typed beside the only code that reads them. */
export type DataKeysTable = {
  service_id: string;
  id: string;
  wrapped_key: string;
  master_key_id: string;
  created_at: Generated<Date>;
  retired_at: Date | null;
};

export type RecoveryCodesTable = {
  user_id: string;
  code_hash: Buffer;
  created_at: Generated<Date>;
  used_at: Date | null;
};

export type SecurityTables = { data_keys: DataKeysTable; recovery_codes: RecoveryCodesTable };

export function withSecurityTables(db: Db | Tx) {
  return db.withTables<SecurityTables>();
}
