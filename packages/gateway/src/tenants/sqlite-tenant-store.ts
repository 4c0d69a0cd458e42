import type { Database } from "better-sqlite3";
import {
  keyToRow,
  rowToKey,
  rowToListedKey,
  rowToTenant,
  TOUCH_INTERVAL_MS,
  type KeyRow,
  type TenantRow,
} from "./tenant-row.ts";
import type { TenantLimits, TenantStore } from "./tenant-store.ts";

/** Tenants and keys in the gateway's SQLite file (migration 0010). */
export function createSqliteTenantStore(db: Database): TenantStore {
  const selectTenant = db.prepare<[string], TenantRow>("SELECT * FROM tenants WHERE id = ?");
  const selectTenants = db.prepare<[], TenantRow>("SELECT * FROM tenants ORDER BY id");
  const insertTenant = db.prepare<{ id: string; now: number }>(
    "INSERT INTO tenants (id, created_at, updated_at) VALUES (@id, @now, @now) ON CONFLICT (id) DO NOTHING",
  );
  const setRate = db.prepare<[number | null, number | null, number, string]>(
    "UPDATE tenants SET rate_requests = ?, rate_window_seconds = ?, updated_at = ? WHERE id = ?",
  );
  const setRunning = db.prepare<[number | null, number, string]>(
    "UPDATE tenants SET max_running_jobs = ?, updated_at = ? WHERE id = ?",
  );
  const setBudget = db.prepare<[number | null, number, string]>(
    "UPDATE tenants SET monthly_budget_usd = ?, updated_at = ? WHERE id = ?",
  );
  const insertKey = db.prepare<[KeyRow]>(
    `INSERT INTO api_keys (id, tenant_id, name, secret_sha256, created_at, last_used_at, revoked_at)
     VALUES (@id, @tenant_id, @name, @secret_sha256, @created_at, @last_used_at, @revoked_at)`,
  );
  const selectKey = db.prepare<[string], KeyRow>("SELECT * FROM api_keys WHERE id = ?");
  const selectKeys = db.prepare<[], KeyRow>("SELECT * FROM api_keys ORDER BY created_at DESC, id DESC");
  const revoke = db.prepare<[number, string], KeyRow>(
    "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? RETURNING *",
  );
  const anyActive = db.prepare<[], number>("SELECT EXISTS (SELECT 1 FROM api_keys WHERE revoked_at IS NULL)").pluck();
  const touch = db.prepare<[number, string, number]>(
    "UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
  );

  const upsert = db.transaction((id: string, limits: Partial<TenantLimits>, nowMs: number) => {
    insertTenant.run({ id, now: nowMs });
    if (limits.rate !== undefined) {
      setRate.run(limits.rate?.requests ?? null, limits.rate?.windowSeconds ?? null, nowMs, id);
    }
    if (limits.maxRunningJobs !== undefined) setRunning.run(limits.maxRunningJobs, nowMs, id);
    if (limits.monthlyBudgetUsd !== undefined) setBudget.run(limits.monthlyBudgetUsd, nowMs, id);
    const row = selectTenant.get(id);
    if (row === undefined) throw new Error(`Tenant ${id} vanished while it was written.`);
    return rowToTenant(row);
  });

  return {
    async upsertTenant(id, limits, nowMs) {
      return upsert.immediate(id, limits, nowMs);
    },
    async getTenant(id) {
      const row = selectTenant.get(id);
      return row === undefined ? null : rowToTenant(row);
    },
    async listTenants() {
      return selectTenants.all().map(rowToTenant);
    },
    async insertKey(key) {
      insertKey.run(keyToRow(key));
    },
    async findKey(id) {
      const row = selectKey.get(id);
      return row === undefined ? null : rowToKey(row);
    },
    async listKeys() {
      return selectKeys.all().map(rowToListedKey);
    },
    async revokeKey(id, nowMs) {
      const row = revoke.get(nowMs, id);
      return row === undefined ? null : rowToListedKey(row);
    },
    async hasActiveKeys() {
      return anyActive.get() === 1;
    },
    async touchKey(id, nowMs) {
      touch.run(nowMs, id, nowMs - TOUCH_INTERVAL_MS);
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
