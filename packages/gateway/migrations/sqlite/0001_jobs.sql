-- Jobs (DESIGN.md §4). Times are integer milliseconds since the epoch; JSON columns hold the
-- record's nested values as text (SQL NULL for a null value). STRICT makes SQLite reject values of
-- the wrong type instead of silently storing them.
CREATE TABLE jobs (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  model TEXT NOT NULL,
  request TEXT NOT NULL CHECK (json_valid(request)),
  provider_task TEXT CHECK (provider_task IS NULL OR json_valid(provider_task)),
  progress REAL,
  progress_source TEXT CHECK (progress_source IS NULL OR progress_source IN ('provider', 'estimated')),
  outputs TEXT CHECK (outputs IS NULL OR json_valid(outputs)),
  video TEXT CHECK (video IS NULL OR json_valid(video)),
  warnings TEXT NOT NULL CHECK (json_valid(warnings)),
  failure TEXT CHECK (failure IS NULL OR json_valid(failure)),
  idempotency_key TEXT,
  request_hash TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER,
  next_run_at INTEGER NOT NULL,
  deadline_at INTEGER NOT NULL,
  cancel_requested_at INTEGER,
  submitting_since INTEGER,
  lease_owner TEXT,
  lease_token TEXT,
  lease_expires_at INTEGER
) STRICT;

-- Dedupe of creates: one job per (tenant, idempotency key). `insert` targets this index with
-- ON CONFLICT, so two racing inserts cannot both succeed.
CREATE UNIQUE INDEX jobs_tenant_idempotency_key ON jobs (tenant_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;

-- Listing a tenant's jobs newest first: ids are time-sortable, so (tenant_id, id) serves both the
-- order and the cursor (id < ?).
CREATE INDEX jobs_tenant_id ON jobs (tenant_id, id);

-- Claiming and nextDueAt only look at active jobs. A partial index keeps it small however many
-- finished jobs pile up, and is already ordered by next_run_at. Queries must repeat the exact
-- predicate `status IN ('queued', 'running')` for SQLite to use it.
CREATE INDEX jobs_due ON jobs (next_run_at) WHERE status IN ('queued', 'running');

-- Purging finished jobs by age.
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE status IN ('succeeded', 'failed', 'cancelled');
