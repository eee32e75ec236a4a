-- One word for one thing: a form has a version (its definition, responses.form_version); a
-- stored response has a revision, its edit counter and the concurrency token a save sends back
-- (the API has always called it `revision`). No function, trigger, view or index names the
-- column, so renaming it is all there is.
alter table responses rename column version to revision;
