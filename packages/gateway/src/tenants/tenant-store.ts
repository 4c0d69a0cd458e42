/** A tenant's limits; null means no limit. */
export interface TenantLimits {
  /** Requests allowed per window, bursting up to the same count (a token bucket). */
  rate: { requests: number; windowSeconds: number } | null;
  /** Jobs running upstream at once; more wait in the queue. */
  maxRunningJobs: number | null;
  /** Spend allowed per calendar month (UTC), in US dollars. */
  monthlyBudgetUsd: number | null;
}

export const NO_LIMITS: TenantLimits = { rate: null, maxRunningJobs: null, monthlyBudgetUsd: null };

/** An API key as listed: never its secret. */
export interface ApiKeyRecord {
  /** The public part of the token, `rly_<id>_…`. */
  id: string;
  tenantId: string;
  name: string | null;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** A key found by its id, with the hash its secret must match. */
export interface StoredApiKey extends ApiKeyRecord {
  secretSha256: string;
}

export interface TenantRecord {
  id: string;
  limits: TenantLimits;
  createdAt: number;
  updatedAt: number;
}

/** Tenants, their limits and their API keys. */
export interface TenantStore {
  /** Creates the tenant when new; sets the limits given (a field left out keeps its value). */
  upsertTenant(id: string, limits: Partial<TenantLimits>, nowMs: number): Promise<TenantRecord>;
  getTenant(id: string): Promise<TenantRecord | null>;
  listTenants(): Promise<TenantRecord[]>;
  insertKey(key: StoredApiKey): Promise<void>;
  findKey(id: string): Promise<StoredApiKey | null>;
  /** Every key, newest first, revoked ones too. */
  listKeys(): Promise<ApiKeyRecord[]>;
  /** Revokes a key; null when there is none with that id. Revoking twice keeps the first time. */
  revokeKey(id: string, nowMs: number): Promise<ApiKeyRecord | null>;
  /** Whether any key is not revoked: with none, the server is open (on loopback only). */
  hasActiveKeys(): Promise<boolean>;
  /** Records a key's use; at most once a minute per key is written. */
  touchKey(id: string, nowMs: number): Promise<void>;
  /** Releases what the store owns: SQLite's connection; never a PostgreSQL pool shared with other stores. */
  close(): Promise<void>;
}
