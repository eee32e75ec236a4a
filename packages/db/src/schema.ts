import type { ColumnType, Generated, Selectable } from 'kysely';

/** A DATE column: read and written as an ISO `YYYY-MM-DD` string. */
export type IsoDate = string;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;
/** A JSONB column with a database default: optional on insert. */
type JsonWithDefault<T = unknown> = ColumnType<T, string | T | undefined, string | T>;

export type ServiceKind =
  | 'idva'
  | 'outreach'
  | 'refuge'
  | 'children'
  | 'young_people'
  | 'sexual_violence'
  | 'housing'
  | 'other';
export type MemberRole = 'practitioner' | 'manager';
export type PlatformRole = 'admin' | 'researcher';
export type PractitionerRole = 'idva' | 'ypva' | 'outreach' | 'refuge' | 'children' | 'hospital_idva' | 'other';
export type ResponseStatus = 'draft' | 'submitted';
export type ResponseSource = 'practitioner' | 'client' | 'import';

export type ServiceSettings = {
  riskHighFrom?: number;
  riskMediumFrom?: number;
  safeCaseloadPerFte?: number;
  retentionYears?: number;
  disclosureThreshold?: number;
  /** Months between reviews of an open case (default DEFAULT_REVIEW_INTERVAL_MONTHS). */
  reviewIntervalMonths?: number;
  /** Months after closure at which a client who agreed is sent a follow-up (default 3 and 6). */
  followUpMonths?: number[];
  /** Shown with this service's linkage matches in other services (docs/linkage.md). */
  safeguardingContact?: string;
};

/**
 * Months between reviews of an open case when the service sets none: review due on the caseload
 * and the report's long cases (open longer than their service's interval) both read it.
 */
export const DEFAULT_REVIEW_INTERVAL_MONTHS = 3;

/** Months after closure at which a client who agreed is followed up, when the service sets none. */
export const DEFAULT_FOLLOW_UP_MONTHS: readonly number[] = [3, 6];

export type ServicesTable = {
  id: Generated<string>;
  name: string;
  kind: ServiceKind;
  local_authority: string | null;
  shares_national_dataset: Generated<boolean>;
  shares_national_dataset_from: IsoDate | null;
  named_in_research: Generated<boolean>;
  settings: JsonWithDefault<ServiceSettings>;
  created_at: Generated<Date>;
};

export type UsersTable = {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string | null;
  platform_role: PlatformRole | null;
  must_change_password: Generated<boolean>;
  totp_secret: string | null;
  totp_enabled_at: Timestamp | null;
  totp_last_step: string | number | null;
  disabled_at: Timestamp | null;
  failed_logins: Generated<number>;
  last_failed_login_at: Timestamp | null;
  created_at: Generated<Date>;
};

export type MembershipsTable = {
  service_id: string;
  user_id: string;
  role: MemberRole;
  practitioner_role: PractitionerRole | null;
  fte: ColumnType<number, number | undefined, number>;
  created_at: Generated<Date>;
};

export type SessionsTable = {
  id_hash: Buffer;
  user_id: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  second_factor_at: Timestamp | null;
  ip: string | null;
  user_agent: string | null;
};

export type ApiTokensTable = {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: Buffer;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
};

export type ServiceModulesTable = {
  service_id: string;
  module_key: string;
  active_from: IsoDate;
  active_to: IsoDate | null;
  updated_at: Generated<Date>;
};

