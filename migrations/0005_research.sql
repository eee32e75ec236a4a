-- Research access: the platform's research settings and the keys of pseudonymised exports.

-- One row: the k of k-anonymity applied to row-level research exports (crosstabs use the
-- national disclosure threshold instead).
create table research_settings (
  id boolean primary key default true check (id),
  k_anonymity integer not null default 5 check (k_anonymity between 2 and 100),
  updated_at timestamptz not null default now(),
  updated_by uuid references users (id)
);
insert into research_settings (id) values (true);

-- The per-export pseudonymisation key: a researcher fetches the cases and children tables of one
-- export with the same key (so they join), and after expires_at the key is useless and deleted.
-- Holding no service_id, it is not a tenant table; row-level security still keeps each key to the
-- researcher who made the export.
create table research_exports (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  period_from date not null,
  period_to date not null,
  pseudonym_key bytea not null check (length(pseudonym_key) = 32),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  check (period_to >= period_from)
);
create index research_exports_expiry on research_exports (expires_at);

alter table research_exports enable row level security;
alter table research_exports force row level security;
create policy research_exports_owner on research_exports using (user_id = app_user_id());

grant select, update on research_settings to harbour_api;
grant select, insert, delete on research_exports to harbour_api;
