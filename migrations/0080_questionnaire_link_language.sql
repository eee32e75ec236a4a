-- The language a client questionnaire link opens in (a language pack's code, e.g. 'ur').
-- Answers are stored as codes whatever the language; the language is only how the page reads.
alter table questionnaire_links
  add column language text not null default 'en'
  check (language ~ '^[a-z]{2,3}$');
