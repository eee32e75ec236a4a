-- Harbour schema, version 1.
--
-- Tenancy: every table holding case data carries service_id, and row-level security is enabled
-- AND forced on it. The API connects as harbour_api, which owns nothing and cannot bypass RLS;
-- each request sets app.service_id (and app.user_id, app.role) with set_config(..., true).
-- An unset tenant sees nothing: no policy has an "allow when unset" branch.
-- service_id leads every tenant key so the schema can be distributed by tenant (Citus).

create extension if not exists citext;

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'harbour_api') then
    create role harbour_api login nosuperuser nocreatedb nocreaterole noinherit nobypassrls;
  end if;
end
$$;

-- Helpers read the request's settings. They are plain SQL, not SECURITY DEFINER.
create function app_service_id() returns uuid language sql stable
  as $$ select nullif(current_setting('app.service_id', true), '')::uuid $$;
create function app_user_id() returns uuid language sql stable
  as $$ select nullif(current_setting('app.user_id', true), '')::uuid $$;
create function app_role() returns text language sql stable
  as $$ select nullif(current_setting('app.role', true), '') $$;
-- 'national' is set only by the report and research code paths, never from a request value.
create function app_scope() returns text language sql stable
  as $$ select nullif(current_setting('app.scope', true), '') $$;

create table services (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  kind text not null check (kind in ('idva', 'outreach', 'refuge', 'children', 'young_people',
    'sexual_violence', 'housing', 'other')),
  local_authority text check (local_authority ~ '^[EWSN][0-9]{8}$'),
  shares_national_dataset boolean not null default false,
  shares_national_dataset_from date,
  named_in_research boolean not null default false,
  -- thresholds and defaults a service may change: risk bands, safe caseload, retention, k
  settings jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);

create table users (
  id uuid primary key default gen_random_uuid(),
  email citext not null unique,
  name text not null check (length(name) between 1 and 200),
  password_hash text,
  platform_role text check (platform_role in ('admin', 'researcher')),
  must_change_password boolean not null default false,
  totp_secret text,
  totp_enabled_at timestamptz,
  totp_last_step bigint,
  disabled_at timestamptz,
  failed_logins integer not null default 0,
  last_failed_login_at timestamptz,
  created_at timestamptz not null default now()
);

create table memberships (
  service_id uuid not null references services (id),
  user_id uuid not null references users (id),
  role text not null check (role in ('practitioner', 'manager')),
  practitioner_role text check (practitioner_role in ('idva', 'ypva', 'outreach', 'refuge',
    'children', 'hospital_idva', 'other')),
  fte numeric(3, 2) not null default 1.0 check (fte > 0 and fte <= 1),
  created_at timestamptz not null default now(),
  primary key (service_id, user_id)
);
create index memberships_user on memberships (user_id);

create table sessions (
  id_hash bytea primary key,
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  second_factor_at timestamptz,
  ip inet,
  user_agent text
);
create index sessions_user on sessions (user_id);

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  name text not null check (length(name) between 1 and 100),
  token_hash bytea not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  last_used_at timestamptz
);
create index api_tokens_user on api_tokens (user_id);

create table service_modules (
  service_id uuid not null references services (id),
  module_key text not null,
  active_from date not null,
  active_to date,
  updated_at timestamptz not null default now(),
  primary key (service_id, module_key),
  check (active_to is null or active_to >= active_from)
);

create table cases (
  service_id uuid not null references services (id),
  id uuid not null default gen_random_uuid(),
  reference text check (length(reference) <= 100),
  worker_id uuid not null references users (id),
  practitioner_role text check (practitioner_role in ('idva', 'ypva', 'outreach', 'refuge',
    'children', 'hospital_idva', 'other')),
  opened_at date not null,
  closed_at date,
  status text not null default 'open' check (status in ('open', 'closed')),
  -- attention flags (e.g. 'phq9_item9'), set from answers, shown in case and caseload
  flags text[] not null default '{}',
  -- copied from the submitted core.intake for the research filter and report joins
  consent_research boolean,
  shared_with_service boolean not null default false,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (service_id, id),
  unique (id),
  check ((status = 'closed') = (closed_at is not null)),
  check (closed_at is null or closed_at >= opened_at)
);
create index cases_worker on cases (service_id, worker_id, status, opened_at desc);
create index cases_opened on cases (service_id, opened_at);
create index cases_closed on cases (service_id, closed_at) where closed_at is not null;
create index cases_opened_national on cases (opened_at);
create index cases_closed_national on cases (closed_at) where closed_at is not null;

