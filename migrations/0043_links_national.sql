-- Response rates of client questionnaires (reports, "Response rates") count the cases a
-- questionnaire was sent to: a link was created. The national benchmark of that figure reads the
-- links of the services that share with the national dataset, as it reads their cases and
-- responses. Only the report and research code paths set the national scope, and a link's row
-- holds the digest of its token, never the token.
create policy questionnaire_links_national on questionnaire_links for select
  using (app_scope() is not null and app_scope() = 'national'
    and service_id in (select id from services where shares_national_dataset));
