-- What a manager adds to their own service's PDF reports: a display name, a logo and a short
-- narrative. They appear only in that service's reports (never in the national report), and
-- only managers of the service can read or change them (row-level security, as every tenant table).
create table service_report_branding (
  service_id uuid primary key references services (id) on delete cascade,
  display_name text check (length(display_name) between 1 and 120),
  narrative text check (length(narrative) between 1 and 2000),
  logo bytea check (octet_length(logo) <= 262144),
  logo_type text check (logo_type in ('image/png', 'image/jpeg')),
  updated_by uuid references users (id),
  updated_at timestamptz not null default now(),
  check ((logo is null) = (logo_type is null))
);

alter table service_report_branding enable row level security;
alter table service_report_branding force row level security;
create policy service_report_branding_tenant on service_report_branding
  using (app_service_id() is not null and service_id = app_service_id());

grant select, insert, update, delete on service_report_branding to harbour_api;