create table responses (
  service_id uuid not null,
  case_id uuid not null,
  form_key text not null,
  module_key text not null,
  form_version integer not null,
  status text not null check (status in ('draft', 'submitted')),
  source text not null check (source in ('practitioner', 'client', 'import')),
  answers jsonb not null,
  scores jsonb not null default '{}'::jsonb,
  -- encrypted free-text and identifying answers: {key: ciphertext envelope}
  sealed jsonb not null default '{}'::jsonb,
  version integer not null default 1,
  created_by uuid references users (id),
  updated_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  submitted_at timestamptz,
  primary key (service_id, case_id, form_key),
  foreign key (service_id, case_id) references cases (service_id, id) on delete cascade,
  check ((status = 'submitted') = (submitted_at is not null))
);
create index responses_form on responses (form_key, status) include (case_id);

create table questionnaire_links (
  service_id uuid not null,
  id uuid not null default gen_random_uuid(),
  case_id uuid not null,
  form_key text not null,
  token_hash bytea not null unique,
  created_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  revoked_at timestamptz,
  primary key (service_id, id),
  foreign key (service_id, case_id) references cases (service_id, id) on delete cascade
);
create index questionnaire_links_case on questionnaire_links (service_id, case_id);

create table idempotency_keys (
  service_id uuid not null references services (id),
  user_id uuid not null references users (id),
  key text not null check (length(key) between 1 and 200),
  route text not null,
  request_hash bytea not null,
  response_status integer not null,
  response_body jsonb not null,
  created_at timestamptz not null default now(),
  primary key (service_id, user_id, route, key)
);

create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  user_id uuid,
  service_id uuid,
  role text,
  action text not null,
  object_type text,
  object_id text,
  ip inet,
  status integer,
  details jsonb not null default '{}'::jsonb
);
create index audit_log_service_at on audit_log (service_id, at);

-- The client link page arrives with nothing but a token, before any tenant is known. This is the
-- one door from a token hash to its service; it reveals nothing else.
create function questionnaire_link_service(p_token_hash bytea) returns uuid
  language sql stable security definer
  set search_path = pg_catalog, public
  as $$ select service_id from public.questionnaire_links where token_hash = p_token_hash $$;
revoke all on function questionnaire_link_service(bytea) from public;

-- Row-level security ---------------------------------------------------------------------------

alter table memberships enable row level security;
alter table memberships force row level security;
create policy memberships_tenant on memberships
  using (service_id = app_service_id() or user_id = app_user_id());

alter table service_modules enable row level security;
alter table service_modules force row level security;
create policy service_modules_tenant on service_modules using (service_id = app_service_id());
create policy service_modules_national on service_modules for select
  using (app_scope() = 'national');

-- A practitioner sees their own caseload and cases a manager shared; managers see the service.
alter table cases enable row level security;
alter table cases force row level security;
create policy cases_tenant on cases
  using (service_id = app_service_id()
    and (app_role() is distinct from 'practitioner' or worker_id = app_user_id() or shared_with_service));
create policy cases_national on cases for select
  using (app_scope() = 'national'
    and service_id in (select id from services where shares_national_dataset));

alter table responses enable row level security;
alter table responses force row level security;
create policy responses_tenant on responses
  using (service_id = app_service_id()
    and exists (select 1 from cases c where c.service_id = responses.service_id and c.id = responses.case_id));
create policy responses_national on responses for select
  using (app_scope() = 'national'
    and service_id in (select id from services where shares_national_dataset));

alter table questionnaire_links enable row level security;
alter table questionnaire_links force row level security;
create policy questionnaire_links_tenant on questionnaire_links using (service_id = app_service_id());

alter table idempotency_keys enable row level security;
alter table idempotency_keys force row level security;
create policy idempotency_keys_tenant on idempotency_keys
  using (service_id = app_service_id() and user_id = app_user_id());

alter table audit_log enable row level security;
alter table audit_log force row level security;
create policy audit_log_insert on audit_log for insert
  with check (service_id is null or service_id = app_service_id());
create policy audit_log_read on audit_log for select using (service_id = app_service_id());

-- Privileges of the API role: it owns nothing and can only append to the audit log.
grant usage on schema public to harbour_api;
grant select, insert, update on services to harbour_api;
grant select, insert, update on users to harbour_api;
grant select, insert, update, delete on memberships, sessions, api_tokens, service_modules,
  cases, responses, questionnaire_links, idempotency_keys to harbour_api;
grant insert on audit_log to harbour_api;
grant execute on function questionnaire_link_service(bytea) to harbour_api;
grant execute on function app_service_id(), app_user_id(), app_role(), app_scope() to harbour_api;