export type CasesTable = {
  service_id: string;
  id: Generated<string>;
  reference: string | null;
  worker_id: string;
  practitioner_role: PractitionerRole | null;
  opened_at: IsoDate;
  closed_at: IsoDate | null;
  status: Generated<'open' | 'closed'>;
  flags: ColumnType<string[], string[] | undefined, string[]>;
  consent_research: boolean | null;
  shared_with_service: Generated<boolean>;
  /** The project the case is assigned to on the case itself (migration 0051). */
  project_id: ColumnType<string | null, string | null | undefined, string | null>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type Answers = Record<string, unknown>;

export type ResponsesTable = {
  service_id: string;
  case_id: string;
  form_key: string;
  /** 0 for a form answered once per case; 1, 2, 3… for the occasions of a review or follow-up form. */
  occasion: ColumnType<number, number | undefined, number>;
  module_key: string;
  form_version: number;
  status: ResponseStatus;
  source: ResponseSource;
  answers: Json<Answers>;
  scores: JsonWithDefault<Record<string, unknown>>;
  sealed: JsonWithDefault<Record<string, unknown>>;
  /** The response's revision: 1 when first saved, one more at each save (migration 0090 renamed it from `version`). */
  revision: Generated<number>;
  created_by: string | null;
  updated_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  submitted_at: Timestamp | null;
};

/** A response of one child of a case (by `child_ref`): the child's own voice (migration 0060). */
export type ChildResponsesTable = {
  service_id: string;
  case_id: string;
  child_ref: string;
  form_key: string;
  module_key: string;
  form_version: number;
  source: Exclude<ResponseSource, 'import'>;
  answers: Json<Answers>;
  scores: JsonWithDefault<Record<string, unknown>>;
  sealed: JsonWithDefault<Record<string, unknown>>;
  version: Generated<number>;
  created_by: string | null;
  updated_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  submitted_at: Timestamp;
};

export type QuestionnaireLinksTable = {
  service_id: string;
  id: Generated<string>;
  case_id: string;
  form_key: string;
  /** The child the link is for, when a child of the case answers it. */
  child_ref: ColumnType<string | null, string | null | undefined, string | null>;
  occasion: ColumnType<number, number | undefined, number>;
  /** A language pack's code (`en`, `ur`, …): the language the page opens in. */
  language: Generated<string>;
  token_hash: Buffer;
  /** Null for a follow-up link the scheduler created. */
  created_by: string | null;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  revoked_at: Timestamp | null;
};

export type ImportMappingsTable = {
  service_id: string;
  name: string;
  columns: Json<Record<string, string | null>>;
  updated_by: string;
  updated_at: Generated<Date>;
};

export type IdempotencyKeysTable = {
  service_id: string;
  user_id: string;
  key: string;
  route: string;
  request_hash: Buffer;
  response_status: number;
  response_body: Json<unknown>;
  created_at: Generated<Date>;
};

export type AuditLogTable = {
  id: Generated<string>;
  at: Generated<Date>;
  user_id: string | null;
  service_id: string | null;
  role: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  ip: string | null;
  status: number | null;
  details: JsonWithDefault<Record<string, unknown>>;
};

export type MigrationsTable = {
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
};

export type ServiceReportBrandingTable = {
  service_id: string;
  display_name: string | null;
  narrative: string | null;
  logo: Buffer | null;
  logo_type: 'image/png' | 'image/jpeg' | null;
  updated_by: string | null;
  updated_at: Generated<Date>;
};

export type ProjectsTable = {
  service_id: string;
  id: Generated<string>;
  name: string;
  funder: string | null;
  starts_on: IsoDate;
  ends_on: IsoDate | null;
  sections: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Generated<Date>;
};

export type ProjectRulesTable = {
  service_id: string;
  project_id: string;
  worker_id: string | null;
  practitioner_role: PractitionerRole | null;
};

export type CaseAuditSamplesTable = {
  service_id: string;
  id: Generated<string>;
  drawn_by: string;
  drawn_at: Generated<Date>;
  period_from: IsoDate;
  period_to: IsoDate;
  per_worker: number;
};

export type CaseAuditsTable = {
  service_id: string;
  id: Generated<string>;
  sample_id: string;
  case_id: string;
  worker_id: string;
  auditor_id: string | null;
  scores: ColumnType<Record<string, number | null>, string | undefined, string>;
  feedback_sealed: string | null;
  scored_at: Date | null;
};

export type Database = {
  services: ServicesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  service_modules: ServiceModulesTable;
  service_report_branding: ServiceReportBrandingTable;
  projects: ProjectsTable;
  project_rules: ProjectRulesTable;
  case_audit_samples: CaseAuditSamplesTable;
  case_audits: CaseAuditsTable;
  cases: CasesTable;
  responses: ResponsesTable;
  child_responses: ChildResponsesTable;
  questionnaire_links: QuestionnaireLinksTable;
  idempotency_keys: IdempotencyKeysTable;
  import_mappings: ImportMappingsTable;
  audit_log: AuditLogTable;
  harbour_migrations: MigrationsTable;
};

export type Service = Selectable<ServicesTable>;
export type User = Selectable<UsersTable>;
export type Case = Selectable<CasesTable>;
export type Response = Selectable<ResponsesTable>;
export type QuestionnaireLink = Selectable<QuestionnaireLinksTable>;
export type ChildResponse = Selectable<ChildResponsesTable>;
