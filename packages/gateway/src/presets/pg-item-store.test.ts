import { openPgDatabase, type PgPool } from "../db/pg-database.ts";
import { createTestPgDatabase } from "../db/test-support/pg-test-database.ts";
import { describePresetStoresContract } from "./item-store.contract.ts";
import { createPgPresetStores } from "./pg-item-store.ts";

describePresetStoresContract("PostgreSQL", async () => {
  const database = await createTestPgDatabase();
  const pools: PgPool[] = [];
  return {
    async connect() {
      const pool = await openPgDatabase(database.url, { max: 4 });
      pools.push(pool);
      return createPgPresetStores(pool);
    },
    async cleanup() {
      await Promise.all(pools.map((pool) => pool.end()));
      await database.drop();
    },
  };
});
