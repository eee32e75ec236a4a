-- The caseload lists a service's cases newest first and pages by (opened_at, id): one index
-- serves the manager's list and its cursor without sorting the whole service.
create index cases_caseload on cases (service_id, opened_at desc, id desc);
