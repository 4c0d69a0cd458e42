import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { openSqliteDatabase } from "../db/sqlite-database.ts";
import { createSqliteTenantStore } from "../tenants/sqlite-tenant-store.ts";
import { describeJobChargesContract } from "./job-charges.contract.ts";
import { createSqliteUsageLedger } from "./sqlite-job-charges.ts";
import { createSqliteJobStore } from "./sqlite-job-store.ts";

describeJobChargesContract("SQLite", async () => {
  const directory = await mkdtemp(path.join(tmpdir(), "reelay-charges-"));
  const database = openSqliteDatabase(path.join(directory, "reelay.db"));
  const store = createSqliteJobStore(database);
  return {
    store,
    ledger: createSqliteUsageLedger(database),
    tenants: createSqliteTenantStore(database),
    async cleanup() {
      await store.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
});
