-- Per-service data keys for field encryption (AES-256-GCM), each wrapped by the master key
-- from configuration. Values name the data key that sealed them, so retired keys keep
-- decrypting old values; rotating the master key re-wraps these rows and touches no data.

create table data_keys (
  service_id uuid not null references services (id),
  id uuid not null default gen_random_uuid(),
  -- the data key sealed under the master key: hb1.<master key id>.<iv>.<ciphertext+tag>
  wrapped_key text not null check (wrapped_key like 'hb1.%'),
  master_key_id text not null,
  created_at timestamptz not null default now(),
  retired_at timestamptz,
  primary key (service_id, id),
  unique (id)
);
-- one current key per service: the one new values are sealed with
create unique index data_keys_current on data_keys (service_id) where retired_at is null;

alter table data_keys enable row level security;
alter table data_keys force row level security;
create policy data_keys_tenant on data_keys using (service_id = app_service_id());

grant select, insert on data_keys to harbour_api;

-- Second factor: one-time recovery codes, stored only as SHA-256 digests (each code carries
-- 80 random bits, so a digest is as strong as a slow hash here) and usable once.
create table recovery_codes (
  user_id uuid not null references users (id) on delete cascade,
  code_hash bytea not null,
  created_at timestamptz not null default now(),
  used_at timestamptz,
  primary key (user_id, code_hash)
);

grant select, insert, update, delete on recovery_codes to harbour_api;
