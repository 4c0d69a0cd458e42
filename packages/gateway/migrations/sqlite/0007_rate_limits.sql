-- Rate-limited calls in a row at a job's current stage: they use up no attempt, but each waits longer.
ALTER TABLE jobs ADD COLUMN rate_limits INTEGER NOT NULL DEFAULT 0;
