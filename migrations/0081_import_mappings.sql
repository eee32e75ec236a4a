-- A service's saved mapping from a spreadsheet's column headings to import columns, so that the
-- next upload of the same kind of file needs no mapping. Visible to its own service only.
create table import_mappings (
  service_id uuid not null references services (id),
  name text not null check (length(name) between 1 and 100),
  -- {"Heading in the file": "core.intake.age", ...}; a heading mapped to null is left out
  columns jsonb not null check (jsonb_typeof(columns) = 'object'),
  updated_by uuid not null references users (id),
  updated_at timestamptz not null default now(),
  primary key (service_id, name)
);

alter table import_mappings enable row level security;
alter table import_mappings force row level security;
create policy import_mappings_tenant on import_mappings
  using (app_service_id() is not null and service_id = app_service_id());

grant select, insert, update, delete on import_mappings to harbour_api;
