-- Provider callbacks: a callback names the provider's own task id, so jobs keep it
-- to be found by it. Only active jobs are ever looked up.
ALTER TABLE jobs ADD COLUMN upstream_id TEXT;

CREATE INDEX jobs_upstream ON jobs (upstream_id) WHERE status IN ('queued', 'running') AND upstream_id IS NOT NULL;

-- Callback messages accepted recently, by the provider's message id (or nonce): a message seen
-- again is a replay. Rows older than the freshness window are deleted; a message that old is
-- refused as stale anyway.
CREATE TABLE provider_callbacks (
  provider TEXT NOT NULL,
  message_id TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (provider, message_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX provider_callbacks_received ON provider_callbacks (received_at);
