import { createPgCallbackLog } from "../callbacks/pg-callback-log.ts";
import { openPgDatabase } from "../db/pg-database.ts";
import { createPgUsageLedger } from "../jobs/pg-job-charges.ts";
import { createPgJobStore } from "../jobs/pg-job-store.ts";
import { createPgRenderHistory } from "../jobs/pg-render-history.ts";
import { createPgTimelineStore } from "../observability/pg-timeline-store.ts";
import { createPgPresetStores } from "../presets/pg-item-store.ts";
import { createPgSecretKeeper } from "../secrets/pg-secret-keeper.ts";
import { createPgRateLimiter } from "../tenants/pg-rate-limiter.ts";
import { createPgTenantStore } from "../tenants/pg-tenant-store.ts";
import { createPgUploadStore } from "../uploads/pg-upload-store.ts";
import { createPgWebhookStore } from "../webhooks/pg-webhook-store.ts";
import type { Stores } from "./stores.ts";

/**
 * The stores on one pool of connections to the PostgreSQL database at `url`, migrated. Rates,
 * running slots, budgets, render history and generated secrets all live in the database, so every
 * process on it shares them.
 */
export async function openPgStores(url: string): Promise<Stores> {
  const pool = await openPgDatabase(url);
  const jobs = createPgJobStore(pool);
  return {
    engine: "postgres",
    jobs,
    usage: createPgUsageLedger(pool),
    renderHistory: createPgRenderHistory(pool),
    tenants: createPgTenantStore(pool),
    rateLimiter: createPgRateLimiter(pool),
    uploads: createPgUploadStore(pool),
    presets: createPgPresetStores(pool),
    callbackLog: createPgCallbackLog(pool),
    webhooks: createPgWebhookStore(pool),
    timeline: createPgTimelineStore(pool),
    secrets: createPgSecretKeeper(pool),
    async close() {
      await jobs.close();
      await pool.end();
    },
  };
}
