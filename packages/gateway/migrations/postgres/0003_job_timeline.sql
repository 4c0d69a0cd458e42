-- The timeline of each job, as SQLite's migration 0011 (see there for why); the details and the
-- provider call are JSON text, checked to be JSON.
CREATE TABLE job_timeline (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job_id TEXT NOT NULL,
  tenant_id TEXT NOT NULL,
  at BIGINT NOT NULL,
  step TEXT NOT NULL,
  details TEXT NOT NULL CHECK (details::jsonb IS NOT NULL),
  provider_call TEXT CHECK (provider_call IS NULL OR provider_call::jsonb IS NOT NULL)
);

CREATE INDEX job_timeline_by_job ON job_timeline (job_id, at, id);

CREATE TABLE job_timeline_summaries (
  job_id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  polls INTEGER NOT NULL DEFAULT 0,
  last_poll_at BIGINT,
  omitted INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX jobs_model_status ON jobs (model, status);
