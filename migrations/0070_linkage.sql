-- "Known elsewhere": privacy-preserving linkage of the same person across services
-- (docs/linkage.md). No identifier is ever stored: only a keyed Bloom-filter encoding of them
-- (bit(1024)) and a keyed block number. Encodings match only within a linkage region and within
-- one key epoch of that region.

-- Regions (a Marac area, a police force area) are defined by the platform admin.
create table linkage_regions (
  id uuid primary key default gen_random_uuid(),
  name text not null unique check (length(name) between 1 and 200),
  created_at timestamptz not null default now()
);

-- A region's secret keys, one per epoch, wrapped by the master key (the envelope of
-- apps/api/src/security). Rotating retires the current key: a new epoch starts and encodings of
-- different epochs are never compared (re-encoding would need the identifiers, which are gone).
create table linkage_keys (
  region_id uuid not null references linkage_regions (id),
  id uuid not null default gen_random_uuid() unique,
  wrapped_key text not null check (wrapped_key like 'hb1.%'),
  master_key_id text not null,
  created_at timestamptz not null default now(),
  retired_at timestamptz,
  primary key (region_id, id)
);
create unique index linkage_keys_current on linkage_keys (region_id) where retired_at is null;

-- Which services belong to a region (the admin decides) and whether each has opted in (its
-- manager decides). A service belongs to one region at most.
create table linkage_region_services (
  service_id uuid primary key references services (id),
  region_id uuid not null references linkage_regions (id),
  added_at timestamptz not null default now(),
  opted_in_at timestamptz
);

-- One encoding a case, made at intake (or later) with the client's consent or with a recorded
-- reason. The reason is a code, never free text, so it cannot carry an identifier.
create table case_linkage (
  service_id uuid not null,
  case_id uuid not null,
  region_id uuid not null references linkage_regions (id),
  key_id uuid not null references linkage_keys (id),
  -- 31 bits of an HMAC of the birth year under the region key: blocks without showing the year
  block integer not null,
  bloom bit(1024) not null,
  consent boolean not null,
  reason text check (reason in ('risk_of_serious_harm', 'child_protection', 'marac_referral', 'legal_duty')),
  -- true when a match in the region (this service or another) was found when it was encoded:
  -- the linkage-based repeat figure
  repeat_found boolean not null default false,
  created_by uuid references users (id),
  created_at timestamptz not null default now(),
  primary key (service_id, case_id),
  foreign key (service_id, case_id) references cases (service_id, id) on delete cascade,
  check (consent or reason is not null)
);
create index case_linkage_block on case_linkage (region_id, key_id, block);

-- A possible match shown on a case, and what the practitioner made of it. Rejections stay, so a
-- rejected pair is never shown again. other_case_id never leaves the database's own functions:
-- the API returns the other service, its safeguarding contact and the months of its support.
create table linkage_matches (
  service_id uuid not null,
  case_id uuid not null,
  id uuid not null default gen_random_uuid() unique,
  other_service_id uuid not null references services (id),
  other_case_id uuid not null,
  other_from date not null,
  other_to date,
  dice real not null,
  shown_at timestamptz not null default now(),
  decision text check (decision in ('confirmed', 'rejected')),
  decided_by uuid references users (id),
  decided_at timestamptz,
  primary key (service_id, case_id, other_case_id),
  foreign key (service_id, case_id) references cases (service_id, id) on delete cascade
);

-- The other side of a match: service B's record that its case was shown to service A as a
-- possible match, for B's managers.
create table linkage_disclosures (
  service_id uuid not null,
  case_id uuid not null,
  match_id uuid not null references linkage_matches (id) on delete cascade,
  shown_to_service_id uuid not null references services (id),
  shown_at timestamptz not null default now(),
  primary key (service_id, match_id),
  foreign key (service_id, case_id) references cases (service_id, id) on delete cascade
);

-- Row-level security ---------------------------------------------------------------------------

alter table linkage_region_services enable row level security;
alter table linkage_region_services force row level security;
-- membership is not secret (a match names the other service anyway); changes are the admin's,
-- and opting in or out is the service's own
create policy linkage_region_services_read on linkage_region_services for select using (true);
create policy linkage_region_services_admin on linkage_region_services
  using (app_role() = 'admin') with check (app_role() = 'admin');
create policy linkage_region_services_opt_in on linkage_region_services for update
  using (service_id = app_service_id() and app_role() = 'manager')
  with check (service_id = app_service_id());

alter table case_linkage enable row level security;
alter table case_linkage force row level security;
create policy case_linkage_tenant on case_linkage
  using (service_id = app_service_id()
    and exists (select 1 from cases c where c.service_id = case_linkage.service_id and c.id = case_linkage.case_id));

-- the national report's linkage repeat figure reads whether a sharing service's case was found
-- to be a repeat (only the report and research code paths set the national scope)
create policy case_linkage_national on case_linkage for select
  using (app_scope() = 'national' and service_id in (select id from services where shares_national_dataset));

