-- Repeated occasions of one form: reviews while a case is open, follow-ups after it closed.
--
-- A form of the intake or exit stage is answered once per case (occasion 0, as before). A form of
-- the review or follow-up stage is answered on numbered occasions 1, 2, 3…: review 2 of a case
-- is the practitioner's `core.review` of occasion 2 together with the client's `core.client_review`
-- (and any module's review form) of the same occasion. Each occasion is its own response row, so
-- every review is kept with its own date, revision and audit trail.
alter table responses add column occasion smallint not null default 0 check (occasion between 0 and 999);
alter table responses drop constraint responses_pkey;
alter table responses add primary key (service_id, case_id, form_key, occasion);

-- A client link answers one occasion of its form.
alter table questionnaire_links add column occasion smallint not null default 0 check (occasion between 0 and 999);
-- Follow-up links are created by the scheduler, not by a member of staff.
alter table questionnaire_links alter column created_by drop not null;
