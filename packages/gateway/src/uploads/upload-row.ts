import type { UploadRecord } from "./upload-store.ts";

/** A row of `uploads` (SQLite migration 0002, the PostgreSQL schema), as either engine reads it. */
export interface UploadRow {
  id: string;
  tenant_id: string;
  sha256: string;
  storage_key: string;
  media_type: string;
  width: number;
  height: number;
  size_bytes: number;
  created_at: number;
}

export function uploadToRow(upload: UploadRecord): UploadRow {
  return {
    id: upload.id,
    tenant_id: upload.tenantId,
    sha256: upload.sha256,
    storage_key: upload.key,
    media_type: upload.mediaType,
    width: upload.width,
    height: upload.height,
    size_bytes: upload.sizeBytes,
    created_at: upload.createdAt,
  };
}

export function rowToUpload(row: UploadRow): UploadRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    sha256: row.sha256,
    key: row.storage_key,
    mediaType: row.media_type,
    width: row.width,
    height: row.height,
    sizeBytes: row.size_bytes,
    createdAt: row.created_at,
  };
}

/** Thrown when an insert was skipped for an existing hash whose upload is gone by the time it is read. */
export function vanishedUploadError(upload: UploadRecord): Error {
  return new Error(`Upload ${upload.id} was ignored but no upload holds its hash.`);
}
