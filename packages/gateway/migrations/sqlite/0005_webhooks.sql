-- Outbound webhooks. The dispatcher follows job_events from a cursor kept here and writes one
-- delivery per event and target URL in the same transaction as the cursor moves, so a crash
-- neither loses nor repeats an event. Times are integer milliseconds since the epoch.
CREATE TABLE webhook_cursor (
  name TEXT PRIMARY KEY NOT NULL,
  last_event_id INTEGER NOT NULL
) STRICT;

-- Starts at the newest event: jobs that finished before webhooks existed are not announced when
-- an endpoint is configured later.
INSERT INTO webhook_cursor (name, last_event_id) SELECT 'dispatcher', COALESCE(MAX(id), 0) FROM job_events;

CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  job_id TEXT NOT NULL,
  event_id INTEGER NOT NULL,
  event_type TEXT NOT NULL
    CHECK (event_type IN ('job.running', 'job.progress', 'job.succeeded', 'job.failed', 'job.cancelled')),
  url TEXT NOT NULL,
  target TEXT NOT NULL CHECK (target IN ('job', 'configured')),
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  occurred_at INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts INTEGER NOT NULL,
  next_attempt_at INTEGER,
  lease_token TEXT,
  lease_expires_at INTEGER,
  last_status INTEGER,
  last_error TEXT,
  last_attempt_at INTEGER,
  created_at INTEGER NOT NULL,
  delivered_at INTEGER
) STRICT;

-- One delivery per event and URL, whatever happens to the dispatcher.
CREATE UNIQUE INDEX webhook_deliveries_event_url ON webhook_deliveries (event_id, url);

-- Due deliveries; queries repeat the predicate `status = 'pending'` so SQLite uses the index.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';

-- "Is an earlier delivery of this job to this URL still pending?" for the order per job and URL.
CREATE INDEX webhook_deliveries_order ON webhook_deliveries (job_id, url, event_id) WHERE status = 'pending';

-- Listing a tenant's deliveries newest first (ids are time-sortable), and a job's.
CREATE INDEX webhook_deliveries_tenant_id ON webhook_deliveries (tenant_id, id);
CREATE INDEX webhook_deliveries_job_id ON webhook_deliveries (job_id, id);

-- The progress throttle's "last job.progress of this job".
CREATE INDEX webhook_deliveries_progress ON webhook_deliveries (job_id, occurred_at) WHERE event_type = 'job.progress';
