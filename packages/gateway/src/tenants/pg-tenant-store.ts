import type { PgPool } from "../db/pg-database.ts";
import {
  keyToRow,
  rowToKey,
  rowToListedKey,
  rowToTenant,
  TOUCH_INTERVAL_MS,
  type KeyRow,
  type TenantRow,
} from "./tenant-row.ts";
import type { TenantStore } from "./tenant-store.ts";

/**
 * Creates the tenant or, when it exists, sets only the limits flagged as given ($7 rate, $8
 * running jobs, $9 budget): one statement, so processes writing the same tenant at once each
 * leave a whole record. `updated_at` moves only when a limit is set.
 */
const UPSERT_TENANT = `INSERT INTO tenants AS t
    (id, rate_requests, rate_window_seconds, max_running_jobs, monthly_budget_usd, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $6)
  ON CONFLICT (id) DO UPDATE SET
    rate_requests = CASE WHEN $7::boolean THEN EXCLUDED.rate_requests ELSE t.rate_requests END,
    rate_window_seconds = CASE WHEN $7::boolean THEN EXCLUDED.rate_window_seconds ELSE t.rate_window_seconds END,
    max_running_jobs = CASE WHEN $8::boolean THEN EXCLUDED.max_running_jobs ELSE t.max_running_jobs END,
    monthly_budget_usd = CASE WHEN $9::boolean THEN EXCLUDED.monthly_budget_usd ELSE t.monthly_budget_usd END,
    updated_at = CASE WHEN $7::boolean OR $8::boolean OR $9::boolean THEN EXCLUDED.updated_at ELSE t.updated_at END
  RETURNING *`;

/**
 * Tenants and keys in the shared PostgreSQL database, so a key made or revoked through one
 * process counts in all of them. Takes the pool every store of the process shares; `close` leaves
 * it open, whoever opened it ends it.
 */
export function createPgTenantStore(pool: PgPool): TenantStore {
  return {
    async upsertTenant(id, limits, nowMs) {
      const result = await pool.query<TenantRow>(UPSERT_TENANT, [
        id,
        limits.rate?.requests ?? null,
        limits.rate?.windowSeconds ?? null,
        limits.maxRunningJobs ?? null,
        limits.monthlyBudgetUsd ?? null,
        nowMs,
        limits.rate !== undefined,
        limits.maxRunningJobs !== undefined,
        limits.monthlyBudgetUsd !== undefined,
      ]);
      const row = result.rows[0];
      if (row === undefined) throw new Error(`Tenant ${id} was not written.`);
      return rowToTenant(row);
    },
    async getTenant(id) {
      const result = await pool.query<TenantRow>("SELECT * FROM tenants WHERE id = $1", [id]);
      const row = result.rows[0];
      return row === undefined ? null : rowToTenant(row);
    },
    async listTenants() {
      const result = await pool.query<TenantRow>("SELECT * FROM tenants ORDER BY id");
      return result.rows.map(rowToTenant);
    },
    async insertKey(key) {
      const row = keyToRow(key);
      await pool.query(
        `INSERT INTO api_keys (id, tenant_id, name, secret_sha256, created_at, last_used_at, revoked_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [row.id, row.tenant_id, row.name, row.secret_sha256, row.created_at, row.last_used_at, row.revoked_at],
      );
    },
    async findKey(id) {
      const result = await pool.query<KeyRow>("SELECT * FROM api_keys WHERE id = $1", [id]);
      const row = result.rows[0];
      return row === undefined ? null : rowToKey(row);
    },
    async listKeys() {
      const result = await pool.query<KeyRow>("SELECT * FROM api_keys ORDER BY created_at DESC, id DESC");
      return result.rows.map(rowToListedKey);
    },
    async revokeKey(id, nowMs) {
      const result = await pool.query<KeyRow>(
        "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2 RETURNING *",
        [nowMs, id],
      );
      const row = result.rows[0];
      return row === undefined ? null : rowToListedKey(row);
    },
    async hasActiveKeys() {
      const result = await pool.query<{ active: boolean }>(
        "SELECT EXISTS (SELECT 1 FROM api_keys WHERE revoked_at IS NULL) AS active",
      );
      return result.rows[0]?.active === true;
    },
    async touchKey(id, nowMs) {
      await pool.query(
        "UPDATE api_keys SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)",
        [nowMs, id, nowMs - TOUCH_INTERVAL_MS],
      );
    },
    async close() {
      // The pool is shared: whoever opened it ends it.
    },
  };
}
