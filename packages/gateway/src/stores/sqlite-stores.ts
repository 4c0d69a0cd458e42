import { createSqliteCallbackLog } from "../callbacks/sqlite-callback-log.ts";
import { openSqliteDatabase } from "../db/sqlite-database.ts";
import { createSqliteUsageLedger } from "../jobs/sqlite-job-charges.ts";
import { createSqliteJobStore } from "../jobs/sqlite-job-store.ts";
import { createSqliteRenderHistory } from "../jobs/sqlite-render-history.ts";
import { createSqliteTimelineStore } from "../observability/sqlite-timeline-store.ts";
import { createSqlitePresetStores } from "../presets/sqlite-item-store.ts";
import { createFileSecretKeeper } from "../secrets/file-secret-keeper.ts";
import { createRateLimiter } from "../tenants/rate-limiter.ts";
import { createSqliteTenantStore } from "../tenants/sqlite-tenant-store.ts";
import { createSqliteUploadStore } from "../uploads/sqlite-upload-store.ts";
import { createSqliteWebhookStore } from "../webhooks/sqlite-webhook-store.ts";
import type { Stores } from "./stores.ts";

/**
 * The stores on one SQLite connection to the file at `path`, generated secrets in files of
 * `dataDir`. Request rates are counted in this process: an SQLite file serves one machine, and
 * usually one process.
 */
export function openSqliteStores(path: string, dataDir: string): Stores {
  const database = openSqliteDatabase(path);
  const jobs = createSqliteJobStore(database);
  return {
    engine: "sqlite",
    jobs,
    usage: createSqliteUsageLedger(database),
    renderHistory: createSqliteRenderHistory(database),
    tenants: createSqliteTenantStore(database),
    rateLimiter: createRateLimiter(),
    uploads: createSqliteUploadStore(database),
    presets: createSqlitePresetStores(database),
    callbackLog: createSqliteCallbackLog(database),
    webhooks: createSqliteWebhookStore(database),
    timeline: createSqliteTimelineStore(database),
    secrets: createFileSecretKeeper(dataDir),
    // The job store owns the connection: closing it closes the database.
    close: () => jobs.close(),
  };
}
