import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ApiKeyRecord, StoredApiKey, TenantStore } from "./tenant-store.ts";

/** A fresh, empty database for one test. */
export interface TenantStoreDatabase {
  /** A store on a connection (SQLite) or pool (PostgreSQL) of its own, as another process would have. */
  connect(): Promise<TenantStore>;
  /** Closes every connection made and removes the database. */
  cleanup(): Promise<void>;
}

const NOW_MS = Date.UTC(2025, 0, 1);

function key(id: string, overrides: Partial<StoredApiKey> = {}): StoredApiKey {
  return {
    id,
    tenantId: "acme",
    name: null,
    secretSha256: "5".repeat(64),
    createdAt: NOW_MS,
    lastUsedAt: null,
    revokedAt: null,
    ...overrides,
  };
}

function listed({ secretSha256: _secret, ...record }: StoredApiKey): ApiKeyRecord {
  return record;
}

/** The suite every tenant store passes; it talks to the store only through the interface. */
export function describeTenantStoreContract(name: string, open: () => Promise<TenantStoreDatabase>): void {
  describe(`TenantStore contract: ${name}`, () => {
    let database: TenantStoreDatabase | undefined;
    let store: TenantStore;
    beforeEach(async () => {
      database = await open();
      store = await database.connect();
    });
    afterEach(async () => {
      await database?.cleanup();
    });
    const connect = () => {
      if (database === undefined) throw new Error("The database is only available inside a test.");
      return database.connect();
    };

    it("creates a tenant without limits, then sets only the limits given", async () => {
      expect(await store.getTenant("acme")).toBeNull();
      const none = { rate: null, maxRunningJobs: null, monthlyBudgetUsd: null };
      expect(await store.upsertTenant("acme", {}, NOW_MS)).toStrictEqual({
        id: "acme",
        limits: none,
        createdAt: NOW_MS,
        updatedAt: NOW_MS,
      });
      expect((await store.upsertTenant("acme", {}, NOW_MS + 1)).updatedAt).toBe(NOW_MS);
      const rate = { requests: 3, windowSeconds: 60 };
      await store.upsertTenant("acme", { rate, monthlyBudgetUsd: 12.5 }, NOW_MS + 2);
      expect(await store.upsertTenant("acme", { maxRunningJobs: 2 }, NOW_MS + 3)).toStrictEqual({
        id: "acme",
        limits: { rate, maxRunningJobs: 2, monthlyBudgetUsd: 12.5 },
        createdAt: NOW_MS,
        updatedAt: NOW_MS + 3,
      });
      const cleared = await store.upsertTenant("acme", { rate: null, monthlyBudgetUsd: null }, NOW_MS + 4);
      expect(cleared.limits).toStrictEqual({ rate: null, maxRunningJobs: 2, monthlyBudgetUsd: null });
      expect(await store.getTenant("acme")).toStrictEqual(cleared);
    });

    it("creates a new tenant with the limits given, and lists tenants by id in byte order", async () => {
      const created = await store.upsertTenant("zeta", { maxRunningJobs: 1 }, NOW_MS);
      expect(created).toMatchObject({ limits: { maxRunningJobs: 1, rate: null }, updatedAt: NOW_MS });
      for (const id of ["ab", "a-c", "a-b", "B"]) await store.upsertTenant(id, {}, NOW_MS);
      expect((await store.listTenants()).map((tenant) => tenant.id)).toEqual(["B", "a-b", "a-c", "ab", "zeta"]);
    });

    it("finds a key with its hash, lists keys newest first without it, and revokes once", async () => {
      const keys = [
        key("key_b", { name: "ci" }),
        key("key_a", { tenantId: "other" }),
        key("key_c", { createdAt: NOW_MS + 5 }),
      ];
      for (const each of keys) await store.insertKey(each);
      expect(await store.findKey("key_b")).toStrictEqual(keys[0]);
      expect(await store.findKey("key_missing")).toBeNull();
      const [first, second, third] = keys.map(listed);
      expect(await store.listKeys()).toStrictEqual([third, first, second]);
      expect(await store.revokeKey("key_b", NOW_MS + 10)).toStrictEqual({ ...first, revokedAt: NOW_MS + 10 });
      expect((await store.revokeKey("key_b", NOW_MS + 20))?.revokedAt).toBe(NOW_MS + 10);
      expect(await store.revokeKey("key_missing", NOW_MS)).toBeNull();
    });

    it("has active keys while any key is not revoked", async () => {
      expect(await store.hasActiveKeys()).toBe(false);
      await store.insertKey(key("key_a"));
      await store.insertKey(key("key_b", { revokedAt: NOW_MS }));
      expect(await store.hasActiveKeys()).toBe(true);
      await store.revokeKey("key_a", NOW_MS);
      expect(await store.hasActiveKeys()).toBe(false);
    });

    it("records a key's use at most once a minute", async () => {
      await store.insertKey(key("key_a"));
      await store.touchKey("key_a", NOW_MS);
      await store.touchKey("key_a", NOW_MS + 59_999);
      expect((await store.findKey("key_a"))?.lastUsedAt).toBe(NOW_MS);
      await store.touchKey("key_a", NOW_MS + 60_001);
      expect((await store.findKey("key_a"))?.lastUsedAt).toBe(NOW_MS + 60_001);
    });

    it("shows keys and limits written through one process to every other", async () => {
      const other = await connect();
      await store.upsertTenant("acme", { maxRunningJobs: 3 }, NOW_MS);
      await store.insertKey(key("key_a"));
      expect((await other.getTenant("acme"))?.limits.maxRunningJobs).toBe(3);
      expect(await other.hasActiveKeys()).toBe(true);
      await other.revokeKey("key_a", NOW_MS);
      expect(await store.hasActiveKeys()).toBe(false);
    });
  });
}
