import { describe, expect, it } from "vitest";
import type { JobCount } from "./job-store.ts";
import {
  LEASE_MS,
  NOW_MS,
  TENANT_B,
  insertAll,
  insertAndClaim,
  tenantJob,
  useJobStore,
} from "./test-support/job-store-harness.ts";
import type { OpenJobStore } from "./test-support/job-store-harness.ts";

const byStatusAndModel = (counts: JobCount[]) =>
  counts.toSorted((a, b) => `${a.status} ${a.model}`.localeCompare(`${b.status} ${b.model}`));

/** What the metrics read from the store at every scrape: jobs by status and model, and the work waiting. */
export function describeJobStoreCountsContract(open: OpenJobStore): void {
  describe("countJobs and dueWork", () => {
    const store = useJobStore(open);

    it("counts every tenant's jobs by status and model, leaving out what has none", async () => {
      expect(await store().countJobs()).toEqual([]);
      await insertAll(store(), [
        tenantJob({ model: "local/preview" }),
        tenantJob({ model: "local/preview", status: "running" }),
        tenantJob({ model: "runway/gen4.5", status: "running" }),
        tenantJob({ model: "local/preview", tenantId: TENANT_B }),
        tenantJob({ model: "runway/gen4.5", status: "failed", finishedAt: NOW_MS }),
      ]);
      expect(byStatusAndModel(await store().countJobs())).toEqual([
        { status: "failed", model: "runway/gen4.5", count: 1 },
        { status: "queued", model: "local/preview", count: 2 },
        { status: "running", model: "local/preview", count: 1 },
        { status: "running", model: "runway/gen4.5", count: 1 },
      ]);
    });

    it("follows a job's status as it changes", async () => {
      const { job, leaseToken } = await insertAndClaim(store(), tenantJob());
      await store().update(
        job.id,
        leaseToken,
        { status: "succeeded", finishedAt: NOW_MS },
        { nowMs: NOW_MS, release: true },
      );
      expect(await store().countJobs()).toEqual([{ status: "succeeded", model: job.model, count: 1 }]);
    });

    it("counts the due jobs no live lease holds, with the oldest due time", async () => {
      expect(await store().dueWork(NOW_MS)).toEqual({ count: 0, oldestDueAt: null });
      await insertAll(store(), [
        tenantJob({ nextRunAt: NOW_MS - 5_000 }),
        tenantJob({ nextRunAt: NOW_MS - 1_000, status: "running", tenantId: TENANT_B }),
        tenantJob({ nextRunAt: NOW_MS + 1_000 }),
        tenantJob({ nextRunAt: NOW_MS - 9_000, status: "succeeded", finishedAt: NOW_MS - 9_000 }),
      ]);
      expect(await store().dueWork(NOW_MS)).toEqual({ count: 2, oldestDueAt: NOW_MS - 5_000 });
      // A claimed job is a worker's until its lease expires; then it waits again, as late as it was.
      const [claimed] = await store().claimDue("worker-1", NOW_MS, LEASE_MS, 1);
      expect(claimed?.job.nextRunAt).toBe(NOW_MS - 5_000);
      expect(await store().dueWork(NOW_MS)).toEqual({ count: 1, oldestDueAt: NOW_MS - 1_000 });
      expect(await store().dueWork(NOW_MS + LEASE_MS)).toEqual({ count: 3, oldestDueAt: NOW_MS - 5_000 });
    });
  });
}
