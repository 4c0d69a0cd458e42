-- Reelay's schema on PostgreSQL, as SQLite's migrations 0001–0010 leave it (see migrations/sqlite
-- for why each table and index exists). Times are integer milliseconds since the epoch (BIGINT);
-- JSON columns hold the record's nested values as text, written and compared exactly as the
-- SQLite store does (a provider task is found by its JSON), and checked to be JSON.

CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  model TEXT NOT NULL,
  request TEXT NOT NULL CHECK (request::jsonb IS NOT NULL),
  inputs TEXT NOT NULL DEFAULT '{}' CHECK (inputs::jsonb IS NOT NULL),
  provider_task TEXT CHECK (provider_task IS NULL OR provider_task::jsonb IS NOT NULL),
  upstream_id TEXT,
  progress DOUBLE PRECISION,
  progress_source TEXT CHECK (progress_source IS NULL OR progress_source IN ('provider', 'estimated')),
  expected_finish_at BIGINT,
  outputs TEXT CHECK (outputs IS NULL OR outputs::jsonb IS NOT NULL),
  video TEXT CHECK (video IS NULL OR video::jsonb IS NOT NULL),
  video_purged_at BIGINT,
  warnings TEXT NOT NULL CHECK (warnings::jsonb IS NOT NULL),
  failure TEXT CHECK (failure IS NULL OR failure::jsonb IS NOT NULL),
  idempotency_key TEXT,
  request_hash TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  rate_limits INTEGER NOT NULL DEFAULT 0,
  category TEXT,
  style TEXT,
  preset TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  started_at BIGINT,
  finished_at BIGINT,
  next_run_at BIGINT NOT NULL,
  deadline_at BIGINT NOT NULL,
  cancel_requested_at BIGINT,
  submitting_since BIGINT,
  lease_owner TEXT,
  lease_token TEXT,
  lease_expires_at BIGINT
);

CREATE UNIQUE INDEX jobs_tenant_idempotency_key ON jobs (tenant_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX jobs_tenant_id ON jobs (tenant_id, id);
CREATE INDEX jobs_tenant_category ON jobs (tenant_id, category, id);
CREATE INDEX jobs_due ON jobs (next_run_at) WHERE status IN ('queued', 'running');
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE status IN ('succeeded', 'failed', 'cancelled');
CREATE INDEX jobs_video_expiry ON jobs (finished_at)
  WHERE status = 'succeeded' AND video IS NOT NULL AND video_purged_at IS NULL;
CREATE INDEX jobs_upstream ON jobs (upstream_id) WHERE status IN ('queued', 'running') AND upstream_id IS NOT NULL;
CREATE INDEX jobs_tenant_active ON jobs (tenant_id) WHERE status IN ('queued', 'running');

CREATE TABLE uploads (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  storage_key TEXT NOT NULL,
  media_type TEXT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  size_bytes BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX uploads_tenant_sha256 ON uploads (tenant_id, sha256);
CREATE INDEX uploads_tenant_id ON uploads (tenant_id, id);

CREATE TABLE render_history (
  model TEXT NOT NULL,
  duration_seconds DOUBLE PRECISION NOT NULL,
  resolution TEXT NOT NULL,
  samples INTEGER NOT NULL,
  mean_seconds DOUBLE PRECISION NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (model, duration_seconds, resolution)
);

-- Ids are handed out in commit order: every transaction that adds events first takes the events
-- lock (`pg_advisory_xact_lock`, see db/pg-locks.ts), so a reader that has seen id N never
-- later finds a smaller id committed after it.
CREATE TABLE job_events (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  job_id TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('status', 'progress', 'warnings', 'done')),
  job TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE INDEX job_events_by_job ON job_events (job_id, id);
CREATE INDEX job_events_by_tenant ON job_events (tenant_id, id);

CREATE TABLE webhook_cursor (
  name TEXT PRIMARY KEY,
  last_event_id BIGINT NOT NULL
);

INSERT INTO webhook_cursor (name, last_event_id) VALUES ('dispatcher', 0);

-- Lists are ordered (and paged with `id <`) by the ids of deliveries, custom items, tenants and API
-- keys: those ids are COLLATE "C", so they compare byte by byte as in SQLite, whatever collation
-- the database was created with.
CREATE TABLE webhook_deliveries (
  id TEXT COLLATE "C" PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  job_id TEXT NOT NULL,
  event_id BIGINT NOT NULL,
  event_type TEXT NOT NULL
    CHECK (event_type IN ('job.running', 'job.progress', 'job.succeeded', 'job.failed', 'job.cancelled')),
  url TEXT NOT NULL,
  target TEXT NOT NULL CHECK (target IN ('job', 'configured')),
  payload TEXT NOT NULL CHECK (payload::jsonb IS NOT NULL),
  occurred_at BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts INTEGER NOT NULL,
  next_attempt_at BIGINT,
  lease_token TEXT,
  lease_expires_at BIGINT,
  last_status INTEGER,
  last_error TEXT,
  last_attempt_at BIGINT,
  created_at BIGINT NOT NULL,
  delivered_at BIGINT
);

CREATE UNIQUE INDEX webhook_deliveries_event_url ON webhook_deliveries (event_id, url);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_order ON webhook_deliveries (job_id, url, event_id) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_tenant_id ON webhook_deliveries (tenant_id, id);
CREATE INDEX webhook_deliveries_job_id ON webhook_deliveries (job_id, id);
CREATE INDEX webhook_deliveries_progress ON webhook_deliveries (job_id, occurred_at) WHERE event_type = 'job.progress';

CREATE TABLE provider_callbacks (
  provider TEXT NOT NULL,
  message_id TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (provider, message_id)
);

CREATE INDEX provider_callbacks_received ON provider_callbacks (received_at);

CREATE TABLE custom_items (
  tenant_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('style', 'category', 'preset')),
  id TEXT COLLATE "C" NOT NULL,
  definition TEXT NOT NULL CHECK (definition::jsonb IS NOT NULL),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, kind, id)
);

