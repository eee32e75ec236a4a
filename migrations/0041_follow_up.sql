-- Follow-up after closure: whether the client agreed to be contacted later, how and when it is
-- safe, and each follow-up sent.
--
-- * The safe channel's address (an email address or a mobile number) and the code word are
--   sealed with the service's data key (AES-256-GCM, apps/api/src/security): the database holds
--   ciphertext only. They are never exported, reported or shown back in full.
-- * Contact ends for good when cancelled ("no longer safe to contact"), or by itself after two
--   follow-ups that went unanswered; `ended_at` and `ended_reason` say which.
-- * One follow_ups row per follow-up point sent (occasion 1, 2… = the first, second point); its
--   answers are the client's `core.client_follow_up` response of the same occasion.

create table follow_up_contacts (
  service_id uuid not null,
  case_id uuid not null,
  consent boolean not null,
  channel text check (channel in ('email', 'sms')),
  address_sealed text check (address_sealed like 'hb1.%'),
  -- when a message may arrive: any of weekday_morning, weekday_afternoon, weekday_evening, weekend
  safe_times text[] not null default '{}'
    check (safe_times <@ array['weekday_morning', 'weekday_afternoon', 'weekday_evening', 'weekend']),
  code_word_sealed text check (code_word_sealed like 'hb1.%'),
  -- whether the client chose to have the service named in messages (never by default)
  name_service boolean not null default false,
  recorded_by uuid references users (id),
  recorded_at timestamptz not null default now(),
  ended_at timestamptz,
  ended_by uuid references users (id),
  ended_reason text check (ended_reason in ('not_safe', 'unanswered')),
  primary key (service_id, case_id),
  foreign key (service_id, case_id) references cases (service_id, id) on delete cascade,
  check (consent = (channel is not null)),
  check ((channel is null) = (address_sealed is null)),
  check ((ended_at is null) = (ended_reason is null))
);
-- the scheduler's scan: contacts still live
create index follow_up_contacts_live on follow_up_contacts (service_id) where consent and ended_at is null;

create table follow_ups (
  service_id uuid not null,
  case_id uuid not null,
  occasion smallint not null check (occasion between 1 and 99),
  -- the point: months after closure
  months smallint not null check (months between 1 and 24),
  due_on date not null,
  channel text not null check (channel in ('email', 'sms')),
  link_id uuid not null,
  sent_at timestamptz not null,
  primary key (service_id, case_id, occasion),
  foreign key (service_id, case_id) references follow_up_contacts (service_id, case_id) on delete cascade,
  foreign key (service_id, link_id) references questionnaire_links (service_id, id) on delete cascade
);

alter table follow_up_contacts enable row level security;
alter table follow_up_contacts force row level security;
-- As cases: a practitioner their own and shared cases, managers the service. The scheduler works
-- one service at a time with no role set, as the client link page does.
create policy follow_up_contacts_tenant on follow_up_contacts
  using (app_service_id() is not null and service_id = app_service_id()
    and (app_role() is distinct from 'practitioner'
      or exists (select 1 from cases c where c.service_id = follow_up_contacts.service_id and c.id = follow_up_contacts.case_id)));

alter table follow_ups enable row level security;
alter table follow_ups force row level security;
create policy follow_ups_tenant on follow_ups
  using (app_service_id() is not null and service_id = app_service_id()
    and (app_role() is distinct from 'practitioner'
      or exists (select 1 from cases c where c.service_id = follow_ups.service_id and c.id = follow_ups.case_id)));
create policy follow_ups_national on follow_ups for select
  using (app_scope() is not null and app_scope() = 'national'
    and service_id in (select id from services where shares_national_dataset));

grant select, insert, update, delete on follow_up_contacts, follow_ups to harbour_api;
