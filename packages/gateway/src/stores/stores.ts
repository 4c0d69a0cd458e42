import type { CallbackLog } from "../callbacks/callback-log.ts";
import type { DatabaseTarget } from "../config.ts";
import type { UsageLedger } from "../jobs/job-charges.ts";
import type { JobStore } from "../jobs/job-store.ts";
import type { RenderHistory } from "../jobs/render-history.ts";
import type { TimelineStore } from "../observability/timeline-store.ts";
import type { PresetStores } from "../presets/item-store.ts";
import type { SecretKeeper } from "../secrets/secret-keeper.ts";
import type { RateLimiter } from "../tenants/rate-limiter.ts";
import type { TenantStore } from "../tenants/tenant-store.ts";
import type { UploadStore } from "../uploads/upload-store.ts";
import type { WebhookStore } from "../webhooks/webhook-store.ts";

/**
 * Every store of one process, on one database. On SQLite they share one connection; on
 * PostgreSQL one pool, and every limit (rate, running slots, budget) and every history is held in
 * the database, so all processes on it share them.
 */
export interface Stores {
  engine: DatabaseTarget["kind"];
  jobs: JobStore;
  usage: UsageLedger;
  renderHistory: RenderHistory;
  tenants: TenantStore;
  rateLimiter: RateLimiter;
  uploads: UploadStore;
  presets: PresetStores;
  callbackLog: CallbackLog;
  webhooks: WebhookStore;
  /** The steps of every job, for `GET /api/v1/jobs/:id/timeline`. */
  timeline: TimelineStore;
  /** Keeps generated secrets: in the data dir beside SQLite, in the database on PostgreSQL. */
  secrets: SecretKeeper;
  /** Closes the connection (or pool); call after everything using the stores has stopped. */
  close(): Promise<void>;
}

/** Opens the database `target` names, migrated, with every store on it. */
export async function openStores(target: DatabaseTarget, dataDir: string): Promise<Stores> {
  if (target.kind === "postgres") {
    const { openPgStores } = await import("./pg-stores.ts");
    return openPgStores(target.url);
  }
  const { openSqliteStores } = await import("./sqlite-stores.ts");
  return openSqliteStores(target.path, dataDir);
}
