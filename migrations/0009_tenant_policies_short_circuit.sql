-- Row-level security policies that cost nothing on rows they cannot admit.
--
-- PostgreSQL ORs a table's permissive policies and evaluates each on every row. In 0001 the
-- tenant policy of responses ran its exists (...) subquery on cases for every response row, even
-- in a national-scope report where app.service_id is unset: `service_id = app_service_id()` is
-- then null rather than false, and `null and exists (...)` still has to run the subquery.
--
-- The same rules, reordered so that AND stops early:
-- * `app_service_id() is not null` first: an unset tenant is false at once (and still sees
--   nothing: no policy admits a row with the tenant unset);
-- * the responses subquery runs only for practitioners. For any other role every case of the
--   service is visible, and a response always has its case (foreign key), so the subquery was
--   true for them whenever it ran.

drop policy cases_tenant on cases;
create policy cases_tenant on cases
  using (app_service_id() is not null and service_id = app_service_id()
    and (app_role() is distinct from 'practitioner' or worker_id = app_user_id() or shared_with_service));

drop policy cases_national on cases;
create policy cases_national on cases for select
  using (app_scope() is not null and app_scope() = 'national'
    and service_id in (select id from services where shares_national_dataset));

drop policy responses_tenant on responses;
create policy responses_tenant on responses
  using (app_service_id() is not null and service_id = app_service_id()
    and (app_role() is distinct from 'practitioner'
      or exists (select 1 from cases c where c.service_id = responses.service_id and c.id = responses.case_id)));

drop policy responses_national on responses;
create policy responses_national on responses for select
  using (app_scope() is not null and app_scope() = 'national'
    and service_id in (select id from services where shares_national_dataset));
