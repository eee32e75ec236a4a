-- Client questionnaire links: what a row may hold, enforced by the database as well as the API.
-- token_hash is a SHA-256 digest (32 bytes), so a token in clear cannot be stored by mistake;
-- a link ends by being used or by being revoked, never both; it expires after it was created.
alter table questionnaire_links
  add constraint questionnaire_links_token_digest check (octet_length(token_hash) = 32),
  add constraint questionnaire_links_one_ending check (used_at is null or revoked_at is null),
  add constraint questionnaire_links_expiry check (expires_at > created_at);
