import type { Db, Tx } from '@harbour/db';
import type { Generated } from 'kysely';

/** The tables of migrations/0070_linkage.sql, typed beside the only code that reads them. */
export type LinkageRegionsTable = { id: Generated<string>; name: string; created_at: Generated<Date> };

export type LinkageKeysTable = {
  region_id: string;
  id: string;
  wrapped_key: string;
  master_key_id: string;
  created_at: Generated<Date>;
  retired_at: Date | null;
};

export type LinkageRegionServicesTable = {
  service_id: string;
  region_id: string;
  added_at: Generated<Date>;
  opted_in_at: Date | null;
};

export type LinkageReason = 'risk_of_serious_harm' | 'child_protection' | 'marac_referral' | 'legal_duty';

export type CaseLinkageTable = {
  service_id: string;
  case_id: string;
  region_id: string;
  key_id: string;
  block: number;
  /** bit(1024): written as a '0'/'1' string. */
  bloom: string;
  consent: boolean;
  reason: LinkageReason | null;
  repeat_found: Generated<boolean>;
  created_by: string | null;
  created_at: Generated<Date>;
};

export type LinkageMatchesTable = {
  service_id: string;
  case_id: string;
  id: Generated<string>;
  other_service_id: string;
  other_case_id: string;
  other_from: string;
  other_to: string | null;
  dice: number;
  shown_at: Generated<Date>;
  decision: 'confirmed' | 'rejected' | null;
  decided_by: string | null;
  decided_at: Date | null;
};

export type LinkageDisclosuresTable = {
  service_id: string;
  case_id: string;
  match_id: string;
  shown_to_service_id: string;
  shown_at: Generated<Date>;
};

export type LinkageTables = {
  linkage_regions: LinkageRegionsTable;
  linkage_keys: LinkageKeysTable;
  linkage_region_services: LinkageRegionServicesTable;
  case_linkage: CaseLinkageTable;
  linkage_matches: LinkageMatchesTable;
  linkage_disclosures: LinkageDisclosuresTable;
};

export function withLinkageTables(db: Db | Tx) {
  return db.withTables<LinkageTables>();
}
