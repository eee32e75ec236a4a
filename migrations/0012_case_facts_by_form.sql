-- case_facts, second form: kept by row triggers that copy one form's fields at a time, and
-- covering the module forms the reports read as well as the core ones.
--
-- Why (measured in docs/benchmarks.md, "Reports" and "Import"): the statement triggers of 0010
-- recomputed a case's whole row from all of its responses on every write (the import's PostgreSQL
-- time grew ninefold), the answered-key lists ("k|<form>", 1.3 KB a row) made a national year's
-- scan read most of a 1.7 GB table, and the module forms were still fetched case by case from
-- responses (7 of the 11 seconds of the national year's intake query).
--
-- * A form's row trigger updates only that form's columns, from the response's own answers: no
--   other response is read. Drafts do not fire it.
-- * "d|<form>" is true while the case has the form submitted; "c|<form>" counts the fields of
--   case_facts_key_fields(<form>) answered (present, not null, not "not_known"), null while the
--   form is not submitted. They replace the answered-key lists.
-- * The facts change only the columns no index covers, and the table leaves room on each page
--   (fillfactor 60), so the updates are HOT: no index is touched.
-- * Column names still follow the report frame (packages/reports/src/sql/expressions.ts); a frame
--   column without a fact column is still computed from the case's responses.

drop trigger case_facts_on_case_insert on cases;
drop trigger case_facts_on_case_update on cases;
drop trigger case_facts_on_response_insert on responses;
drop trigger case_facts_on_response_update on responses;
drop trigger case_facts_on_response_delete on responses;
drop function cases_refresh_case_facts();
drop function responses_refresh_case_facts();
drop function refresh_case_facts(uuid[], uuid[]);
drop function case_fact_values(jsonb, jsonb, jsonb, jsonb, jsonb, jsonb);
drop table case_facts;
drop function case_facts_keep_derived();

-- How many of `fields` an answers object answers: present, not null and not "not_known".
create function answered_count(answers jsonb, fields text[]) returns smallint
  language sql immutable parallel safe
  as $$ select case when answers is not null then (select count(*)::smallint from unnest(fields) as f
    where jsonb_typeof(answers->f) <> 'null' and answers->f <> '"not_known"'::jsonb) end $$;

create table case_facts (
  service_id uuid not null,
  case_id uuid not null,
  worker_id uuid not null,
  practitioner_role text,
  opened_at date not null,
  closed_at date,
  consent_research boolean,
  shared_with_service boolean not null,
  "d|core.intake" boolean not null default false,
  "c|core.intake" smallint,
  "a|core.intake|abuse_economic|t" text,
  "a|core.intake|abuse_harassment_stalking|t" text,
  "a|core.intake|abuse_jealous_controlling|t" text,
  "a|core.intake|abuse_physical|t" text,
  "a|core.intake|abuse_sexual|t" text,
  "a|core.intake|age|n" numeric,
  "a|core.intake|children_in_household|n" numeric,
  "a|core.intake|children_social_care|t" text,
  "a|core.intake|dash_score|n" numeric,
  "a|core.intake|disability|t" text,
  "a|core.intake|ethnicity|t" text,
  "a|core.intake|gender|t" text,
  "a|core.intake|interpreter_needed|j" jsonb,
  "a|core.intake|living_with_perpetrator|j" jsonb,
  "a|core.intake|local_authority|t" text,
  "a|core.intake|marac_referral|j" jsonb,
  "a|core.intake|marac_repeat|j" jsonb,
  "a|core.intake|multiple_perpetrators|j" jsonb,
  "a|core.intake|needs_alcohol|j" jsonb,
  "a|core.intake|needs_financial|j" jsonb,
  "a|core.intake|needs_housing|j" jsonb,
  "a|core.intake|needs_immigration|j" jsonb,
  "a|core.intake|needs_mental_health|j" jsonb,
  "a|core.intake|needs_self_harm|j" jsonb,
  "a|core.intake|needs_substance_misuse|j" jsonb,
  "a|core.intake|pregnant|t" text,
  "a|core.intake|referral_source|j" jsonb,
  "a|core.intake|referral_source|t" text,
  "a|core.intake|risk_level|t" text,
  "a|core.intake|sexual_orientation|t" text,
  "a|core.intake|trans|t" text,
  "d|core.exit" boolean not null default false,
  "c|core.exit" smallint,
  "a|core.exit|abuse_economic|t" text,
  "a|core.exit|abuse_harassment_stalking|t" text,
  "a|core.exit|abuse_jealous_controlling|t" text,
  "a|core.exit|abuse_physical|t" text,
  "a|core.exit|abuse_sexual|t" text,
  "a|core.exit|closure_reason|t" text,
  "a|core.exit|contacts_count|n" numeric,
  "a|core.exit|feels_safer|t" text,
  "a|core.exit|quality_of_life_improved|t" text,
  "a|core.exit|risk_level|t" text,
  "a|core.exit|support_provided|j" jsonb,
  "a|core.exit|wellbeing_improved|t" text,
  "d|core.client_intake" boolean not null default false,
  "c|core.client_intake" smallint,
  "a|core.client_intake|safety_now|n" numeric,
  "s|core.client_intake|who5_percent|n" numeric,
  "d|core.client_exit" boolean not null default false,
  "c|core.client_exit" smallint,
  "a|core.client_exit|felt_listened_to|j" jsonb,
  "a|core.client_exit|felt_listened_to|n" numeric,
  "a|core.client_exit|safety_now|n" numeric,
  "a|core.client_exit|support_helped_safety|j" jsonb,
  "a|core.client_exit|support_helped_safety|n" numeric,
  "a|core.client_exit|would_recommend|t" text,
  "s|core.client_exit|who5_percent|n" numeric,
  "d|mental-health.intake" boolean not null default false,
  "c|mental-health.intake" smallint,
  "a|mental-health.intake|mh_current_support|j" jsonb,
  "d|mental-health.exit" boolean not null default false,
  "c|mental-health.exit" smallint,
  "a|mental-health.exit|mh_accessed|j" jsonb,
  "a|mental-health.exit|mh_referred|j" jsonb,
  "d|mental-health.client_intake" boolean not null default false,
  "c|mental-health.client_intake" smallint,
  "s|mental-health.client_intake|gad7_total|n" numeric,
  "s|mental-health.client_intake|phq9_total|n" numeric,
  "d|mental-health.client_exit" boolean not null default false,
  "c|mental-health.client_exit" smallint,
  "s|mental-health.client_exit|gad7_total|n" numeric,
  "s|mental-health.client_exit|phq9_total|n" numeric,
  "d|migration.intake" boolean not null default false,
  "c|migration.intake" smallint,
  "a|migration.intake|immigration_status|t" text,
  "a|migration.intake|nrpf|j" jsonb,
  "a|migration.intake|status_used_as_abuse|j" jsonb,
  "d|migration.exit" boolean not null default false,
  "c|migration.exit" smallint,
  "a|migration.exit|legal_advice_accessed|j" jsonb,
  "a|migration.exit|mvdac_application|t" text,
  "a|migration.exit|nrpf_resolved|j" jsonb,
  "a|migration.exit|safe_accommodation_secured|j" jsonb,
  "a|migration.exit|settlement_dv_application|t" text,
  "d|children.intake" boolean not null default false,
  "c|children.intake" smallint,
  "a|children.intake|children|j" jsonb,
  "d|children.exit" boolean not null default false,
  "c|children.exit" smallint,
  "a|children.exit|children|j" jsonb,
  primary key (service_id, case_id),
  foreign key (service_id, case_id) references cases (service_id, id) on delete cascade
) with (fillfactor = 60);
create index case_facts_opened on case_facts (service_id, opened_at);
create index case_facts_closed on case_facts (service_id, closed_at) where closed_at is not null;
create index case_facts_opened_national on case_facts (opened_at);
create index case_facts_closed_national on case_facts (closed_at) where closed_at is not null;

-- The fields whose answers each form's completeness counts ("c|<form>"): the report package
-- checks these against its own lists (packages/reports/src/sections/completeness.ts) and counts
-- from the answers instead where they differ, so a module that changes its fields cannot make the
-- completeness figures wrong, only slower until a migration brings this list up to date.
create function case_facts_key_fields(p_form text) returns text[] language sql immutable parallel safe
  as $$ select case p_form
    when 'core.intake' then '{referral_date,referral_source,consent_research,age,gender,ethnicity,disability,sexual_orientation,local_authority,perpetrator_relationship,living_with_perpetrator,dash_score,risk_level,marac_referral,abuse_physical,abuse_sexual,abuse_harassment_stalking,abuse_jealous_controlling,abuse_economic,children_in_household}'::text[]
    when 'core.exit' then '{exit_date,closure_reason,contacts_count,support_provided,abuse_physical,abuse_sexual,abuse_harassment_stalking,abuse_jealous_controlling,abuse_economic,risk_level,feels_safer,wellbeing_improved,quality_of_life_improved}'::text[]
    when 'core.client_intake' then '{safety_now,who5_1,who5_2,who5_3,who5_4,who5_5}'::text[]
    when 'core.client_exit' then '{safety_now,who5_1,who5_2,who5_3,who5_4,who5_5,felt_listened_to,would_recommend}'::text[]
    when 'mental-health.intake' then '{mh_conditions,mh_current_support,mh_self_harm_12m,mh_suicidal_thoughts,mh_suicide_attempt_12m}'::text[]
    when 'mental-health.exit' then '{mh_referred,mh_accessed,mh_improved}'::text[]
    when 'mental-health.client_intake' then '{phq9_1,phq9_2,phq9_3,phq9_4,phq9_5,phq9_6,phq9_7,phq9_8,phq9_9,gad7_1,gad7_2,gad7_3,gad7_4,gad7_5,gad7_6,gad7_7}'::text[]
    when 'mental-health.client_exit' then '{phq9_1,phq9_2,phq9_3,phq9_4,phq9_5,phq9_6,phq9_7,phq9_8,phq9_9,gad7_1,gad7_2,gad7_3,gad7_4,gad7_5,gad7_6,gad7_7}'::text[]
    when 'migration.intake' then '{country_of_birth,years_in_uk,immigration_status,nrpf,english_proficiency,status_used_as_abuse,documents_withheld,forced_marriage,honour_based_abuse,fgm_concern,trafficking_concern}'::text[]
    when 'migration.exit' then '{legal_advice_accessed,mvdac_application,settlement_dv_application,nrpf_resolved,safe_accommodation_secured,interpreter_provided}'::text[]
    when 'children.intake' then '{children}'::text[]
    when 'children.exit' then '{children}'::text[]
  end $$;

-- Writes one form's facts into its case's row: its answers and scores when submitted, nulls otherwise.
create function case_facts_apply(p_service_id uuid, p_case_id uuid, p_form text, a jsonb, s jsonb) returns void
  language plpgsql security definer
  set search_path = pg_catalog, public
  as $$
begin
  if p_form = 'core.intake' then
    update case_facts set "d|core.intake" = a is not null,
      "c|core.intake" = answered_count(a, case_facts_key_fields('core.intake')),
      "a|core.intake|abuse_economic|t" = a->>'abuse_economic',
      "a|core.intake|abuse_harassment_stalking|t" = a->>'abuse_harassment_stalking',
      "a|core.intake|abuse_jealous_controlling|t" = a->>'abuse_jealous_controlling',
      "a|core.intake|abuse_physical|t" = a->>'abuse_physical',
      "a|core.intake|abuse_sexual|t" = a->>'abuse_sexual',
      "a|core.intake|age|n" = json_number(a->'age'),
      "a|core.intake|children_in_household|n" = json_number(a->'children_in_household'),
      "a|core.intake|children_social_care|t" = a->>'children_social_care',
      "a|core.intake|dash_score|n" = json_number(a->'dash_score'),
      "a|core.intake|disability|t" = a->>'disability',
      "a|core.intake|ethnicity|t" = a->>'ethnicity',
      "a|core.intake|gender|t" = a->>'gender',
      "a|core.intake|interpreter_needed|j" = a->'interpreter_needed',
      "a|core.intake|living_with_perpetrator|j" = a->'living_with_perpetrator',
      "a|core.intake|local_authority|t" = a->>'local_authority',
      "a|core.intake|marac_referral|j" = a->'marac_referral',
      "a|core.intake|marac_repeat|j" = a->'marac_repeat',
      "a|core.intake|multiple_perpetrators|j" = a->'multiple_perpetrators',
      "a|core.intake|needs_alcohol|j" = a->'needs_alcohol',
      "a|core.intake|needs_financial|j" = a->'needs_financial',
      "a|core.intake|needs_housing|j" = a->'needs_housing',
      "a|core.intake|needs_immigration|j" = a->'needs_immigration',
      "a|core.intake|needs_mental_health|j" = a->'needs_mental_health',
      "a|core.intake|needs_self_harm|j" = a->'needs_self_harm',
      "a|core.intake|needs_substance_misuse|j" = a->'needs_substance_misuse',
      "a|core.intake|pregnant|t" = a->>'pregnant',
      "a|core.intake|referral_source|j" = a->'referral_source',
      "a|core.intake|referral_source|t" = a->>'referral_source',
      "a|core.intake|risk_level|t" = a->>'risk_level',
      "a|core.intake|sexual_orientation|t" = a->>'sexual_orientation',
      "a|core.intake|trans|t" = a->>'trans'
    where service_id = p_service_id and case_id = p_case_id;
  elsif p_form = 'core.exit' then
    update case_facts set "d|core.exit" = a is not null,
      "c|core.exit" = answered_count(a, case_facts_key_fields('core.exit')),
      "a|core.exit|abuse_economic|t" = a->>'abuse_economic',
      "a|core.exit|abuse_harassment_stalking|t" = a->>'abuse_harassment_stalking',
      "a|core.exit|abuse_jealous_controlling|t" = a->>'abuse_jealous_controlling',
      "a|core.exit|abuse_physical|t" = a->>'abuse_physical',
      "a|core.exit|abuse_sexual|t" = a->>'abuse_sexual',
      "a|core.exit|closure_reason|t" = a->>'closure_reason',
      "a|core.exit|contacts_count|n" = json_number(a->'contacts_count'),
      "a|core.exit|feels_safer|t" = a->>'feels_safer',
      "a|core.exit|quality_of_life_improved|t" = a->>'quality_of_life_improved',
      "a|core.exit|risk_level|t" = a->>'risk_level',
      "a|core.exit|support_provided|j" = a->'support_provided',
      "a|core.exit|wellbeing_improved|t" = a->>'wellbeing_improved'
    where service_id = p_service_id and case_id = p_case_id;
  elsif p_form = 'core.client_intake' then
    update case_facts set "d|core.client_intake" = a is not null,
      "c|core.client_intake" = answered_count(a, case_facts_key_fields('core.client_intake')),
      "a|core.client_intake|safety_now|n" = json_number(a->'safety_now'),
      "s|core.client_intake|who5_percent|n" = json_number(s->'who5_percent')
    where service_id = p_service_id and case_id = p_case_id;
  elsif p_form = 'core.client_exit' then
    update case_facts set "d|core.client_exit" = a is not null,
      "c|core.client_exit" = answered_count(a, case_facts_key_fields('core.client_exit')),
      "a|core.client_exit|felt_listened_to|j" = a->'felt_listened_to',
      "a|core.client_exit|felt_listened_to|n" = json_number(a->'felt_listened_to'),
      "a|core.client_exit|safety_now|n" = json_number(a->'safety_now'),
      "a|core.client_exit|support_helped_safety|j" = a->'support_helped_safety',
      "a|core.client_exit|support_helped_safety|n" = json_number(a->'support_helped_safety'),
      "a|core.client_exit|would_recommend|t" = a->>'would_recommend',
      "s|core.client_exit|who5_percent|n" = json_number(s->'who5_percent')
    where service_id = p_service_id and case_id = p_case_id;
  elsif p_form = 'mental-health.intake' then
    update case_facts set "d|mental-health.intake" = a is not null,
      "c|mental-health.intake" = answered_count(a, case_facts_key_fields('mental-health.intake')),
      "a|mental-health.intake|mh_current_support|j" = a->'mh_current_support'
    where service_id = p_service_id and case_id = p_case_id;
  elsif p_form = 'mental-health.exit' then
    update case_facts set "d|mental-health.exit" = a is not null,
      "c|mental-health.exit" = answered_count(a, case_facts_key_fields('mental-health.exit')),
      "a|mental-health.exit|mh_accessed|j" = a->'mh_accessed',
      "a|mental-health.exit|mh_referred|j" = a->'mh_referred'
    where service_id = p_service_id and case_id = p_case_id;
  elsif p_form = 'mental-health.client_intake' then
    update case_facts set "d|mental-health.client_intake" = a is not null,
      "c|mental-health.client_intake" = answered_count(a, case_facts_key_fields('mental-health.client_intake')),
      "s|mental-health.client_intake|gad7_total|n" = json_number(s->'gad7_total'),
      "s|mental-health.client_intake|phq9_total|n" = json_number(s->'phq9_total')
    where service_id = p_service_id and case_id = p_case_id;
  elsif p_form = 'mental-health.client_exit' then
    update case_facts set "d|mental-health.client_exit" = a is not null,
      "c|mental-health.client_exit" = answered_count(a, case_facts_key_fields('mental-health.client_exit')),
      "s|mental-health.client_exit|gad7_total|n" = json_number(s->'gad7_total'),
      "s|mental-health.client_exit|phq9_total|n" = json_number(s->'phq9_total')
    where service_id = p_service_id and case_id = p_case_id;
  elsif p_form = 'migration.intake' then
    update case_facts set "d|migration.intake" = a is not null,
      "c|migration.intake" = answered_count(a, case_facts_key_fields('migration.intake')),
      "a|migration.intake|immigration_status|t" = a->>'immigration_status',
      "a|migration.intake|nrpf|j" = a->'nrpf',
      "a|migration.intake|status_used_as_abuse|j" = a->'status_used_as_abuse'
    where service_id = p_service_id and case_id = p_case_id;
  elsif p_form = 'migration.exit' then
    update case_facts set "d|migration.exit" = a is not null,
      "c|migration.exit" = answered_count(a, case_facts_key_fields('migration.exit')),
      "a|migration.exit|legal_advice_accessed|j" = a->'legal_advice_accessed',
      "a|migration.exit|mvdac_application|t" = a->>'mvdac_application',
      "a|migration.exit|nrpf_resolved|j" = a->'nrpf_resolved',
      "a|migration.exit|safe_accommodation_secured|j" = a->'safe_accommodation_secured',
      "a|migration.exit|settlement_dv_application|t" = a->>'settlement_dv_application'
    where service_id = p_service_id and case_id = p_case_id;
  elsif p_form = 'children.intake' then
    update case_facts set "d|children.intake" = a is not null,
      "c|children.intake" = answered_count(a, case_facts_key_fields('children.intake')),
      "a|children.intake|children|j" = a->'children'
    where service_id = p_service_id and case_id = p_case_id;
  elsif p_form = 'children.exit' then
    update case_facts set "d|children.exit" = a is not null,
      "c|children.exit" = answered_count(a, case_facts_key_fields('children.exit')),
      "a|children.exit|children|j" = a->'children'
    where service_id = p_service_id and case_id = p_case_id;
  end if;
end
$$;
revoke all on function case_facts_apply(uuid, uuid, text, jsonb, jsonb) from public;

-- A case's row appears with the case and follows the columns it copies from it.
create function case_facts_on_case() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog, public
  as $$
begin
  if tg_op = 'INSERT' then
    insert into case_facts (service_id, case_id, worker_id, practitioner_role, opened_at, closed_at,
        consent_research, shared_with_service)
      values (new.service_id, new.id, new.worker_id, new.practitioner_role, new.opened_at, new.closed_at,
        new.consent_research, new.shared_with_service);
  else
    update case_facts set worker_id = new.worker_id, practitioner_role = new.practitioner_role,
        opened_at = new.opened_at, closed_at = new.closed_at, consent_research = new.consent_research,
        shared_with_service = new.shared_with_service
      where service_id = new.service_id and case_id = new.id;
  end if;
  return null;
end
$$;

create function case_facts_on_response() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog, public
  as $$
begin
  if tg_op = 'DELETE' then
    perform case_facts_apply(old.service_id, old.case_id, old.form_key, null, null);
  elsif new.status = 'submitted' then
    perform case_facts_apply(new.service_id, new.case_id, new.form_key, new.answers, new.scores);
  else
    perform case_facts_apply(new.service_id, new.case_id, new.form_key, null, null);
  end if;
  return null;
end
$$;

create trigger case_facts_on_case_insert after insert on cases
  for each row execute function case_facts_on_case();
-- every response save bumps the case's version and flags: only a change of a copied column fires
create trigger case_facts_on_case_update after update on cases
  for each row when ((new.worker_id, new.practitioner_role, new.opened_at, new.closed_at, new.consent_research,
    new.shared_with_service) is distinct from (old.worker_id, old.practitioner_role, old.opened_at, old.closed_at,
    old.consent_research, old.shared_with_service))
  execute function case_facts_on_case();
-- drafts do not count: a draft saved, or a draft's answers changed, fires nothing
create trigger case_facts_on_response_insert after insert on responses
  for each row when (new.status = 'submitted' and new.form_key in ('core.intake', 'core.exit', 'core.client_intake', 'core.client_exit', 'mental-health.intake', 'mental-health.exit', 'mental-health.client_intake', 'mental-health.client_exit', 'migration.intake', 'migration.exit', 'children.intake', 'children.exit'))
  execute function case_facts_on_response();
create trigger case_facts_on_response_update after update on responses
  for each row when ((new.status = 'submitted' or old.status = 'submitted') and new.form_key in ('core.intake', 'core.exit', 'core.client_intake', 'core.client_exit', 'mental-health.intake', 'mental-health.exit', 'mental-health.client_intake', 'mental-health.client_exit', 'migration.intake', 'migration.exit', 'children.intake', 'children.exit'))
  execute function case_facts_on_response();
create trigger case_facts_on_response_delete after delete on responses
  for each row when (old.status = 'submitted' and old.form_key in ('core.intake', 'core.exit', 'core.client_intake', 'core.client_exit', 'mental-health.intake', 'mental-health.exit', 'mental-health.client_intake', 'mental-health.client_exit', 'migration.intake', 'migration.exit', 'children.intake', 'children.exit'))
  execute function case_facts_on_response();

-- Backfill: one grouped pass over the submitted responses of the forms above.
insert into case_facts
select c.service_id,
  c.id,
  c.worker_id,
  c.practitioner_role,
  c.opened_at,
  c.closed_at,
  c.consent_research,
  c.shared_with_service,
  r.a0 is not null,
  answered_count(r.a0, case_facts_key_fields('core.intake')),
  r.a0->>'abuse_economic',
  r.a0->>'abuse_harassment_stalking',
  r.a0->>'abuse_jealous_controlling',
  r.a0->>'abuse_physical',
  r.a0->>'abuse_sexual',
  json_number(r.a0->'age'),
  json_number(r.a0->'children_in_household'),
  r.a0->>'children_social_care',
  json_number(r.a0->'dash_score'),
  r.a0->>'disability',
  r.a0->>'ethnicity',
  r.a0->>'gender',
  r.a0->'interpreter_needed',
  r.a0->'living_with_perpetrator',
  r.a0->>'local_authority',
  r.a0->'marac_referral',
  r.a0->'marac_repeat',
  r.a0->'multiple_perpetrators',
  r.a0->'needs_alcohol',
  r.a0->'needs_financial',
  r.a0->'needs_housing',
  r.a0->'needs_immigration',
  r.a0->'needs_mental_health',
  r.a0->'needs_self_harm',
  r.a0->'needs_substance_misuse',
  r.a0->>'pregnant',
  r.a0->'referral_source',
  r.a0->>'referral_source',
  r.a0->>'risk_level',
  r.a0->>'sexual_orientation',
  r.a0->>'trans',
  r.a1 is not null,
  answered_count(r.a1, case_facts_key_fields('core.exit')),
  r.a1->>'abuse_economic',
  r.a1->>'abuse_harassment_stalking',
  r.a1->>'abuse_jealous_controlling',
  r.a1->>'abuse_physical',
  r.a1->>'abuse_sexual',
  r.a1->>'closure_reason',
  json_number(r.a1->'contacts_count'),
  r.a1->>'feels_safer',
  r.a1->>'quality_of_life_improved',
  r.a1->>'risk_level',
  r.a1->'support_provided',
  r.a1->>'wellbeing_improved',
  r.a2 is not null,
  answered_count(r.a2, case_facts_key_fields('core.client_intake')),
  json_number(r.a2->'safety_now'),
  json_number(r.s2->'who5_percent'),
  r.a3 is not null,
  answered_count(r.a3, case_facts_key_fields('core.client_exit')),
  r.a3->'felt_listened_to',
  json_number(r.a3->'felt_listened_to'),
  json_number(r.a3->'safety_now'),
  r.a3->'support_helped_safety',
  json_number(r.a3->'support_helped_safety'),
  r.a3->>'would_recommend',
  json_number(r.s3->'who5_percent'),
  r.a4 is not null,
  answered_count(r.a4, case_facts_key_fields('mental-health.intake')),
  r.a4->'mh_current_support',
  r.a5 is not null,
  answered_count(r.a5, case_facts_key_fields('mental-health.exit')),
  r.a5->'mh_accessed',
  r.a5->'mh_referred',
  r.a6 is not null,
  answered_count(r.a6, case_facts_key_fields('mental-health.client_intake')),
  json_number(r.s6->'gad7_total'),
  json_number(r.s6->'phq9_total'),
  r.a7 is not null,
  answered_count(r.a7, case_facts_key_fields('mental-health.client_exit')),
  json_number(r.s7->'gad7_total'),
  json_number(r.s7->'phq9_total'),
  r.a8 is not null,
  answered_count(r.a8, case_facts_key_fields('migration.intake')),
  r.a8->>'immigration_status',
  r.a8->'nrpf',
  r.a8->'status_used_as_abuse',
  r.a9 is not null,
  answered_count(r.a9, case_facts_key_fields('migration.exit')),
  r.a9->'legal_advice_accessed',
  r.a9->>'mvdac_application',
  r.a9->'nrpf_resolved',
  r.a9->'safe_accommodation_secured',
  r.a9->>'settlement_dv_application',
  r.a10 is not null,
  answered_count(r.a10, case_facts_key_fields('children.intake')),
  r.a10->'children',
  r.a11 is not null,
  answered_count(r.a11, case_facts_key_fields('children.exit')),
  r.a11->'children'
from cases c
left join (
  select service_id, case_id,
    (array_agg(answers) filter (where form_key = 'core.intake'))[1] as a0,
    (array_agg(answers) filter (where form_key = 'core.exit'))[1] as a1,
    (array_agg(answers) filter (where form_key = 'core.client_intake'))[1] as a2,
    (array_agg(scores) filter (where form_key = 'core.client_intake'))[1] as s2,
    (array_agg(answers) filter (where form_key = 'core.client_exit'))[1] as a3,
    (array_agg(scores) filter (where form_key = 'core.client_exit'))[1] as s3,
    (array_agg(answers) filter (where form_key = 'mental-health.intake'))[1] as a4,
    (array_agg(answers) filter (where form_key = 'mental-health.exit'))[1] as a5,
    (array_agg(answers) filter (where form_key = 'mental-health.client_intake'))[1] as a6,
    (array_agg(scores) filter (where form_key = 'mental-health.client_intake'))[1] as s6,
    (array_agg(answers) filter (where form_key = 'mental-health.client_exit'))[1] as a7,
    (array_agg(scores) filter (where form_key = 'mental-health.client_exit'))[1] as s7,
    (array_agg(answers) filter (where form_key = 'migration.intake'))[1] as a8,
    (array_agg(answers) filter (where form_key = 'migration.exit'))[1] as a9,
    (array_agg(answers) filter (where form_key = 'children.intake'))[1] as a10,
    (array_agg(answers) filter (where form_key = 'children.exit'))[1] as a11
  from responses
  where status = 'submitted' and form_key in ('core.intake', 'core.exit', 'core.client_intake', 'core.client_exit', 'mental-health.intake', 'mental-health.exit', 'mental-health.client_intake', 'mental-health.client_exit', 'migration.intake', 'migration.exit', 'children.intake', 'children.exit')
  group by service_id, case_id
) r on r.service_id = c.service_id and r.case_id = c.id;
analyze case_facts;

-- The facts are derived, never taken from outside: a restore COPYs case_facts after the cases
-- it restored have already derived theirs, and the derived row stays.
create function case_facts_keep_derived() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog, public
  as $$
begin
  if exists (select 1 from case_facts where service_id = new.service_id and case_id = new.case_id) then
    return null;
  end if;
  return new;
end
$$;
create trigger case_facts_keep_derived before insert on case_facts
  for each row execute function case_facts_keep_derived();

alter table case_facts enable row level security;
alter table case_facts force row level security;
create policy case_facts_tenant on case_facts for select
  using (app_service_id() is not null and service_id = app_service_id()
    and (app_role() is distinct from 'practitioner' or worker_id = app_user_id() or shared_with_service));
create policy case_facts_national on case_facts for select
  using (app_scope() is not null and app_scope() = 'national'
    and service_id in (select id from services where shares_national_dataset));

grant select on case_facts to harbour_api;
grant execute on function answered_count(jsonb, text[]), case_facts_key_fields(text) to harbour_api;
