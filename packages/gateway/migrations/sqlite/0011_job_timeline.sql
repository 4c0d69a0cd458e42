-- The timeline of each job (GET /api/v1/jobs/:id/timeline): what happened to it and when, with the
-- provider call behind each step. Steps that can repeat without end (failed calls, webhook retries,
-- queued/running flips) keep only their first entries per job; the rest are counted in
-- `job_timeline_summaries.omitted`. Polls that change nothing are counted, not kept. Rows go when
-- their job is deleted.
CREATE TABLE job_timeline (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id TEXT NOT NULL,
  tenant_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  step TEXT NOT NULL,
  details TEXT NOT NULL CHECK (json_valid(details)),
  provider_call TEXT CHECK (provider_call IS NULL OR json_valid(provider_call))
) STRICT;

CREATE INDEX job_timeline_by_job ON job_timeline (job_id, at, id);

-- Per job: its polls (every one, answered or not) and the entries left out over the cap.
CREATE TABLE job_timeline_summaries (
  job_id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  polls INTEGER NOT NULL DEFAULT 0,
  last_poll_at INTEGER,
  omitted INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

-- /metrics counts jobs by model and status at every scrape: the index answers that alone. Model
-- first, so claims (status IN …) keep using jobs_due.
CREATE INDEX jobs_model_status ON jobs (model, status);