alter table linkage_matches enable row level security;
alter table linkage_matches force row level security;
create policy linkage_matches_tenant on linkage_matches
  using (service_id = app_service_id()
    and exists (select 1 from cases c where c.service_id = linkage_matches.service_id and c.id = linkage_matches.case_id));

alter table linkage_disclosures enable row level security;
alter table linkage_disclosures force row level security;
create policy linkage_disclosures_tenant on linkage_disclosures
  using (service_id = app_service_id() and app_role() = 'manager');

grant select, insert on linkage_regions to harbour_api;
grant select, insert, update (retired_at) on linkage_keys to harbour_api;
grant select, insert, update, delete on linkage_region_services to harbour_api;
grant select, insert, update, delete on case_linkage to harbour_api;
grant select, update (decision, decided_by, decided_at) on linkage_matches to harbour_api;
grant select on linkage_disclosures to harbour_api;

-- The one narrow door across services. Given a case of the caller's service that has an
-- encoding, it compares that encoding with the other encodings of the same region, key epoch
-- and block whose case was open within the window, keeps those with Dice ≥ the threshold that
-- were not shown before (a rejected pair is never shown again), records each as a match on the
-- caller's case and a disclosure on the other case, audits both services, marks the caller's
-- encoding as a repeat, and returns only the match id, the other service and the dates of its
-- support. No other case's content, reference or id leaves it.
create function linkage_match_case(p_case_id uuid, p_threshold real, p_since date, p_ip inet)
  returns table (match_id uuid, other_service_id uuid, other_from date, other_to date, dice real)
  language sql volatile security definer
  set search_path = pg_catalog, public
  as $$
    with me as (
      -- the caller's own case, and only while its service is an opted-in member of the region
      select l.service_id, l.case_id, l.region_id, l.key_id, l.block, l.bloom
      from public.case_linkage l
      where l.case_id = p_case_id and l.service_id = public.app_service_id()
        and exists (select 1 from public.linkage_region_services rs
          where rs.service_id = l.service_id and rs.region_id = l.region_id and rs.opted_in_at is not null)
    ),
    -- Dice over the block first (bit operations on rows read in index order), then only the
    -- few over the threshold are joined to their cases and services
    scored as materialized (
      select o.service_id, o.case_id, (2.0 * bit_count(me.bloom & o.bloom)
        / nullif(bit_count(me.bloom) + bit_count(o.bloom), 0))::real as dice
      from me
      join public.case_linkage o on o.region_id = me.region_id and o.key_id = me.key_id and o.block = me.block
        and o.case_id <> me.case_id
    ),
    found as materialized (
      select gen_random_uuid() as match_id, me.service_id, me.case_id, s.service_id as other_service_id,
        s.case_id as other_case_id, c.opened_at as other_from, c.closed_at as other_to, s.dice
      from me
      join scored s on s.dice >= p_threshold
      join public.cases c on c.service_id = s.service_id and c.id = s.case_id
      join public.linkage_region_services rs
        on rs.service_id = s.service_id and rs.region_id = me.region_id and rs.opted_in_at is not null
      where (c.closed_at is null or c.closed_at >= p_since)
        and not exists (select 1 from public.linkage_matches m
          where m.service_id = me.service_id and m.case_id = me.case_id and m.other_case_id = s.case_id)
    ),
    repeat as (
      update public.case_linkage l set repeat_found = true
      from me where l.service_id = me.service_id and l.case_id = me.case_id and exists (select 1 from found)
    ),
    matched as (
      insert into public.linkage_matches
        (service_id, case_id, id, other_service_id, other_case_id, other_from, other_to, dice)
      select f.service_id, f.case_id, f.match_id, f.other_service_id, f.other_case_id, f.other_from, f.other_to, f.dice
      from found f
      returning id
    ),
    disclosed as (
      insert into public.linkage_disclosures (service_id, case_id, match_id, shown_to_service_id)
      select f.other_service_id, f.other_case_id, m.id, f.service_id
      from found f join matched m on m.id = f.match_id
    ),
    audited as (
      insert into public.audit_log (user_id, service_id, role, action, object_type, object_id, ip, status, details)
      select public.app_user_id(), f.service_id, public.app_role(), 'linkage.match_shown', 'case',
        f.case_id::text, p_ip, 200, jsonb_build_object('matchId', f.match_id, 'otherServiceId', f.other_service_id)
      from found f
      union all
      select public.app_user_id(), f.other_service_id, public.app_role(), 'linkage.match_disclosed', 'case',
        f.other_case_id::text, p_ip, 200, jsonb_build_object('matchId', f.match_id, 'shownToServiceId', f.service_id)
      from found f
    )
    select f.match_id, f.other_service_id, f.other_from, f.other_to, f.dice from found f
  $$;
revoke all on function linkage_match_case(uuid, real, date, inet) from public;
grant execute on function linkage_match_case(uuid, real, date, inet) to harbour_api;
