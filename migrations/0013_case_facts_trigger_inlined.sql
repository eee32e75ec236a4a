-- case_facts' response trigger in one function, with its answered-field counts written out.
--
-- Why (docs/benchmarks.md, "Import"): with 0012's row triggers an import of 10,000 cases ran at
-- 1,725 cases/s and 3,008 without them (PostgreSQL 0.72 against 0.26 ms of CPU a case). Statement
-- triggers that update each form once for all the rows a statement wrote were tried: the import
-- went to 2,307 cases/s, but a practitioner's single save got dearer (recording fell from 450 to
-- 313 requests/s: a transition table and a grouped query for every one-row statement), and
-- saves are what people wait on. So the row triggers stay, and each firing does less: one
-- plpgsql call instead of two (case_facts_apply is folded in), and each form's answered count
-- as a sum over its key fields written out instead of a subquery over case_facts_key_fields
-- (the same lists, generated from it; the report still checks them against its own).

create or replace function case_facts_on_response() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog, public
  as $$
declare
  r record;
  a jsonb;
  s jsonb;
begin
  if tg_op = 'DELETE' then
    r := old;
  else
    r := new;
    if new.status = 'submitted' then
      a := new.answers;
      s := new.scores;
    end if;
  end if;
  if r.form_key = 'core.intake' then
    update case_facts set "d|core.intake" = a is not null,
      "c|core.intake" = case when a is not null then ((coalesce(jsonb_typeof(a->'referral_date'), 'null') <> 'null' and a->'referral_date' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'referral_source'), 'null') <> 'null' and a->'referral_source' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'consent_research'), 'null') <> 'null' and a->'consent_research' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'age'), 'null') <> 'null' and a->'age' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'gender'), 'null') <> 'null' and a->'gender' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'ethnicity'), 'null') <> 'null' and a->'ethnicity' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'disability'), 'null') <> 'null' and a->'disability' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'sexual_orientation'), 'null') <> 'null' and a->'sexual_orientation' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'local_authority'), 'null') <> 'null' and a->'local_authority' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'perpetrator_relationship'), 'null') <> 'null' and a->'perpetrator_relationship' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'living_with_perpetrator'), 'null') <> 'null' and a->'living_with_perpetrator' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'dash_score'), 'null') <> 'null' and a->'dash_score' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'risk_level'), 'null') <> 'null' and a->'risk_level' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'marac_referral'), 'null') <> 'null' and a->'marac_referral' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'abuse_physical'), 'null') <> 'null' and a->'abuse_physical' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'abuse_sexual'), 'null') <> 'null' and a->'abuse_sexual' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'abuse_harassment_stalking'), 'null') <> 'null' and a->'abuse_harassment_stalking' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'abuse_jealous_controlling'), 'null') <> 'null' and a->'abuse_jealous_controlling' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'abuse_economic'), 'null') <> 'null' and a->'abuse_economic' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'children_in_household'), 'null') <> 'null' and a->'children_in_household' <> '"not_known"')::int)::smallint end,
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
    where service_id = r.service_id and case_id = r.case_id;
  elsif r.form_key = 'core.exit' then
    update case_facts set "d|core.exit" = a is not null,
      "c|core.exit" = case when a is not null then ((coalesce(jsonb_typeof(a->'exit_date'), 'null') <> 'null' and a->'exit_date' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'closure_reason'), 'null') <> 'null' and a->'closure_reason' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'contacts_count'), 'null') <> 'null' and a->'contacts_count' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'support_provided'), 'null') <> 'null' and a->'support_provided' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'abuse_physical'), 'null') <> 'null' and a->'abuse_physical' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'abuse_sexual'), 'null') <> 'null' and a->'abuse_sexual' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'abuse_harassment_stalking'), 'null') <> 'null' and a->'abuse_harassment_stalking' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'abuse_jealous_controlling'), 'null') <> 'null' and a->'abuse_jealous_controlling' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'abuse_economic'), 'null') <> 'null' and a->'abuse_economic' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'risk_level'), 'null') <> 'null' and a->'risk_level' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'feels_safer'), 'null') <> 'null' and a->'feels_safer' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'wellbeing_improved'), 'null') <> 'null' and a->'wellbeing_improved' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'quality_of_life_improved'), 'null') <> 'null' and a->'quality_of_life_improved' <> '"not_known"')::int)::smallint end,
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
    where service_id = r.service_id and case_id = r.case_id;
  elsif r.form_key = 'core.client_intake' then
    update case_facts set "d|core.client_intake" = a is not null,
      "c|core.client_intake" = case when a is not null then ((coalesce(jsonb_typeof(a->'safety_now'), 'null') <> 'null' and a->'safety_now' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'who5_1'), 'null') <> 'null' and a->'who5_1' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'who5_2'), 'null') <> 'null' and a->'who5_2' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'who5_3'), 'null') <> 'null' and a->'who5_3' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'who5_4'), 'null') <> 'null' and a->'who5_4' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'who5_5'), 'null') <> 'null' and a->'who5_5' <> '"not_known"')::int)::smallint end,
      "a|core.client_intake|safety_now|n" = json_number(a->'safety_now'),
      "s|core.client_intake|who5_percent|n" = json_number(s->'who5_percent')
    where service_id = r.service_id and case_id = r.case_id;
  elsif r.form_key = 'core.client_exit' then
    update case_facts set "d|core.client_exit" = a is not null,
      "c|core.client_exit" = case when a is not null then ((coalesce(jsonb_typeof(a->'safety_now'), 'null') <> 'null' and a->'safety_now' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'who5_1'), 'null') <> 'null' and a->'who5_1' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'who5_2'), 'null') <> 'null' and a->'who5_2' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'who5_3'), 'null') <> 'null' and a->'who5_3' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'who5_4'), 'null') <> 'null' and a->'who5_4' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'who5_5'), 'null') <> 'null' and a->'who5_5' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'felt_listened_to'), 'null') <> 'null' and a->'felt_listened_to' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'would_recommend'), 'null') <> 'null' and a->'would_recommend' <> '"not_known"')::int)::smallint end,
      "a|core.client_exit|felt_listened_to|j" = a->'felt_listened_to',
      "a|core.client_exit|felt_listened_to|n" = json_number(a->'felt_listened_to'),
      "a|core.client_exit|safety_now|n" = json_number(a->'safety_now'),
      "a|core.client_exit|support_helped_safety|j" = a->'support_helped_safety',
      "a|core.client_exit|support_helped_safety|n" = json_number(a->'support_helped_safety'),
      "a|core.client_exit|would_recommend|t" = a->>'would_recommend',
      "s|core.client_exit|who5_percent|n" = json_number(s->'who5_percent')
    where service_id = r.service_id and case_id = r.case_id;
  elsif r.form_key = 'mental-health.intake' then
    update case_facts set "d|mental-health.intake" = a is not null,
      "c|mental-health.intake" = case when a is not null then ((coalesce(jsonb_typeof(a->'mh_conditions'), 'null') <> 'null' and a->'mh_conditions' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'mh_current_support'), 'null') <> 'null' and a->'mh_current_support' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'mh_self_harm_12m'), 'null') <> 'null' and a->'mh_self_harm_12m' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'mh_suicidal_thoughts'), 'null') <> 'null' and a->'mh_suicidal_thoughts' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'mh_suicide_attempt_12m'), 'null') <> 'null' and a->'mh_suicide_attempt_12m' <> '"not_known"')::int)::smallint end,
      "a|mental-health.intake|mh_current_support|j" = a->'mh_current_support'
    where service_id = r.service_id and case_id = r.case_id;
  elsif r.form_key = 'mental-health.exit' then
    update case_facts set "d|mental-health.exit" = a is not null,
      "c|mental-health.exit" = case when a is not null then ((coalesce(jsonb_typeof(a->'mh_referred'), 'null') <> 'null' and a->'mh_referred' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'mh_accessed'), 'null') <> 'null' and a->'mh_accessed' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'mh_improved'), 'null') <> 'null' and a->'mh_improved' <> '"not_known"')::int)::smallint end,
      "a|mental-health.exit|mh_accessed|j" = a->'mh_accessed',
      "a|mental-health.exit|mh_referred|j" = a->'mh_referred'
    where service_id = r.service_id and case_id = r.case_id;
  elsif r.form_key = 'mental-health.client_intake' then
    update case_facts set "d|mental-health.client_intake" = a is not null,
      "c|mental-health.client_intake" = case when a is not null then ((coalesce(jsonb_typeof(a->'phq9_1'), 'null') <> 'null' and a->'phq9_1' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'phq9_2'), 'null') <> 'null' and a->'phq9_2' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'phq9_3'), 'null') <> 'null' and a->'phq9_3' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'phq9_4'), 'null') <> 'null' and a->'phq9_4' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'phq9_5'), 'null') <> 'null' and a->'phq9_5' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'phq9_6'), 'null') <> 'null' and a->'phq9_6' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'phq9_7'), 'null') <> 'null' and a->'phq9_7' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'phq9_8'), 'null') <> 'null' and a->'phq9_8' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'phq9_9'), 'null') <> 'null' and a->'phq9_9' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'gad7_1'), 'null') <> 'null' and a->'gad7_1' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'gad7_2'), 'null') <> 'null' and a->'gad7_2' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'gad7_3'), 'null') <> 'null' and a->'gad7_3' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'gad7_4'), 'null') <> 'null' and a->'gad7_4' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'gad7_5'), 'null') <> 'null' and a->'gad7_5' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'gad7_6'), 'null') <> 'null' and a->'gad7_6' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'gad7_7'), 'null') <> 'null' and a->'gad7_7' <> '"not_known"')::int)::smallint end,
      "s|mental-health.client_intake|gad7_total|n" = json_number(s->'gad7_total'),
      "s|mental-health.client_intake|phq9_total|n" = json_number(s->'phq9_total')
    where service_id = r.service_id and case_id = r.case_id;
  elsif r.form_key = 'mental-health.client_exit' then
    update case_facts set "d|mental-health.client_exit" = a is not null,
      "c|mental-health.client_exit" = case when a is not null then ((coalesce(jsonb_typeof(a->'phq9_1'), 'null') <> 'null' and a->'phq9_1' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'phq9_2'), 'null') <> 'null' and a->'phq9_2' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'phq9_3'), 'null') <> 'null' and a->'phq9_3' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'phq9_4'), 'null') <> 'null' and a->'phq9_4' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'phq9_5'), 'null') <> 'null' and a->'phq9_5' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'phq9_6'), 'null') <> 'null' and a->'phq9_6' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'phq9_7'), 'null') <> 'null' and a->'phq9_7' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'phq9_8'), 'null') <> 'null' and a->'phq9_8' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'phq9_9'), 'null') <> 'null' and a->'phq9_9' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'gad7_1'), 'null') <> 'null' and a->'gad7_1' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'gad7_2'), 'null') <> 'null' and a->'gad7_2' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'gad7_3'), 'null') <> 'null' and a->'gad7_3' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'gad7_4'), 'null') <> 'null' and a->'gad7_4' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'gad7_5'), 'null') <> 'null' and a->'gad7_5' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'gad7_6'), 'null') <> 'null' and a->'gad7_6' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'gad7_7'), 'null') <> 'null' and a->'gad7_7' <> '"not_known"')::int)::smallint end,
      "s|mental-health.client_exit|gad7_total|n" = json_number(s->'gad7_total'),
      "s|mental-health.client_exit|phq9_total|n" = json_number(s->'phq9_total')
    where service_id = r.service_id and case_id = r.case_id;
  elsif r.form_key = 'migration.intake' then
    update case_facts set "d|migration.intake" = a is not null,
      "c|migration.intake" = case when a is not null then ((coalesce(jsonb_typeof(a->'country_of_birth'), 'null') <> 'null' and a->'country_of_birth' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'years_in_uk'), 'null') <> 'null' and a->'years_in_uk' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'immigration_status'), 'null') <> 'null' and a->'immigration_status' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'nrpf'), 'null') <> 'null' and a->'nrpf' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'english_proficiency'), 'null') <> 'null' and a->'english_proficiency' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'status_used_as_abuse'), 'null') <> 'null' and a->'status_used_as_abuse' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'documents_withheld'), 'null') <> 'null' and a->'documents_withheld' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'forced_marriage'), 'null') <> 'null' and a->'forced_marriage' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'honour_based_abuse'), 'null') <> 'null' and a->'honour_based_abuse' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'fgm_concern'), 'null') <> 'null' and a->'fgm_concern' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'trafficking_concern'), 'null') <> 'null' and a->'trafficking_concern' <> '"not_known"')::int)::smallint end,
      "a|migration.intake|immigration_status|t" = a->>'immigration_status',
      "a|migration.intake|nrpf|j" = a->'nrpf',
      "a|migration.intake|status_used_as_abuse|j" = a->'status_used_as_abuse'
    where service_id = r.service_id and case_id = r.case_id;
  elsif r.form_key = 'migration.exit' then
    update case_facts set "d|migration.exit" = a is not null,
      "c|migration.exit" = case when a is not null then ((coalesce(jsonb_typeof(a->'legal_advice_accessed'), 'null') <> 'null' and a->'legal_advice_accessed' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'mvdac_application'), 'null') <> 'null' and a->'mvdac_application' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'settlement_dv_application'), 'null') <> 'null' and a->'settlement_dv_application' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'nrpf_resolved'), 'null') <> 'null' and a->'nrpf_resolved' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'safe_accommodation_secured'), 'null') <> 'null' and a->'safe_accommodation_secured' <> '"not_known"')::int + (coalesce(jsonb_typeof(a->'interpreter_provided'), 'null') <> 'null' and a->'interpreter_provided' <> '"not_known"')::int)::smallint end,
      "a|migration.exit|legal_advice_accessed|j" = a->'legal_advice_accessed',
      "a|migration.exit|mvdac_application|t" = a->>'mvdac_application',
      "a|migration.exit|nrpf_resolved|j" = a->'nrpf_resolved',
      "a|migration.exit|safe_accommodation_secured|j" = a->'safe_accommodation_secured',
      "a|migration.exit|settlement_dv_application|t" = a->>'settlement_dv_application'
    where service_id = r.service_id and case_id = r.case_id;
  elsif r.form_key = 'children.intake' then
    update case_facts set "d|children.intake" = a is not null,
      "c|children.intake" = case when a is not null then ((coalesce(jsonb_typeof(a->'children'), 'null') <> 'null' and a->'children' <> '"not_known"')::int)::smallint end,
      "a|children.intake|children|j" = a->'children'
    where service_id = r.service_id and case_id = r.case_id;
  elsif r.form_key = 'children.exit' then
    update case_facts set "d|children.exit" = a is not null,
      "c|children.exit" = case when a is not null then ((coalesce(jsonb_typeof(a->'children'), 'null') <> 'null' and a->'children' <> '"not_known"')::int)::smallint end,
      "a|children.exit|children|j" = a->'children'
    where service_id = r.service_id and case_id = r.case_id;
  end if;
  return null;
end
$$;

drop function case_facts_apply(uuid, uuid, text, jsonb, jsonb);
