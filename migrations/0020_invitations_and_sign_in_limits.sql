-- Memberships by invitation only (issue 13). A manager invites an email to their service; the
-- person behind it accepts with a one-time secret that expires. Only the secret's SHA-256 is
-- stored. Invitations are tenant rows: a manager sees only their own service's.
create table invitations (
  service_id uuid not null references services (id),
  id uuid not null default gen_random_uuid(),
  email citext not null check (length(email) between 3 and 254),
  role text not null check (role in ('practitioner', 'manager')),
  practitioner_role text check (practitioner_role in ('idva', 'ypva', 'outreach', 'refuge',
    'children', 'hospital_idva', 'other')),
  fte numeric(3, 2) not null default 1.0 check (fte > 0 and fte <= 1),
  token_hash bytea not null unique,
  created_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_by uuid references users (id),
  revoked_at timestamptz,
  primary key (service_id, id),
  unique (id)
);

alter table invitations enable row level security;
alter table invitations force row level security;
create policy invitations_tenant on invitations using (service_id = app_service_id());

grant select, insert, update on invitations to harbour_api;

-- The invitation page arrives with nothing but the secret, before any tenant is known: the one
-- door from a secret's hash to its service, as for client links. It reveals nothing else.
create function invitation_service(p_token_hash bytea) returns uuid
  language sql stable security definer
  set search_path = pg_catalog, public
  as $$ select service_id from public.invitations where token_hash = p_token_hash $$;
revoke all on function invitation_service(bytea) from public;
grant execute on function invitation_service(bytea) to harbour_api;

-- Failed sign-ins, per email (as a digest, so unknown emails are kept exactly like known ones)
-- and address. A run of failures from one address slows that address for that email only; the
-- real owner signing in from elsewhere is never held out by a stranger.
create table sign_in_failures (
  email_hash bytea not null,
  ip inet not null,
  failures integer not null default 0,
  last_failed_at timestamptz not null,
  primary key (email_hash, ip)
);
create index sign_in_failures_at on sign_in_failures (last_failed_at);

grant select, insert, update, delete on sign_in_failures to harbour_api;

-- Wrong second-factor codes, counted across sign-ins. Too many within the window lock the
-- authenticator codes until a recovery code or the platform admin opens them again; the owner is
-- told of the wrong codes at their next sign-in.
create table second_factor_failures (
  user_id uuid primary key references users (id) on delete cascade,
  failures integer not null default 0,
  window_started_at timestamptz not null,
  locked_at timestamptz,
  -- wrong codes since the owner last completed a sign-in: what they are told next time
  unseen integer not null default 0
);

grant select, insert, update, delete on second_factor_failures to harbour_api;

