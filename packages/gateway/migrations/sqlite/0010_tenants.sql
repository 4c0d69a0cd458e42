-- Tenants and their limits. A tenant without a row (the open server's `default`) has no limits.
-- NULL in a limit column means "no limit". Times are integer milliseconds since the epoch.
CREATE TABLE tenants (
  id TEXT PRIMARY KEY NOT NULL,
  -- Token bucket: `rate_requests` requests per `rate_window_seconds`, bursting up to the same count.
  rate_requests INTEGER CHECK (rate_requests IS NULL OR rate_requests > 0),
  rate_window_seconds INTEGER CHECK (rate_window_seconds IS NULL OR rate_window_seconds > 0),
  -- Jobs running upstream at once; more wait in the queue.
  max_running_jobs INTEGER CHECK (max_running_jobs IS NULL OR max_running_jobs > 0),
  -- Spend allowed per calendar month (UTC), in US dollars.
  monthly_budget_usd REAL CHECK (monthly_budget_usd IS NULL OR monthly_budget_usd >= 0),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

-- API keys. Only the SHA-256 of the secret part is kept; the token is shown once, at creation.
-- `id` is the public part of the token (`rly_<id>_<secret>`), so a key is found without scanning.
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  name TEXT,
  secret_sha256 TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at INTEGER
) STRICT;

CREATE INDEX api_keys_active ON api_keys (tenant_id) WHERE revoked_at IS NULL;

-- What each job costs: its quoted price is reserved when it is created, settled from the real
-- duration when it succeeds, released when it fails or is cancelled. Rows outlive their jobs, so
-- deleting a job does not give its money back.
CREATE TABLE job_charges (
  job_id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  model TEXT NOT NULL,
  usd_per_second REAL NOT NULL,
  requested_seconds REAL NOT NULL,
  reserved_usd REAL NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('reserved', 'settled', 'released')),
  charged_seconds REAL,
  charged_usd REAL,
  created_at INTEGER NOT NULL,
  settled_at INTEGER
) STRICT;

-- A tenant's spend in a period: its charges created in that period.
CREATE INDEX job_charges_tenant_created ON job_charges (tenant_id, created_at);

-- Counting a tenant's jobs that hold a running slot.
CREATE INDEX jobs_tenant_active ON jobs (tenant_id) WHERE status IN ('queued', 'running');
