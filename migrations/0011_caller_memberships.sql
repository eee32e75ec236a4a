-- A signed-in request needs its user's memberships before it knows its tenant. Reading them
-- through row-level security took a transaction of its own (BEGIN, set_config, SELECT, COMMIT:
-- four round trips on every request). This is the one door from a session's or API token's
-- secret hash to the memberships of the user it belongs to, so that the lookup of the session
-- brings them in the same statement; without a live secret it reveals nothing.
create function caller_memberships(p_secret_hash bytea) returns jsonb
  language sql stable security definer
  set search_path = pg_catalog, public
  as $$
    select coalesce(jsonb_agg(jsonb_build_object(
        'serviceId', m.service_id, 'role', m.role, 'practitionerRole', m.practitioner_role)
      order by m.service_id), '[]'::jsonb)
    from public.memberships m
    where m.user_id = (
      select user_id from public.sessions where id_hash = p_secret_hash
      union all
      select user_id from public.api_tokens where token_hash = p_secret_hash
      limit 1)
  $$;
revoke all on function caller_memberships(bytea) from public;
grant execute on function caller_memberships(bytea) to harbour_api;
