-- Funders and projects. A service holds several grants, each wanting its own slice: a project
-- has a name, a funder, dates, and a report template (the sections its reports show; empty
-- for all). Its cases are those assigned to it on the case (cases.project_id), and, for cases
-- with no project of their own opened within its dates, those of its workers or practitioner
-- roles (project_rules).
create table projects (
  service_id uuid not null references services (id),
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  funder text check (length(funder) between 1 and 200),
  starts_on date not null,
  ends_on date,
  sections text[] not null default '{}',
  created_at timestamptz not null default now(),
  primary key (service_id, id),
  unique (id),
  check (ends_on is null or ends_on >= starts_on)
);

create table project_rules (
  service_id uuid not null,
  project_id uuid not null,
  worker_id uuid references users (id),
  practitioner_role text check (practitioner_role in ('idva', 'ypva', 'outreach', 'refuge',
    'children', 'hospital_idva', 'other')),
  foreign key (service_id, project_id) references projects (service_id, id) on delete cascade,
  check (num_nonnulls(worker_id, practitioner_role) = 1),
  unique (project_id, worker_id, practitioner_role)
);
create index project_rules_project on project_rules (project_id);

alter table cases add column project_id uuid;
alter table cases add constraint cases_project_fk foreign key (service_id, project_id)
  references projects (service_id, id);
create index cases_project on cases (service_id, project_id) where project_id is not null;

alter table projects enable row level security;
alter table projects force row level security;
create policy projects_tenant on projects
  using (app_service_id() is not null and service_id = app_service_id());

alter table project_rules enable row level security;
alter table project_rules force row level security;
create policy project_rules_tenant on project_rules
  using (app_service_id() is not null and service_id = app_service_id());

grant select, insert, update, delete on projects, project_rules to harbour_api;
