import { openPgDatabase } from "../db/pg-database.ts";
import { createTestPgDatabase } from "../db/test-support/pg-test-database.ts";
import { createPgTenantStore } from "../tenants/pg-tenant-store.ts";
import { describeJobChargesContract } from "./job-charges.contract.ts";
import { createPgUsageLedger } from "./pg-job-charges.ts";
import { createPgJobStore } from "./pg-job-store.ts";

describeJobChargesContract("PostgreSQL", async () => {
  const database = await createTestPgDatabase();
  const pool = await openPgDatabase(database.url, { max: 4 });
  const store = createPgJobStore(pool);
  return {
    store,
    ledger: createPgUsageLedger(pool),
    tenants: createPgTenantStore(pool),
    async cleanup() {
      await store.close();
      await pool.end();
      await database.drop();
    },
  };
});
