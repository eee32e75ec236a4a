-- Research disclosure control against linking and differencing (issue 13).

-- Cell-key perturbation of research crosstabs, as the ONS used for Census 2021 outputs: every
-- case carries a random record key, drawn once when the case is written and never changed. A
-- cell's key is the sum of its cases' record keys modulo 256, so the same cases always give the
-- same cell key and the same noise; one case more or less gives a new, independent key.
alter table cases add column record_key smallint not null
  default (floor(random() * 256))::smallint check (record_key between 0 and 255);

-- An export of fewer cases than this is refused: a small population makes every row rare.
alter table research_settings add column minimum_export_cases integer not null default 100
  check (minimum_export_cases between 10 and 100000);
