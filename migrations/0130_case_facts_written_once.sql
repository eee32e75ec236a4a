-- A save writes its case's case_facts row once, not twice.
--
-- A submitted intake changes both its response and its case (the research consent is copied
-- onto the case) in one statement, and each has a row trigger that updated the case's
-- case_facts row: two new versions of a wide row, with its indexes, in every such save. The
-- response trigger (generated, migration 0082) now brings the case's columns along with the
-- form's, and runs first (the response is written before the case in that statement); the
-- case trigger below then finds the row already current and writes nothing. A case changed on
-- its own (closed, reassigned, shared) is still written by the case trigger, as before.
create or replace function case_facts_on_case() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog, public
  as $$
begin
  if tg_op = 'INSERT' then
    insert into case_facts (service_id, case_id, worker_id, practitioner_role, opened_at, closed_at,
        consent_research, shared_with_service)
      values (new.service_id, new.id, new.worker_id, new.practitioner_role, new.opened_at, new.closed_at,
        new.consent_research, new.shared_with_service);
  else
    update case_facts set worker_id = new.worker_id, practitioner_role = new.practitioner_role,
        opened_at = new.opened_at, closed_at = new.closed_at, consent_research = new.consent_research,
        shared_with_service = new.shared_with_service
      where service_id = new.service_id and case_id = new.id
        and (worker_id, practitioner_role, opened_at, closed_at, consent_research, shared_with_service)
          is distinct from (new.worker_id, new.practitioner_role, new.opened_at, new.closed_at,
            new.consent_research, new.shared_with_service);
  end if;
  return null;
end
$$;
