import { describe, expect, it } from "vitest";
import type { JobRecord } from "../core/types.ts";
import {
  LEASE_MS,
  NOW_MS,
  TENANT_A,
  TENANT_B,
  insertAndClaim,
  tenantJob,
  useJobStore,
} from "./test-support/job-store-harness.ts";
import type { OpenJobStore } from "./test-support/job-store-harness.ts";

const ALL = { afterId: 0, limit: 100 };

/** The events every visible change records, in the same write as the change. */
export function describeJobStoreEventContract(open: OpenJobStore): void {
  describe("job events", () => {
    const store = useJobStore(open);
    const eventsOf = async (tenantId: string, jobId?: string) =>
      (await store().listEvents({ tenantId, ...(jobId ? { jobId } : {}), ...ALL })).map((event) => ({
        type: event.type,
        jobId: event.jobId,
        status: event.job.status,
        progress: event.job.progress,
      }));

    it("records a new job, visible changes and the end, but not bookkeeping or lost leases", async () => {
      const { job, leaseToken } = await insertAndClaim(store(), tenantJob());
      const write = (change: Partial<JobRecord>, nowMs: number) =>
        store().update(job.id, leaseToken, change, { nowMs, release: false });
      await write({ submittingSince: NOW_MS + 1, attempts: 1 }, NOW_MS + 1);
      await write({ status: "running", startedAt: NOW_MS + 2 }, NOW_MS + 2);
      await write({ progress: 0.4, progressSource: "provider" }, NOW_MS + 3);
      await write({ nextRunAt: NOW_MS + 9 }, NOW_MS + 4);
      await write({ warnings: [{ code: "w", message: "note" }] }, NOW_MS + 5);
      expect(await store().update(job.id, "stolen-token", { progress: 0.9 }, { nowMs: NOW_MS, release: false })).toBe(
        null,
      );
      await write({ status: "succeeded", progress: 1, finishedAt: NOW_MS + 6 }, NOW_MS + 6);

      expect(await eventsOf(TENANT_A, job.id)).toEqual([
        { type: "status", jobId: job.id, status: "queued", progress: null },
        { type: "status", jobId: job.id, status: "running", progress: null },
        { type: "progress", jobId: job.id, status: "running", progress: 0.4 },
        { type: "warnings", jobId: job.id, status: "running", progress: 0.4 },
        { type: "done", jobId: job.id, status: "succeeded", progress: 1 },
      ]);
      const events = await store().listEvents({ tenantId: TENANT_A, jobId: job.id, ...ALL });
      expect(events.map((event) => event.createdAt)).toEqual([
        job.createdAt,
        NOW_MS + 2,
        NOW_MS + 3,
        NOW_MS + 5,
        NOW_MS + 6,
      ]);
      expect(events.at(-1)?.job).toStrictEqual(await store().get(TENANT_A, job.id));
    });

    it("records cancels, and nothing for a replayed idempotent insert", async () => {
      const idle = tenantJob({ idempotencyKey: "key-1" });
      await store().insert(idle);
      await store().insert({ ...tenantJob({ idempotencyKey: "key-1" }) });
      await store().requestCancel(TENANT_A, idle.id, NOW_MS);
      const { job: leased } = await insertAndClaim(store(), tenantJob({ createdAt: NOW_MS - 1 }));
      await store().requestCancel(TENANT_A, leased.id, NOW_MS + 1);
      expect((await eventsOf(TENANT_A)).map((event) => [event.jobId, event.type, event.status])).toEqual([
        [idle.id, "status", "queued"],
        [idle.id, "done", "cancelled"],
        [leased.id, "status", "queued"],
        [leased.id, "status", "queued"],
      ]);
    });

    it("keeps tenants apart and pages by id", async () => {
      const first = tenantJob();
      const other = tenantJob({ tenantId: TENANT_B, createdAt: NOW_MS - 2 });
      const second = tenantJob({ createdAt: NOW_MS - 1 });
      for (const job of [first, other, second]) await store().insert(job);

      const ofA = await store().listEvents({ tenantId: TENANT_A, ...ALL });
      expect(ofA.map((event) => event.jobId)).toEqual([first.id, second.id]);
      expect(ofA[0]!.id).toBeLessThan(ofA[1]!.id);
      expect(await store().listEvents({ tenantId: TENANT_B, jobId: first.id, ...ALL })).toEqual([]);
      expect(await store().listEvents({ tenantId: TENANT_A, afterId: ofA[0]!.id, limit: 100 })).toEqual([ofA[1]]);
      expect(await store().listEvents({ tenantId: TENANT_A, afterId: 0, limit: 1 })).toEqual([ofA[0]]);

      expect(await store().lastEventId(TENANT_A)).toBe(ofA[1]!.id);
      expect(await store().lastEventId(TENANT_A, first.id)).toBe(ofA[0]!.id);
      expect(await store().lastEventId(TENANT_B, first.id)).toBe(0);
      expect(await store().lastEventId("tenant_none")).toBe(0);
    });

    it("tells listeners after writes that recorded events", async () => {
      let calls = 0;
      const stop = store().onEvents(() => {
        calls += 1;
      });
      const { job, leaseToken } = await insertAndClaim(store(), tenantJob());
      expect(calls).toBe(1);
      await store().update(job.id, leaseToken, { attempts: 2 }, { nowMs: NOW_MS, release: false });
      expect(calls).toBe(1);
      await store().update(job.id, leaseToken, { progress: 0.1 }, { nowMs: NOW_MS, release: false });
      expect(calls).toBe(2);
      stop();
      await store().update(job.id, leaseToken, { progress: 0.2 }, { nowMs: NOW_MS, release: false });
      expect(calls).toBe(2);
    });

    it("purges the events of purged jobs only", async () => {
      const old = tenantJob({ status: "succeeded", finishedAt: NOW_MS - LEASE_MS });
      const fresh = tenantJob({ createdAt: NOW_MS - 1 });
      await store().insert(old);
      await store().insert(fresh);
      expect(await store().purgeFinished(NOW_MS)).toBe(1);
      expect((await eventsOf(TENANT_A)).map((event) => event.jobId)).toEqual([fresh.id]);
    });
  });
}
