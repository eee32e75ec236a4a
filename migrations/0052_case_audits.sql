-- Case-file audits (the SafeLives audit tool in Leading Lights; the Cordis Bright review found
-- files lacking the voice of the child and fathers). A manager draws a random sample of closed
-- cases per worker and scores each file against themes; the worker reads their own feedback.
-- Audit scores are the service's own: no national policy, so never in the national dataset.
create table case_audit_samples (
  service_id uuid not null references services (id),
  id uuid not null default gen_random_uuid(),
  drawn_by uuid not null references users (id),
  drawn_at timestamptz not null default now(),
  period_from date not null,
  period_to date not null,
  per_worker integer not null check (per_worker between 1 and 20),
  primary key (service_id, id),
  unique (id),
  check (period_to >= period_from)
);

create table case_audits (
  service_id uuid not null,
  id uuid not null default gen_random_uuid(),
  sample_id uuid not null,
  case_id uuid not null,
  worker_id uuid not null references users (id),
  auditor_id uuid references users (id),
  -- theme -> 1 (inadequate) … 4 (outstanding), or null where the theme does not apply
  scores jsonb not null default '{}'::jsonb,
  -- the feedback to the worker, sealed like free-text answers (it may name what is in the file)
  feedback_sealed text,
  scored_at timestamptz,
  primary key (service_id, id),
  unique (id),
  unique (sample_id, case_id),
  foreign key (service_id, sample_id) references case_audit_samples (service_id, id) on delete cascade,
  foreign key (service_id, case_id) references cases (service_id, id) on delete cascade
);
create index case_audits_worker on case_audits (service_id, worker_id);

alter table case_audit_samples enable row level security;
alter table case_audit_samples force row level security;
create policy case_audit_samples_managers on case_audit_samples
  using (app_service_id() is not null and service_id = app_service_id()
    and app_role() is distinct from 'practitioner');

-- A worker reads the audits of their own files; only managers write.
alter table case_audits enable row level security;
alter table case_audits force row level security;
create policy case_audits_read on case_audits for select
  using (app_service_id() is not null and service_id = app_service_id()
    and (app_role() is distinct from 'practitioner' or worker_id = app_user_id()));
create policy case_audits_write on case_audits for all
  using (app_service_id() is not null and service_id = app_service_id()
    and app_role() is distinct from 'practitioner')
  with check (app_service_id() is not null and service_id = app_service_id()
    and app_role() is distinct from 'practitioner');

grant select, insert, update, delete on case_audit_samples, case_audits to harbour_api;
