import { inPgTransaction, openPgDatabase, type PgPool } from "../db/pg-database.ts";
import { takePgLock } from "../db/pg-locks.ts";
import { createTestPgDatabase } from "../db/test-support/pg-test-database.ts";
import { createPgWebhookStore } from "./pg-webhook-store.ts";
import { describeWebhookStoreContract } from "./webhook-store.contract.ts";

describeWebhookStoreContract("PostgreSQL", async () => {
  const database = await createTestPgDatabase();
  const events = await openPgDatabase(database.url, { max: 2 });
  const pools: PgPool[] = [events];
  return {
    async connect() {
      const pool = await openPgDatabase(database.url, { max: 4 });
      pools.push(pool);
      return createPgWebhookStore(pool);
    },
    appendJobEvent: (event) =>
      inPgTransaction(events, async (client) => {
        await takePgLock(client, "jobEvents");
        const written = await client.query<{ id: number }>(
          "INSERT INTO job_events (tenant_id, job_id, type, job, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
          [event.tenantId, event.jobId, event.type, JSON.stringify(event.job), event.createdAt],
        );
        return written.rows[0]?.id ?? 0;
      }),
    async cleanup() {
      await Promise.all(pools.map((pool) => pool.end()));
      await database.drop();
    },
  };
});
