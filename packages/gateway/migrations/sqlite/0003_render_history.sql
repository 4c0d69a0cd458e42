-- Expected render times, for progress estimates and ETAs. A job keeps when it is expected to
-- finish; the history keeps, per model, duration and resolution, a moving average of how long
-- finished jobs took from submit to success.
ALTER TABLE jobs ADD COLUMN expected_finish_at INTEGER;

CREATE TABLE render_history (
  model TEXT NOT NULL,
  duration_seconds REAL NOT NULL,
  resolution TEXT NOT NULL,
  samples INTEGER NOT NULL,
  mean_seconds REAL NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (model, duration_seconds, resolution)
) STRICT;
