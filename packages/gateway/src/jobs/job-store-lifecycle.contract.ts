import { describe, expect, it } from "vitest";
import type { JobRecord } from "../core/types.ts";
import {
  LEASE_MS,
  NOW_MS,
  TENANT_A,
  TENANT_B,
  idsOf,
  insertAll,
  insertAndClaim,
  tenantJob,
  useJobStore,
} from "./test-support/job-store-harness.ts";
import type { OpenJobStore } from "./test-support/job-store-harness.ts";

/** What a deferred cancel leaves: the request recorded and the job due at once for a worker. */
function deferred(job: JobRecord, nowMs: number): JobRecord {
  return { ...job, cancelRequestedAt: nowMs, nextRunAt: nowMs, updatedAt: nowMs };
}

/** Cancels, the worker's wake-up time and purging of old jobs. */
export function describeJobStoreLifecycleContract(open: OpenJobStore): void {
  describe("requestCancel", () => {
    const store = useJobStore(open);

    it("cancels a queued job at once when it has no task and no lease", async () => {
      const job = tenantJob({ nextRunAt: NOW_MS + 60_000 });
      await store().insert(job);
      const cancelled = await store().requestCancel(TENANT_A, job.id, NOW_MS);
      expect(cancelled).toMatchObject({
        status: "cancelled",
        failure: { code: "cancelled" },
        finishedAt: NOW_MS,
        cancelRequestedAt: NOW_MS,
        updatedAt: NOW_MS,
      });
      expect(await store().get(TENANT_A, job.id)).toStrictEqual(cancelled);
      expect(await store().claimDue("worker-1", NOW_MS + 120_000, LEASE_MS, 10)).toEqual([]);
    });

    it("leaves a queued job that has a provider task to a worker, due now", async () => {
      const job = tenantJob({ providerTask: { id: "t" }, nextRunAt: NOW_MS + 60_000 });
      await store().insert(job);
      expect(await store().requestCancel(TENANT_A, job.id, NOW_MS)).toStrictEqual(deferred(job, NOW_MS));
      expect(idsOf((await store().claimDue("worker-1", NOW_MS, LEASE_MS, 10)).map((entry) => entry.job))).toEqual([
        job.id,
      ]);
    });

    it("leaves a leased job to its worker, whose lease stays valid", async () => {
      for (const status of ["queued", "running"] as const) {
        const { job, leaseToken } = await insertAndClaim(store(), tenantJob({ status }));
        expect(await store().requestCancel(TENANT_A, job.id, NOW_MS + 1)).toStrictEqual(deferred(job, NOW_MS + 1));
        const updated = await store().update(
          job.id,
          leaseToken,
          { attempts: 1 },
          { nowMs: NOW_MS + 2, release: false },
        );
        expect(updated?.cancelRequestedAt).toBe(NOW_MS + 1);
      }
    });

    it("leaves a job whose lease expired unreleased to a worker (its holder may still be mid-call)", async () => {
      const { job } = await insertAndClaim(store(), tenantJob(), { leaseMs: 1_000 });
      const later = NOW_MS + 10_000;
      expect(await store().requestCancel(TENANT_A, job.id, later)).toStrictEqual(deferred(job, later));
    });

    it("leaves a job whose create may have been sent to a worker", async () => {
      const job = tenantJob({ submittingSince: NOW_MS - 5_000 });
      await store().insert(job);
      expect(await store().requestCancel(TENANT_A, job.id, NOW_MS)).toStrictEqual(deferred(job, NOW_MS));
    });

    it("keeps the first request time when asked again", async () => {
      const job = tenantJob({ status: "running", providerTask: { id: "t" } });
      await store().insert(job);
      await store().requestCancel(TENANT_A, job.id, NOW_MS);
      const again = await store().requestCancel(TENANT_A, job.id, NOW_MS + 500);
      expect(again).toStrictEqual({ ...deferred(job, NOW_MS + 500), cancelRequestedAt: NOW_MS });
    });

    it("returns a terminal job unchanged, and null for an unknown one", async () => {
      for (const status of ["succeeded", "failed", "cancelled"] as const) {
        const job = tenantJob({ status, finishedAt: NOW_MS - 1 });
        await store().insert(job);
        expect(await store().requestCancel(TENANT_A, job.id, NOW_MS)).toStrictEqual(job);
        expect(await store().get(TENANT_A, job.id)).toStrictEqual(job);
      }
      expect(await store().requestCancel(TENANT_A, "job_0000000000unknownunknown00", NOW_MS)).toBeNull();
    });
  });

  describe("deleteFinished", () => {
    const store = useJobStore(open);

    it("deletes a tenant's terminal job and its events, returning the job as it was", async () => {
      for (const status of ["succeeded", "failed", "cancelled"] as const) {
        const job = tenantJob({ status, finishedAt: NOW_MS });
        await store().insert(job);
        expect(await store().lastEventId(TENANT_A, job.id)).toBeGreaterThan(0);
        expect(await store().deleteFinished(TENANT_A, job.id)).toStrictEqual(job);
        expect(await store().get(TENANT_A, job.id)).toBeNull();
        expect(await store().lastEventId(TENANT_A, job.id)).toBe(0);
      }
    });

    it("deletes no active job, no job of another tenant and nothing for an unknown id", async () => {
      const kept = await insertAll(store(), [
        tenantJob({ status: "queued" }),
        tenantJob({ status: "running", providerTask: { id: "t" } }),
      ]);
      const foreign = tenantJob({ tenantId: TENANT_B, status: "succeeded", finishedAt: NOW_MS });
      await store().insert(foreign);
      for (const job of kept) expect(await store().deleteFinished(TENANT_A, job.id)).toBeNull();
      expect(await store().deleteFinished(TENANT_A, foreign.id)).toBeNull();
      expect(await store().deleteFinished(TENANT_A, "job_unknown")).toBeNull();
      for (const job of kept) expect(await store().get(TENANT_A, job.id)).toStrictEqual(job);
      expect(await store().get(TENANT_B, foreign.id)).toStrictEqual(foreign);
    });
  });

  describe("nextDueAt and purgeFinished", () => {
    const store = useJobStore(open);

    it("nextDueAt is the earliest nextRunAt of a non-terminal job, or null", async () => {
      expect(await store().nextDueAt()).toBeNull();
      await store().insert(tenantJob({ status: "succeeded", nextRunAt: NOW_MS - 9_000, finishedAt: NOW_MS }));
      expect(await store().nextDueAt()).toBeNull();
      await insertAll(store(), [
        tenantJob({ nextRunAt: NOW_MS + 5_000 }),
        tenantJob({ status: "running", nextRunAt: NOW_MS + 2_000 }),
        tenantJob({ nextRunAt: NOW_MS + 7_000 }),
      ]);
      expect(await store().nextDueAt()).toBe(NOW_MS + 2_000);
    });

    it("nextDueAt waits for the lease of a claimed job to expire", async () => {
      const { job } = await insertAndClaim(store(), tenantJob({ nextRunAt: NOW_MS }));
      expect(job.leaseExpiresAt).toBe(NOW_MS + LEASE_MS);
      expect(await store().nextDueAt()).toBe(NOW_MS + LEASE_MS);
    });

    it("a worker's later update cannot push a requested cancel past its request time", async () => {
      const { job, leaseToken } = await insertAndClaim(store(), tenantJob({ nextRunAt: NOW_MS }));
      await store().requestCancel(TENANT_A, job.id, NOW_MS + 5);
      const updated = await store().update(
        job.id,
        leaseToken,
        { nextRunAt: NOW_MS + 60_000 },
        { nowMs: NOW_MS + 6, release: true },
      );
      expect(updated?.nextRunAt).toBe(NOW_MS + 5);
      const unaffected = tenantJob({ nextRunAt: NOW_MS });
      const claimed = await insertAndClaim(store(), unaffected);
      const later = await store().update(
        unaffected.id,
        claimed.leaseToken,
        { nextRunAt: NOW_MS + 60_000 },
        { nowMs: NOW_MS + 6, release: true },
      );
      expect(later?.nextRunAt).toBe(NOW_MS + 60_000);
    });

    it("purgeFinished deletes terminal jobs finished before the cutoff, and nothing else", async () => {
      const old = (["succeeded", "failed", "cancelled"] as const).map((status) =>
        tenantJob({ status, finishedAt: NOW_MS - 1 }),
      );
      const atCutoff = tenantJob({ status: "succeeded", finishedAt: NOW_MS });
      const active = [tenantJob({ createdAt: 0 }), tenantJob({ status: "running", createdAt: 0 })];
      await insertAll(store(), [...old, atCutoff, ...active]);
      expect(await store().purgeFinished(NOW_MS)).toBe(3);
      for (const job of old) expect(await store().get(TENANT_A, job.id)).toBeNull();
      for (const job of [atCutoff, ...active]) expect(await store().get(TENANT_A, job.id)).toStrictEqual(job);
      expect(await store().purgeFinished(NOW_MS)).toBe(0);
    });
  });

  describe("video retention", () => {
    const store = useJobStore(open);
    const video = {
      key: "videos/x.mp4",
      thumbnailKey: "thumbnails/x.webp",
      thumbnailMediaType: "image/webp",
      mediaType: "video/mp4",
      sizeBytes: 10,
      durationSeconds: 1,
      width: 2,
      height: 2,
      codec: null,
      sha256: "0".repeat(64),
    };

    it("lists succeeded videos finished before the cutoff, oldest first, and marks them purged once", async () => {
      const older = tenantJob({ status: "succeeded", video, finishedAt: NOW_MS - 20 });
      const old = tenantJob({ status: "succeeded", video, finishedAt: NOW_MS - 10, createdAt: NOW_MS - 100 });
      const fresh = tenantJob({ status: "succeeded", video, finishedAt: NOW_MS, createdAt: NOW_MS - 99 });
      const failed = tenantJob({ status: "failed", finishedAt: NOW_MS - 30, createdAt: NOW_MS - 98 });
      const noVideo = tenantJob({ status: "succeeded", finishedAt: NOW_MS - 30, createdAt: NOW_MS - 97 });
      await insertAll(store(), [old, older, fresh, failed, noVideo]);

      expect(idsOf(await store().listVideosToPurge(NOW_MS, 10))).toEqual([older.id, old.id]);
      expect(idsOf(await store().listVideosToPurge(NOW_MS, 1))).toEqual([older.id]);
      const marked = await store().markVideoPurged(older.id, NOW_MS + 5);
      expect(marked).toStrictEqual({ ...older, videoPurgedAt: NOW_MS + 5, updatedAt: NOW_MS + 5 });
      expect(await store().get(TENANT_A, older.id)).toStrictEqual(marked);
      expect(await store().markVideoPurged(older.id, NOW_MS + 6)).toBeNull();
      expect(await store().markVideoPurged(failed.id, NOW_MS + 6)).toBeNull();
      expect(idsOf(await store().listVideosToPurge(NOW_MS, 10))).toEqual([old.id]);
    });
  });
}
