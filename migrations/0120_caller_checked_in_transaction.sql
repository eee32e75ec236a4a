-- The caller of a request, cheaper to look up and checkable inside the request's own transaction.
--
-- 1. caller_memberships in PL/pgSQL. As a SQL function with SECURITY DEFINER it cannot be inlined,
--    and PostgreSQL plans its query afresh on every call: 0.5 ms of the 0.6 ms the session
--    lookup cost a request (pg_stat_statements, docs/benchmarks.md "Recording"). PL/pgSQL keeps
--    its plans for the life of the connection.
create or replace function caller_memberships(p_secret_hash bytea) returns jsonb
  language plpgsql stable security definer
  set search_path = pg_catalog, public
  as $$
declare
  v_user uuid;
begin
  select s.user_id into v_user from public.sessions s where s.id_hash = p_secret_hash;
  if v_user is null then
    select t.user_id into v_user from public.api_tokens t where t.token_hash = p_secret_hash;
  end if;
  if v_user is null then
    return '[]'::jsonb;
  end if;
  return coalesce((select jsonb_agg(jsonb_build_object(
      'serviceId', m.service_id, 'role', m.role, 'practitionerRole', m.practitioner_role)
    order by m.service_id)
    from public.memberships m where m.user_id = v_user), '[]'::jsonb);
end $$;

-- 2. A fingerprint of everything a session's requests are allowed on: the session (its start
--    and second factor), its user (role, disabled, password change pending, second factor set
--    up) and the user's memberships. Not the last-seen time, which moves on its own. Null when
--    the session is gone.
create function caller_session_fingerprint(p_secret_hash bytea) returns text
  language plpgsql stable security definer
  set search_path = pg_catalog, public
  as $$
begin
  return (select md5(jsonb_build_array(s.created_at, s.second_factor_at, u.id, u.email, u.name, u.platform_role,
      u.must_change_password, u.disabled_at, u.totp_enabled_at, public.caller_memberships(p_secret_hash))::text)
    from public.sessions s join public.users u on u.id = s.user_id
    where s.id_hash = p_secret_hash);
end $$;

-- 3. The check a request's transaction starts with when the API took its caller from its cache
--    (apps/api/src/plugins/auth.ts): the caller is as the API last read it, or the transaction
--    fails before any statement of the request runs. SQLSTATE HB401 tells the API to read the
--    caller again; a revoked session, a removed membership or a disabled account therefore takes
--    effect on the next request, whichever API process serves it.
create function caller_session_unchanged(p_secret_hash bytea, p_fingerprint text) returns boolean
  language plpgsql stable
  set search_path = pg_catalog, public
  as $$
begin
  if public.caller_session_fingerprint(p_secret_hash) is distinct from p_fingerprint then
    raise exception 'the caller''s session, account or memberships changed' using errcode = 'HB401';
  end if;
  return true;
end $$;

revoke all on function caller_session_fingerprint(bytea) from public;
revoke all on function caller_session_unchanged(bytea, text) from public;
grant execute on function caller_session_fingerprint(bytea) to harbour_api;
grant execute on function caller_session_unchanged(bytea, text) to harbour_api;
