-- Secrets Reelay generates for itself when none is configured (media URL signing, webhook
-- signing): kept here, every process on the database uses the same ones.
CREATE TABLE shared_secrets (
  name TEXT PRIMARY KEY,
  value BYTEA NOT NULL,
  created_at BIGINT NOT NULL
);
