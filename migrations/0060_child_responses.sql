-- The child's own voice: a child recorded on a case (children.intake, by child_ref) answers
-- their own questionnaire through a one-time link, and a practitioner writes down what the
-- child said in the child's words. Each is a response of one child: the case's `responses`
-- hold one response a form for the case's client, so a child's responses have their own table
-- keyed by the child's reference as well. Always submitted: a child's link is answered once,
-- and the practitioner's record of the child's words is changed by revision.

alter table questionnaire_links
  add column child_ref text check (child_ref ~ '^C[0-9]{1,2}$');

create table child_responses (
  service_id uuid not null,
  case_id uuid not null,
  child_ref text not null check (child_ref ~ '^C[0-9]{1,2}$'),
  form_key text not null,
  module_key text not null,
  form_version integer not null,
  source text not null check (source in ('practitioner', 'client')),
  answers jsonb not null,
  scores jsonb not null default '{}'::jsonb,
  -- encrypted free text (the child's words): {key: ciphertext envelope}, never exported
  sealed jsonb not null default '{}'::jsonb,
  version integer not null default 1,
  created_by uuid references users (id),
  updated_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  submitted_at timestamptz not null,
  primary key (service_id, case_id, child_ref, form_key),
  foreign key (service_id, case_id) references cases (service_id, id) on delete cascade
);
create index child_responses_form on child_responses (form_key) include (service_id, case_id);

alter table child_responses enable row level security;
alter table child_responses force row level security;
-- The same rules as responses (0009): the service's staff, a practitioner only on cases they see.
create policy child_responses_tenant on child_responses
  using (app_service_id() is not null and service_id = app_service_id()
    and (app_role() is distinct from 'practitioner'
      or exists (select 1 from cases c where c.service_id = child_responses.service_id and c.id = child_responses.case_id)));
create policy child_responses_national on child_responses for select
  using (app_scope() is not null and app_scope() = 'national'
    and service_id in (select id from services where shares_national_dataset));

grant select, insert, update, delete on child_responses to harbour_api;
