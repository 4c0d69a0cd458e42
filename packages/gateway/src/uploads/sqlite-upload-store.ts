import type { Database } from "better-sqlite3";
import { rowToUpload, uploadToRow, vanishedUploadError, type UploadRow } from "./upload-row.ts";
import type { UploadRecord, UploadStore } from "./upload-store.ts";

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
    const row = insert.get(uploadToRow(upload));
    if (row !== undefined) return { inserted: true, upload: rowToUpload(row) };
    const existing = bySha.get(upload.tenantId, upload.sha256);
    if (existing === undefined) throw vanishedUploadError(upload);
    return { inserted: false, upload: rowToUpload(existing) };
  });

  return {
    async insert(upload) {
      return insertOrFind.immediate(upload);
    },
    async get(tenantId, id) {
      const row = byId.get(id, tenantId);
      return row === undefined ? null : rowToUpload(row);
    },
    async findBySha256(tenantId, sha256) {
      const row = bySha.get(tenantId, sha256);
      return row === undefined ? null : rowToUpload(row);
    },
    async delete(tenantId, id) {
      const row = remove.get(id, tenantId);
      return row === undefined ? null : rowToUpload(row);
    },
  };
}
