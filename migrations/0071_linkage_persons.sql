-- Research exports carry a per-export pseudonymous person id: cases the linkage found to be one
-- person (a match shown and not rejected) share it. Matches are tenant rows; this is the one door
-- from the national research scope to them, and it returns only pairs of case ids of services
-- that share the national dataset (which the research scope reads anyway), nothing else.
create function linkage_person_links() returns table (case_id uuid, other_case_id uuid)
  language sql stable security definer
  set search_path = pg_catalog, public
  as $$
    select m.case_id, m.other_case_id
    from public.linkage_matches m
    where public.app_scope() = 'national'
      and m.decision is distinct from 'rejected'
      and m.service_id in (select id from public.services where shares_national_dataset)
      and m.other_service_id in (select id from public.services where shares_national_dataset)
  $$;
revoke all on function linkage_person_links() from public;
grant execute on function linkage_person_links() to harbour_api;
