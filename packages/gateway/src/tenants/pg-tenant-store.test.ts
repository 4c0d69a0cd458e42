import { describe, expect, it } from "vitest";
import { openPgDatabase } from "../db/pg-database.ts";
import { createTestPgDatabase, pgStoreHarness } from "../db/test-support/pg-test-database.ts";
import { createPgTenantStore } from "./pg-tenant-store.ts";
import { describeTenantStoreContract } from "./tenant-store.contract.ts";

describeTenantStoreContract("PostgreSQL", () => pgStoreHarness(createPgTenantStore));

describe("PostgreSQL tenant store", () => {
  it("leaves the pool it shares with the other stores open when closed", async () => {
    const database = await createTestPgDatabase();
    const pool = await openPgDatabase(database.url, { max: 2 });
    try {
      await createPgTenantStore(pool).close();
      expect(await createPgTenantStore(pool).getTenant("acme")).toBeNull();
    } finally {
      await pool.end();
      await database.drop();
    }
  });
});
