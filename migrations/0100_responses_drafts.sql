-- Forms left in draft, for the dashboard's data-quality alert (packages/reports/src/sql/data-quality.ts).
-- Without it the alert read every case of the service and looked up each one's responses: the
-- slowest statement of the dashboard (docs/benchmarks.md, "Dashboard"). Drafts are few, and a
-- draft leaves this index when it is submitted.
create index responses_drafts on responses (service_id, updated_at) where status = 'draft';
