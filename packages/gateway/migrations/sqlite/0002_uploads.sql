-- Input images (first and last frames). A job keeps the images prepared for its model in
-- `inputs`; uploads are stored once per tenant and content hash, so the same bytes uploaded twice
-- are one upload.
ALTER TABLE jobs ADD COLUMN inputs TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(inputs));

CREATE TABLE uploads (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  storage_key TEXT NOT NULL,
  media_type TEXT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  size_bytes INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE UNIQUE INDEX uploads_tenant_sha256 ON uploads (tenant_id, sha256);
CREATE INDEX uploads_tenant_id ON uploads (tenant_id, id);
