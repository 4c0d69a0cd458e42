import { afterEach, beforeEach } from "vitest";
import type { StoredJobEvent } from "../../jobs/job-events.ts";
import { TEST_EPOCH_MS } from "../../jobs/test-support/make-job-record.ts";
import type { NewWebhookDelivery, WebhookStore } from "../webhook-store.ts";

/** A fresh, empty database for one test. */
export interface WebhookStoreDatabase {
  /** A store on a connection (SQLite) or pool (PostgreSQL) of its own, as another process would have. */
  connect(): Promise<WebhookStore>;
  /**
   * Writes a job event as the job store does (ids handed out in commit order) and returns its id:
   * the webhook store only reads events.
   */
  appendJobEvent(event: Omit<StoredJobEvent, "id">): Promise<number>;
  /** Closes every connection made and removes the database. */
  cleanup(): Promise<void>;
}

export type OpenWebhookStoreDatabase = () => Promise<WebhookStoreDatabase>;

export const NOW = TEST_EPOCH_MS;
export const LEASE_MS = 60_000;

/** A new delivery of tenant A's job `job_a` to one URL, with overrides. */
export function delivery(overrides: Partial<NewWebhookDelivery>): NewWebhookDelivery {
  return {
    id: `msg_${overrides.eventId ?? 1}_${overrides.url?.length ?? 0}`,
    tenantId: "tenant_a",
    jobId: "job_a",
    eventId: 1,
    eventType: "job.progress",
    url: "https://a.example.com/hook",
    target: "job",
    payload: "{}",
    occurredAt: NOW,
    createdAt: NOW,
    ...overrides,
  };
}

/** The current test's database and its first store. */
export interface WebhookStoreTest {
  database: WebhookStoreDatabase;
  store: WebhookStore;
}

/**
 * Registers per-test setup in the enclosing `describe` and returns the current test's database
 * and store. Every test gets its own empty database.
 */
export function useWebhookStoreDatabase(open: OpenWebhookStoreDatabase): () => WebhookStoreTest {
  let current: WebhookStoreTest | undefined;
  beforeEach(async () => {
    const database = await open();
    current = { database, store: await database.connect() };
  });
  afterEach(async () => {
    await current?.database.cleanup();
    current = undefined;
  });
  return () => {
    if (current === undefined) throw new Error("The webhook store is only available inside a test.");
    return current;
  };
}

/** Writes `deliveries` without moving the cursor from `cursor`; fails when it was elsewhere. */
export async function insertDeliveries(
  store: WebhookStore,
  cursor: number,
  deliveries: NewWebhookDelivery[],
): Promise<void> {
  if (!(await store.recordDispatch(cursor, cursor, deliveries))) {
    throw new Error(`The dispatch cursor is not at ${cursor}.`);
  }
}
