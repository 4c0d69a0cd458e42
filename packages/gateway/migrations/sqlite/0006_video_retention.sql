-- Retention: a succeeded job's stored video and thumbnail are deleted some time after it finished;
-- the job stays, and says when its video went.
ALTER TABLE jobs ADD COLUMN video_purged_at INTEGER;

CREATE INDEX jobs_video_expiry ON jobs (finished_at)
  WHERE status = 'succeeded' AND video IS NOT NULL AND video_purged_at IS NULL;
