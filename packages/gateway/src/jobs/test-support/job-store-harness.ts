import { afterEach, beforeEach } from "vitest";
import type { JobRecord } from "../../core/types.ts";
import type { ClaimedJob, JobStore } from "../job-store.ts";
import { TEST_EPOCH_MS, makeJobRecord } from "./make-job-record.ts";

/** Opens a fresh, empty store for one test; `cleanup` closes it and removes what it created. */
export type OpenJobStore = () => Promise<{ store: JobStore; cleanup: () => Promise<void> }>;

export const TENANT_A = "tenant_a";
export const TENANT_B = "tenant_b";
/** "Now" in the contract's timelines; jobs are created a minute earlier. */
export const NOW_MS = TEST_EPOCH_MS + 60_000;
export const LEASE_MS = 30_000;

/**
 * Registers per-test setup in the enclosing `describe` and returns the current test's store. Every
 * test gets its own empty store, so tests never see each other's jobs.
 */
export function useJobStore(open: OpenJobStore): () => JobStore {
  let current: { store: JobStore; cleanup: () => Promise<void> } | undefined;
  beforeEach(async () => {
    current = await open();
  });
  afterEach(async () => {
    await current?.cleanup();
    current = undefined;
  });
  return () => {
    if (current === undefined) throw new Error("The job store is only available inside a test.");
    return current.store;
  };
}

/** A job of tenant A, with overrides. */
export function tenantJob(overrides: Partial<JobRecord> = {}): JobRecord {
  return makeJobRecord({ tenantId: TENANT_A, ...overrides });
}

/** Inserts the jobs one by one (in the given order) and returns them. */
export async function insertAll(store: JobStore, jobs: JobRecord[]): Promise<JobRecord[]> {
  for (const job of jobs) await store.insert(job);
  return jobs;
}

/** Inserts a due job and claims it as `owner` at `nowMs`; fails the test if the claim misses it. */
export async function insertAndClaim(
  store: JobStore,
  job: JobRecord,
  options: { owner?: string; nowMs?: number; leaseMs?: number } = {},
): Promise<ClaimedJob> {
  await store.insert(job);
  const claimed = await store.claimDue(
    options.owner ?? "worker-1",
    options.nowMs ?? NOW_MS,
    options.leaseMs ?? LEASE_MS,
    100,
  );
  const mine = claimed.find((candidate) => candidate.job.id === job.id);
  if (mine === undefined) throw new Error(`Job ${job.id} was not claimed.`);
  return mine;
}

/** Ids of the jobs, in order. */
export function idsOf(jobs: { id: string }[]): string[] {
  return jobs.map((job) => job.id);
}
