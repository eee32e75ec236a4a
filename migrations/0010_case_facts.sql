-- case_facts: one row per case with the fields the report figures read, so that a report scans
-- one narrow table by period instead of fetching and unpacking each case's responses.
--
-- * Each fact column is named after the report frame column it stands for
--   (packages/reports/src/sql/expressions.ts): "a|<form>|<field>|t" the answer as text (->>),
--   "|j" as jsonb (->), "|n" as a number (null unless a JSON number), "s|<form>|<field>|n" a
--   score; "k|<form>" lists the keys a submitted form answered (not null, not "not_known") and
--   is null while the form is not submitted. The report engine reads a frame column from here
--   whenever a column of that name exists and gathers the rest from responses, so adding a
--   column here speeds a figure up without changing it.
-- * Only submitted responses of the core forms count, as in the reports.
-- * The table is written only by the triggers below (SECURITY DEFINER, owner), on every write
--   path at once: the API, import, client links, restore and the COPY loader. They fire once a
--   statement with its transition table, so a COPY of thousands of rows refreshes its cases in
--   one set-based pass.
-- * Row-level security mirrors cases: the service (a practitioner their caseload and shared
--   cases), or the sharing services in national scope. The API role may only read it.

create function json_number(v jsonb) returns numeric language sql immutable parallel safe
  as $$ select case when jsonb_typeof(v) = 'number' then (v #>> '{}')::numeric end $$;

create function answered_keys(answers jsonb) returns text[] language sql immutable parallel safe
  as $$ select case
    when answers is null then null
    when jsonb_typeof(answers) <> 'object' then '{}'::text[]
    else array(select key from jsonb_each(answers) as a
      where jsonb_typeof(a.value) <> 'null' and a.value <> '"not_known"'::jsonb order by key)
  end $$;

create table case_facts (
  service_id uuid not null,
  case_id uuid not null,
  worker_id uuid not null,
  practitioner_role text,
  opened_at date not null,
  closed_at date,
  consent_research boolean,
  shared_with_service boolean not null,
  "k|core.intake" text[],
  "k|core.exit" text[],
  "k|core.client_intake" text[],
  "k|core.client_exit" text[],
  "a|core.client_exit|felt_listened_to|j" jsonb,
  "a|core.client_exit|felt_listened_to|n" numeric,
  "a|core.client_exit|safety_now|n" numeric,
  "a|core.client_exit|support_helped_safety|j" jsonb,
  "a|core.client_exit|support_helped_safety|n" numeric,
  "a|core.client_exit|would_recommend|t" text,
  "a|core.client_intake|safety_now|n" numeric,
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
  "s|core.client_exit|who5_percent|n" numeric,
  "s|core.client_intake|who5_percent|n" numeric,
  primary key (service_id, case_id),
  foreign key (service_id, case_id) references cases (service_id, id) on delete cascade
);
create index case_facts_opened on case_facts (service_id, opened_at);
create index case_facts_closed on case_facts (service_id, closed_at) where closed_at is not null;
create index case_facts_opened_national on case_facts (opened_at);
create index case_facts_closed_national on case_facts (closed_at) where closed_at is not null;

-- The fact columns from a case's submitted core answers and client scores (nulls when absent).
create function case_fact_values(i jsonb, e jsonb, ci jsonb, ce jsonb, cis jsonb, ces jsonb)
  returns table (
  "k|core.intake" text[],
  "k|core.exit" text[],
  "k|core.client_intake" text[],
  "k|core.client_exit" text[],
  "a|core.client_exit|felt_listened_to|j" jsonb,
  "a|core.client_exit|felt_listened_to|n" numeric,
  "a|core.client_exit|safety_now|n" numeric,
  "a|core.client_exit|support_helped_safety|j" jsonb,
  "a|core.client_exit|support_helped_safety|n" numeric,
  "a|core.client_exit|would_recommend|t" text,
  "a|core.client_intake|safety_now|n" numeric,
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
  "s|core.client_exit|who5_percent|n" numeric,
  "s|core.client_intake|who5_percent|n" numeric
  ) language sql immutable parallel safe
  as $$ select
    answered_keys(i),
    answered_keys(e),
    answered_keys(ci),
    answered_keys(ce),
    ce->'felt_listened_to',
    json_number(ce->'felt_listened_to'),
    json_number(ce->'safety_now'),
    ce->'support_helped_safety',
    json_number(ce->'support_helped_safety'),
    ce->>'would_recommend',
    json_number(ci->'safety_now'),
    e->>'abuse_economic',
    e->>'abuse_harassment_stalking',
    e->>'abuse_jealous_controlling',
    e->>'abuse_physical',
    e->>'abuse_sexual',
    e->>'closure_reason',
    json_number(e->'contacts_count'),
    e->>'feels_safer',
    e->>'quality_of_life_improved',
    e->>'risk_level',
    e->'support_provided',
    e->>'wellbeing_improved',
    i->>'abuse_economic',
    i->>'abuse_harassment_stalking',
    i->>'abuse_jealous_controlling',
    i->>'abuse_physical',
    i->>'abuse_sexual',
    json_number(i->'age'),
    json_number(i->'children_in_household'),
    i->>'children_social_care',
    json_number(i->'dash_score'),
    i->>'disability',
    i->>'ethnicity',
    i->>'gender',
    i->'interpreter_needed',
    i->'living_with_perpetrator',
    i->>'local_authority',
    i->'marac_referral',
    i->'marac_repeat',
    i->'multiple_perpetrators',
    i->'needs_alcohol',
    i->'needs_financial',
    i->'needs_housing',
    i->'needs_immigration',
    i->'needs_mental_health',
    i->'needs_self_harm',
    i->'needs_substance_misuse',
    i->>'pregnant',
    i->'referral_source',
    i->>'referral_source',
    i->>'risk_level',
    i->>'sexual_orientation',
    i->>'trans',
    json_number(ces->'who5_percent'),
    json_number(cis->'who5_percent')
  $$;

-- Recomputes the facts of the given cases from cases and their submitted core responses.
create function refresh_case_facts(p_service_ids uuid[], p_case_ids uuid[]) returns void
  language plpgsql security definer
  set search_path = pg_catalog, public
  as $$
begin
  delete from case_facts f
    using unnest(p_service_ids, p_case_ids) as k(service_id, case_id)
    where f.service_id = k.service_id and f.case_id = k.case_id;
  insert into case_facts
  select c.service_id, c.id, c.worker_id, c.practitioner_role, c.opened_at, c.closed_at,
    c.consent_research, c.shared_with_service, v.*
  from (select distinct * from unnest(p_service_ids, p_case_ids)) as k(service_id, case_id)
  join cases c on c.service_id = k.service_id and c.id = k.case_id
  cross join lateral (
    select
      (array_agg(r.answers) filter (where r.form_key = 'core.intake'))[1] as i,
      (array_agg(r.answers) filter (where r.form_key = 'core.exit'))[1] as e,
      (array_agg(r.answers) filter (where r.form_key = 'core.client_intake'))[1] as ci,
      (array_agg(r.answers) filter (where r.form_key = 'core.client_exit'))[1] as ce,
      (array_agg(r.scores) filter (where r.form_key = 'core.client_intake'))[1] as cis,
      (array_agg(r.scores) filter (where r.form_key = 'core.client_exit'))[1] as ces
    from responses r
    where r.service_id = c.service_id and r.case_id = c.id and r.status = 'submitted'
      and r.form_key in ('core.intake', 'core.exit', 'core.client_intake', 'core.client_exit')
  ) as r
  cross join lateral case_fact_values(r.i, r.e, r.ci, r.ce, r.cis, r.ces) as v;
end
$$;
revoke all on function refresh_case_facts(uuid[], uuid[]) from public;

create function cases_refresh_case_facts() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog, public
  as $$
begin
  if tg_op = 'INSERT' then
    perform refresh_case_facts(array(select service_id from new_rows), array(select id from new_rows));
  else
    -- only changes of the columns the facts copy (every response save bumps version/updated_at)
    perform refresh_case_facts(array_agg(n.service_id), array_agg(n.id))
    from new_rows n join old_rows o on o.service_id = n.service_id and o.id = n.id
    where (n.worker_id, n.practitioner_role, n.opened_at, n.closed_at, n.consent_research, n.shared_with_service)
      is distinct from (o.worker_id, o.practitioner_role, o.opened_at, o.closed_at, o.consent_research,
        o.shared_with_service);
  end if;
  return null;
end
$$;

create function responses_refresh_case_facts() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog, public
  as $$
begin
  if tg_op = 'INSERT' then
    perform refresh_case_facts(array_agg(service_id), array_agg(case_id))
    from new_rows where form_key in ('core.intake', 'core.exit', 'core.client_intake', 'core.client_exit');
  elsif tg_op = 'UPDATE' then
    perform refresh_case_facts(array_agg(service_id), array_agg(case_id))
    from (select service_id, case_id, form_key from new_rows
      union select service_id, case_id, form_key from old_rows) as changed
    where form_key in ('core.intake', 'core.exit', 'core.client_intake', 'core.client_exit');
  else
    perform refresh_case_facts(array_agg(service_id), array_agg(case_id))
    from old_rows where form_key in ('core.intake', 'core.exit', 'core.client_intake', 'core.client_exit');
  end if;
  return null;
end
$$;

create trigger case_facts_on_case_insert after insert on cases
  referencing new table as new_rows for each statement execute function cases_refresh_case_facts();
create trigger case_facts_on_case_update after update on cases
  referencing old table as old_rows new table as new_rows
  for each statement execute function cases_refresh_case_facts();
create trigger case_facts_on_response_insert after insert on responses
  referencing new table as new_rows for each statement execute function responses_refresh_case_facts();
create trigger case_facts_on_response_update after update on responses
  referencing old table as old_rows new table as new_rows
  for each statement execute function responses_refresh_case_facts();
create trigger case_facts_on_response_delete after delete on responses
  referencing old table as old_rows for each statement execute function responses_refresh_case_facts();

-- Backfill: one grouped pass over the submitted core responses.
insert into case_facts
select c.service_id, c.id, c.worker_id, c.practitioner_role, c.opened_at, c.closed_at,
  c.consent_research, c.shared_with_service, v.*
from cases c
left join (
  select service_id, case_id,
    (array_agg(answers) filter (where form_key = 'core.intake'))[1] as i,
    (array_agg(answers) filter (where form_key = 'core.exit'))[1] as e,
    (array_agg(answers) filter (where form_key = 'core.client_intake'))[1] as ci,
    (array_agg(answers) filter (where form_key = 'core.client_exit'))[1] as ce,
    (array_agg(scores) filter (where form_key = 'core.client_intake'))[1] as cis,
    (array_agg(scores) filter (where form_key = 'core.client_exit'))[1] as ces
  from responses
  where status = 'submitted' and form_key in ('core.intake', 'core.exit', 'core.client_intake', 'core.client_exit')
  group by service_id, case_id
) r on r.service_id = c.service_id and r.case_id = c.id
cross join lateral case_fact_values(r.i, r.e, r.ci, r.ce, r.cis, r.ces) as v;
analyze case_facts;

-- The facts are derived, never taken from outside: a restore COPYs case_facts after the cases
-- it restored have already derived theirs, and the derived row stays (later responses refresh it).
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
grant execute on function json_number(jsonb), answered_keys(jsonb) to harbour_api;
