import { openPgDatabase, type PgPool } from "../db/pg-database.ts";
import { createTestPgDatabase } from "../db/test-support/pg-test-database.ts";
import { describeCallbackLogContract } from "./callback-log.contract.ts";
import { createPgCallbackLog } from "./pg-callback-log.ts";

describeCallbackLogContract("PostgreSQL", async () => {
  const database = await createTestPgDatabase();
  const pools: PgPool[] = [];
  return {
    async connect() {
      const pool = await openPgDatabase(database.url, { max: 4 });
      pools.push(pool);
      return createPgCallbackLog(pool);
    },
    async cleanup() {
      await Promise.all(pools.map((pool) => pool.end()));
      await database.drop();
    },
  };
});
