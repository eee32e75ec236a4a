import type { Db, Tx } from '@harbour/db';
import type { FollowUpChannel, SafeTime } from '@harbour/forms';
import type { ColumnType, Generated } from 'kysely';

export type { FollowUpChannel, SafeTime };

/** The tables of migrations/0041_follow_up.sql, typed beside the only code that reads them. */
export type FollowUpContactsTable = {
  service_id: string;
  case_id: string;
  consent: boolean;
  channel: ColumnType<FollowUpChannel | null, FollowUpChannel | null | undefined>;
  /** The email address or mobile number, sealed with the service's data key. */
  address_sealed: ColumnType<string | null, string | null | undefined>;
  safe_times: ColumnType<SafeTime[], SafeTime[] | undefined, SafeTime[]>;
  code_word_sealed: ColumnType<string | null, string | null | undefined>;
  name_service: Generated<boolean>;
  recorded_by: ColumnType<string | null, string | null | undefined>;
  recorded_at: Generated<Date>;
  ended_at: ColumnType<Date | null, Date | null | undefined>;
  ended_by: ColumnType<string | null, string | null | undefined>;
  ended_reason: ColumnType<'not_safe' | 'unanswered' | null, 'not_safe' | 'unanswered' | null | undefined>;
};

export type FollowUpsTable = {
  service_id: string;
  case_id: string;
  occasion: number;
  months: number;
  due_on: string;
  channel: FollowUpChannel;
  link_id: string;
  sent_at: Date;
};

export type FollowUpTables = { follow_up_contacts: FollowUpContactsTable; follow_ups: FollowUpsTable };

export function withFollowUpTables(db: Db | Tx) {
  return db.withTables<FollowUpTables>();
}
