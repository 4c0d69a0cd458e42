import type { PgPool } from "../db/pg-database.ts";
import { rowToUpload, uploadToRow, vanishedUploadError, type UploadRow } from "./upload-row.ts";
import type { UploadStore } from "./upload-store.ts";

/**
 * Upload metadata in the `uploads` table of the shared PostgreSQL database. Takes the pool every
 * store of the process shares; whoever opened it ends it.
 */
export function createPgUploadStore(pool: PgPool): UploadStore {
  async function findBySha256(tenantId: string, sha256: string) {
    const result = await pool.query<UploadRow>("SELECT * FROM uploads WHERE tenant_id = $1 AND sha256 = $2", [
      tenantId,
      sha256,
    ]);
    const row = result.rows[0];
    return row === undefined ? null : rowToUpload(row);
  }

  return {
    async insert(upload) {
      const row = uploadToRow(upload);
      // Another process inserting the same bytes at once makes this wait for its commit, then skip.
      const inserted = await pool.query<UploadRow>(
        `INSERT INTO uploads (id, tenant_id, sha256, storage_key, media_type, width, height, size_bytes, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (tenant_id, sha256) DO NOTHING RETURNING *`,
        [
          row.id,
          row.tenant_id,
          row.sha256,
          row.storage_key,
          row.media_type,
          row.width,
          row.height,
          row.size_bytes,
          row.created_at,
        ],
      );
      const written = inserted.rows[0];
      if (written !== undefined) return { inserted: true, upload: rowToUpload(written) };
      // A statement of its own: its snapshot sees the upload that won.
      const existing = await findBySha256(upload.tenantId, upload.sha256);
      if (existing === null) throw vanishedUploadError(upload);
      return { inserted: false, upload: existing };
    },
    async get(tenantId, id) {
      const result = await pool.query<UploadRow>("SELECT * FROM uploads WHERE id = $1 AND tenant_id = $2", [
        id,
        tenantId,
      ]);
      const row = result.rows[0];
      return row === undefined ? null : rowToUpload(row);
    },
    findBySha256,
    async delete(tenantId, id) {
      const result = await pool.query<UploadRow>("DELETE FROM uploads WHERE id = $1 AND tenant_id = $2 RETURNING *", [
        id,
        tenantId,
      ]);
      const row = result.rows[0];
      return row === undefined ? null : rowToUpload(row);
    },
  };
}
