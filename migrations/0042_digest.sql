-- The opt-in daily digest: a member of staff who asked for it gets, once a day, an email with the
-- counts of their worklist (reviews due, client questionnaires outstanding, follow-ups not
-- answered, flagged cases) and a link to sign in: never a name, reference or answer.
create table digest_subscriptions (
  service_id uuid not null references services (id),
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  -- the UK date of the last digest sent, so a day gets one at most
  last_sent_on date,
  primary key (service_id, user_id)
);

alter table digest_subscriptions enable row level security;
alter table digest_subscriptions force row level security;
-- A member sees only their own subscription; the digest job (the service as tenant, no user)
-- sees the service's.
create policy digest_subscriptions_tenant on digest_subscriptions
  using (app_service_id() is not null and service_id = app_service_id()
    and (app_user_id() is null or user_id = app_user_id()));

grant select, insert, update, delete on digest_subscriptions to harbour_api;
