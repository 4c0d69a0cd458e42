-- Every change of a job that a caller can see (status, progress, ETA, warnings, the result), in
-- order, with the job as it was after the change. Server-sent event streams read it: a client
-- that reconnects with Last-Event-ID gets everything after that id, and one upstream poll's change
-- reaches every subscriber through one row.
CREATE TABLE job_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id TEXT NOT NULL,
  job_id TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('status', 'progress', 'warnings', 'done')),
  job TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX job_events_by_job ON job_events (job_id, id);
CREATE INDEX job_events_by_tenant ON job_events (tenant_id, id);