CREATE TABLE tenants (
  id TEXT COLLATE "C" PRIMARY KEY,
  rate_requests INTEGER CHECK (rate_requests IS NULL OR rate_requests > 0),
  rate_window_seconds INTEGER CHECK (rate_window_seconds IS NULL OR rate_window_seconds > 0),
  max_running_jobs INTEGER CHECK (max_running_jobs IS NULL OR max_running_jobs > 0),
  monthly_budget_usd DOUBLE PRECISION CHECK (monthly_budget_usd IS NULL OR monthly_budget_usd >= 0),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE api_keys (
  id TEXT COLLATE "C" PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  name TEXT,
  secret_sha256 TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at BIGINT
);

CREATE INDEX api_keys_active ON api_keys (tenant_id) WHERE revoked_at IS NULL;

CREATE TABLE job_charges (
  job_id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  model TEXT NOT NULL,
  usd_per_second DOUBLE PRECISION NOT NULL,
  requested_seconds DOUBLE PRECISION NOT NULL,
  reserved_usd DOUBLE PRECISION NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('reserved', 'settled', 'released')),
  charged_seconds DOUBLE PRECISION,
  charged_usd DOUBLE PRECISION,
  created_at BIGINT NOT NULL,
  settled_at BIGINT
);

CREATE INDEX job_charges_tenant_created ON job_charges (tenant_id, created_at);

-- Request-rate token buckets, one per tenant, shared by every process on the database. The rate a
-- bucket was filled for is kept with it: a changed rate starts a full bucket of the new size.
CREATE TABLE rate_buckets (
  tenant_id TEXT PRIMARY KEY,
  tokens DOUBLE PRECISION NOT NULL,
  refilled_at BIGINT NOT NULL,
  rate_requests INTEGER NOT NULL CHECK (rate_requests > 0),
  rate_window_seconds INTEGER NOT NULL CHECK (rate_window_seconds > 0)
);
