import type { ApiKeyRecord, StoredApiKey, TenantRecord } from "./tenant-store.ts";

/** A row of `tenants` (SQLite migration 0010, the PostgreSQL schema), as either engine reads it. */
export interface TenantRow {
  id: string;
  rate_requests: number | null;
  rate_window_seconds: number | null;
  max_running_jobs: number | null;
  monthly_budget_usd: number | null;
  created_at: number;
  updated_at: number;
}

/** A row of `api_keys`. */
export interface KeyRow {
  id: string;
  tenant_id: string;
  name: string | null;
  secret_sha256: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

/** Uses of a key closer together than this are not written again. */
export const TOUCH_INTERVAL_MS = 60_000;

export function rowToTenant(row: TenantRow): TenantRecord {
  return {
    id: row.id,
    limits: {
      rate:
        row.rate_requests === null || row.rate_window_seconds === null
          ? null
          : { requests: row.rate_requests, windowSeconds: row.rate_window_seconds },
      maxRunningJobs: row.max_running_jobs,
      monthlyBudgetUsd: row.monthly_budget_usd,
    },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function keyToRow(key: StoredApiKey): KeyRow {
  return {
    id: key.id,
    tenant_id: key.tenantId,
    name: key.name,
    secret_sha256: key.secretSha256,
    created_at: key.createdAt,
    last_used_at: key.lastUsedAt,
    revoked_at: key.revokedAt,
  };
}

export function rowToKey(row: KeyRow): StoredApiKey {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    secretSha256: row.secret_sha256,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

/** A key as listed: without the hash of its secret. */
export function rowToListedKey(row: KeyRow): ApiKeyRecord {
  const { secretSha256: _secret, ...key } = rowToKey(row);
  return key;
}
