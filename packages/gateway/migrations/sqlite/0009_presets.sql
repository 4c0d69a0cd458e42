-- Presets, styles and categories (the original app's VideoPreset, VideoStyle, VideoCategory). The
-- built-in ones are data in code; a tenant's own live here, the three kinds in one table. The
-- definition is the item's JSON without its id. Times are integer milliseconds since the epoch.
CREATE TABLE custom_items (
  tenant_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('style', 'category', 'preset')),
  id TEXT NOT NULL,
  definition TEXT NOT NULL CHECK (json_valid(definition)),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, kind, id)
) STRICT;

-- What a job was made with, by id: kept as given, so deleting a category later leaves its jobs grouped.
ALTER TABLE jobs ADD COLUMN category TEXT;
ALTER TABLE jobs ADD COLUMN style TEXT;
ALTER TABLE jobs ADD COLUMN preset TEXT;

-- A tenant's jobs of one category, newest first (the gallery's filter), with the cursor (id < ?).
CREATE INDEX jobs_tenant_category ON jobs (tenant_id, category, id);

-- Events hold the whole job as it was; older ones gain the new fields so every event is a job as of now.
UPDATE job_events SET job = json_set(job, '$.category', NULL, '$.style', NULL, '$.preset', NULL);
