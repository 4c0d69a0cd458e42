import type { Database } from "better-sqlite3";
import type { UploadRecord, UploadStore } from "./upload-store.ts";

interface UploadRow {
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

function toRecord(row: UploadRow): UploadRecord {
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

/** Upload metadata in the same SQLite file as the jobs (migration 0002). */
export function createSqliteUploadStore(db: Database): UploadStore {
  const insert = db.prepare<[UploadRow], UploadRow>(
    `INSERT INTO uploads (id, tenant_id, sha256, storage_key, media_type, width, height, size_bytes, created_at)
     VALUES (@id, @tenant_id, @sha256, @storage_key, @media_type, @width, @height, @size_bytes, @created_at)
     ON CONFLICT (tenant_id, sha256) DO NOTHING RETURNING *`,
  );
  const byId = db.prepare<[string, string], UploadRow>("SELECT * FROM uploads WHERE id = ? AND tenant_id = ?");
  const bySha = db.prepare<[string, string], UploadRow>("SELECT * FROM uploads WHERE tenant_id = ? AND sha256 = ?");
  const remove = db.prepare<[string, string], UploadRow>(
    "DELETE FROM uploads WHERE id = ? AND tenant_id = ? RETURNING *",
  );

  const insertOrFind = db.transaction((upload: UploadRecord) => {
    const row = insert.get({
      id: upload.id,
      tenant_id: upload.tenantId,
      sha256: upload.sha256,
      storage_key: upload.key,
      media_type: upload.mediaType,
      width: upload.width,
      height: upload.height,
      size_bytes: upload.sizeBytes,
      created_at: upload.createdAt,
    });
    if (row !== undefined) return { inserted: true, upload: toRecord(row) };
    const existing = bySha.get(upload.tenantId, upload.sha256);
    if (existing === undefined) throw new Error(`Upload ${upload.id} was ignored but no upload holds its hash.`);
    return { inserted: false, upload: toRecord(existing) };
  });

  return {
    async insert(upload) {
      return insertOrFind.immediate(upload);
    },
    async get(tenantId, id) {
      const row = byId.get(id, tenantId);
      return row === undefined ? null : toRecord(row);
    },
    async findBySha256(tenantId, sha256) {
      const row = bySha.get(tenantId, sha256);
      return row === undefined ? null : toRecord(row);
    },
    async delete(tenantId, id) {
      const row = remove.get(id, tenantId);
      return row === undefined ? null : toRecord(row);
    },
  };
}
