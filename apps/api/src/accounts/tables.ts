import type { Db, MemberRole, PractitionerRole, Tx } from '@harbour/db';
import type { ColumnType, Generated } from 'kysely';

/** The tables of migrations/0020_invitations_and_sign_in_limits.sql, typed beside their only readers. */
export type InvitationsTable = {
  service_id: string;
  id: Generated<string>;
  email: string;
  role: MemberRole;
  practitioner_role: PractitionerRole | null;
  fte: ColumnType<number, number | undefined, number>;
  token_hash: Buffer;
  created_by: string;
  created_at: Generated<Date>;
  expires_at: Date;
  accepted_at: Date | null;
  accepted_by: string | null;
  revoked_at: Date | null;
};

export type SignInFailuresTable = {
  email_hash: Buffer;
  ip: string;
  failures: number;
  last_failed_at: Date;
};

export type SecondFactorFailuresTable = {
  user_id: string;
  failures: number;
  window_started_at: Date;
  locked_at: Date | null;
  unseen: number;
};

export type AccountTables = {
  invitations: InvitationsTable;
  sign_in_failures: SignInFailuresTable;
  second_factor_failures: SecondFactorFailuresTable;
};

export function withAccountTables(db: Db | Tx) {
  return db.withTables<AccountTables>();
}
