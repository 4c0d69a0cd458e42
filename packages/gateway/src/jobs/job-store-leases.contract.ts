import { describe, expect, it } from "vitest";
import type { JobRecord } from "../core/types.ts";
import {
  LEASE_MS,
  NOW_MS,
  TENANT_A,
  idsOf,
  insertAll,
  insertAndClaim,
  tenantJob,
  useJobStore,
} from "./test-support/job-store-harness.ts";
import type { OpenJobStore } from "./test-support/job-store-harness.ts";

/** `NOW_MS` shifted by `offsetMs`. */
function at(offsetMs: number): number {
  return NOW_MS + offsetMs;
}

/** Lease fields of a job some other worker holds until `expiresAt`. */
function heldBy(expiresAt: number): Partial<JobRecord> {
  return { leaseOwner: "worker-0", leaseToken: "old-token", leaseExpiresAt: expiresAt };
}

/** The worker-facing part of the contract: claims, compare-and-set updates, lease renewal. */
export function describeJobStoreLeaseContract(open: OpenJobStore): void {
  describe("claimDue", () => {
    const store = useJobStore(open);

    it("leases only due, non-terminal jobs whose lease is free or expired, oldest due first", async () => {
      const dueQueued = tenantJob({ nextRunAt: at(-3_000) });
      const dueRunning = tenantJob({ status: "running", providerTask: { id: "t" }, nextRunAt: at(-1_000) });
      const dueNow = tenantJob({ nextRunAt: NOW_MS });
      const expiredLease = tenantJob({ status: "running", nextRunAt: at(-2_000), ...heldBy(at(-1)) });
      const leaseEndingNow = tenantJob({ nextRunAt: at(-500), ...heldBy(NOW_MS) });
      const notDueYet = tenantJob({ nextRunAt: at(1) });
      const heldLease = tenantJob({ nextRunAt: at(-4_000), ...heldBy(at(1)) });
      const terminal = (["succeeded", "failed", "cancelled"] as const).map((status) =>
        tenantJob({ status, nextRunAt: at(-5_000), finishedAt: at(-5_000) }),
      );
      await insertAll(store(), [
        dueNow,
        notDueYet,
        ...terminal,
        dueRunning,
        heldLease,
        expiredLease,
        leaseEndingNow,
        dueQueued,
      ]);

      const claimed = await store().claimDue("worker-1", NOW_MS, LEASE_MS, 100);

      const expected = [dueQueued, expiredLease, dueRunning, leaseEndingNow, dueNow];
      expect(idsOf(claimed.map((entry) => entry.job))).toEqual(idsOf(expected));
      expect(new Set(claimed.map((entry) => entry.leaseToken)).size).toBe(expected.length);
      for (const [index, entry] of claimed.entries()) {
        expect(entry.leaseToken).not.toBe("");
        expect(entry.leaseToken).not.toBe("old-token");
        const leased = {
          ...expected[index],
          leaseOwner: "worker-1",
          leaseToken: entry.leaseToken,
          leaseExpiresAt: NOW_MS + LEASE_MS,
        };
        expect(entry.job).toStrictEqual(leased);
        expect(await store().get(TENANT_A, entry.job.id)).toStrictEqual(leased);
      }
    });

    it("returns nothing when nothing is due", async () => {
      await store().insert(tenantJob({ nextRunAt: NOW_MS + 1 }));
      expect(await store().claimDue("worker-1", NOW_MS, LEASE_MS, 10)).toEqual([]);
    });

    it("claims at most `limit` jobs, the oldest due first", async () => {
      const jobs = [4, 1, 3, 2].map((minutes) => tenantJob({ nextRunAt: NOW_MS - minutes * 60_000 }));
      await insertAll(store(), jobs);
      const byDue = jobs.toSorted((left, right) => left.nextRunAt - right.nextRunAt);
      expect(idsOf((await store().claimDue("worker-1", NOW_MS, LEASE_MS, 2)).map((entry) => entry.job))).toEqual(
        idsOf(byDue.slice(0, 2)),
      );
      expect(idsOf((await store().claimDue("worker-1", NOW_MS, LEASE_MS, 10)).map((entry) => entry.job))).toEqual(
        idsOf(byDue.slice(2)),
      );
    });

    it("never gives one job to two claimers", async () => {
      await insertAll(
        store(),
        Array.from({ length: 6 }, (_, index) => tenantJob({ nextRunAt: NOW_MS - index })),
      );
      const [first, second] = await Promise.all([
        store().claimDue("worker-1", NOW_MS, LEASE_MS, 4),
        store().claimDue("worker-2", NOW_MS, LEASE_MS, 4),
      ]);
      const ids = idsOf([...(first ?? []), ...(second ?? [])].map((entry) => entry.job));
      expect(ids).toHaveLength(6);
      expect(new Set(ids).size).toBe(6);
      expect(await store().claimDue("worker-3", NOW_MS, LEASE_MS, 10)).toEqual([]);
    });

    it("re-leases a job whose lease expired, after which the old token is refused", async () => {
      const job = tenantJob({ nextRunAt: NOW_MS });
      const old = await insertAndClaim(store(), job, { leaseMs: 1_000 });
      expect(await store().claimDue("worker-2", NOW_MS + 999, LEASE_MS, 10)).toEqual([]);
      const [fresh] = await store().claimDue("worker-2", NOW_MS + 1_000, LEASE_MS, 10);
      expect(fresh?.job.id).toBe(job.id);
      expect(fresh?.leaseToken).not.toBe(old.leaseToken);
      const before = await store().get(TENANT_A, job.id);
      expect(
        await store().update(job.id, old.leaseToken, { status: "failed" }, { nowMs: NOW_MS + 2_000, release: true }),
      ).toBeNull();
      expect(await store().extendLease(job.id, old.leaseToken, NOW_MS + 99_000)).toBe(false);
      expect(await store().get(TENANT_A, job.id)).toStrictEqual(before);
      const updated = await store().update(
        job.id,
        fresh?.leaseToken ?? "",
        { attempts: 1 },
        { nowMs: NOW_MS + 2_000, release: false },
      );
      expect(updated?.attempts).toBe(1);
      expect(updated?.leaseOwner).toBe("worker-2");
    });
  });

  describe("update", () => {
    const store = useJobStore(open);

    it("applies a change holding the lease, sets updatedAt and keeps the lease", async () => {
      const { job, leaseToken } = await insertAndClaim(store(), tenantJob({ warnings: [{ code: "w", message: "m" }] }));
      const change = {
        status: "running",
        providerTask: { id: "task-1", region: "eu" },
        progress: 0.25,
        progressSource: "estimated",
        outputs: [{ kind: "video", source: { type: "url", url: "https://example.test/v.mp4" } }],
        warnings: [],
        attempts: 2,
        startedAt: NOW_MS + 1,
        nextRunAt: NOW_MS + 5_000,
        submittingSince: NOW_MS,
      } satisfies Partial<JobRecord>;
      const updated = await store().update(job.id, leaseToken, change, { nowMs: NOW_MS + 10, release: false });
      expect(updated).toStrictEqual({ ...job, ...change, updatedAt: NOW_MS + 10 });
      expect(await store().get(TENANT_A, job.id)).toStrictEqual(updated);

      const cleared = {
        providerTask: null,
        progress: null,
        progressSource: null,
        outputs: null,
        submittingSince: null,
      };
      const again = await store().update(job.id, leaseToken, cleared, { nowMs: NOW_MS + 20, release: false });
      expect(again).toStrictEqual({ ...job, ...change, ...cleared, updatedAt: NOW_MS + 20 });
    });

    it("leaves fields whose change value is undefined alone", async () => {
      const { job, leaseToken } = await insertAndClaim(
        store(),
        tenantJob({ progress: 0.5, progressSource: "provider" }),
      );
      const updated = await store().update(
        job.id,
        leaseToken,
        { progress: undefined, attempts: 1 },
        { nowMs: NOW_MS, release: false },
      );
      expect(updated?.progress).toBe(0.5);
      expect(updated?.attempts).toBe(1);
    });

    it("with release clears the lease, after which the token no longer works", async () => {
      const { job, leaseToken } = await insertAndClaim(store(), tenantJob());
      const released = await store().update(
        job.id,
        leaseToken,
        { nextRunAt: NOW_MS + 1_000 },
        { nowMs: NOW_MS, release: true },
      );
      expect(released).toMatchObject({
        leaseOwner: null,
        leaseToken: null,
        leaseExpiresAt: null,
        nextRunAt: NOW_MS + 1_000,
      });
      expect(await store().update(job.id, leaseToken, { attempts: 5 }, { nowMs: NOW_MS, release: false })).toBeNull();
      expect(await store().extendLease(job.id, leaseToken, NOW_MS + 99_000)).toBe(false);
      expect(
        idsOf((await store().claimDue("worker-2", NOW_MS + 1_000, LEASE_MS, 10)).map((entry) => entry.job)),
      ).toEqual([job.id]);
    });

    it("refuses a wrong token or an unknown job and changes nothing", async () => {
      const { job } = await insertAndClaim(store(), tenantJob());
      const before = await store().get(TENANT_A, job.id);
      expect(
        await store().update(job.id, "not-the-token", { status: "failed" }, { nowMs: NOW_MS, release: true }),
      ).toBeNull();
      expect(
        await store().update("job_0000000000unknownunknown00", "x", { attempts: 1 }, { nowMs: NOW_MS, release: false }),
      ).toBeNull();
      expect(await store().get(TENANT_A, job.id)).toStrictEqual(before);
    });

    it("finishing a job takes it out of claiming and of nextDueAt", async () => {
      const { job, leaseToken } = await insertAndClaim(store(), tenantJob());
      const failure = { code: "no_output", message: "Nothing came back." } as const;
      const finished = { status: "failed", failure, finishedAt: NOW_MS + 1 } as const;
      expect(await store().update(job.id, leaseToken, finished, { nowMs: NOW_MS + 1, release: true })).toMatchObject(
        finished,
      );
      expect(await store().claimDue("worker-1", NOW_MS + 10 * LEASE_MS, LEASE_MS, 10)).toEqual([]);
      expect(await store().nextDueAt()).toBeNull();
    });
  });

  describe("extendLease", () => {
    const store = useJobStore(open);

    it("pushes the expiry of a lease still held, keeping other claimers out until then", async () => {
      const { job, leaseToken } = await insertAndClaim(store(), tenantJob());
      expect(await store().extendLease(job.id, leaseToken, NOW_MS + 2 * LEASE_MS)).toBe(true);
      expect((await store().get(TENANT_A, job.id))?.leaseExpiresAt).toBe(NOW_MS + 2 * LEASE_MS);
      expect(await store().claimDue("worker-2", NOW_MS + LEASE_MS, LEASE_MS, 10)).toEqual([]);
      expect(await store().claimDue("worker-2", NOW_MS + 2 * LEASE_MS, LEASE_MS, 10)).toHaveLength(1);
    });

    it("is false for a wrong token or an unknown job", async () => {
      const { job } = await insertAndClaim(store(), tenantJob());
      expect(await store().extendLease(job.id, "not-the-token", NOW_MS + 2 * LEASE_MS)).toBe(false);
      expect(await store().extendLease("job_0000000000unknownunknown00", "x", NOW_MS)).toBe(false);
      expect((await store().get(TENANT_A, job.id))?.leaseExpiresAt).toBe(NOW_MS + LEASE_MS);
    });
  });

  describe("pollNow", () => {
    const store = useJobStore(open);
    const following = (upstreamId: string, overrides: Partial<JobRecord> = {}) =>
      tenantJob({
        status: "running",
        model: "vidu/viduq1",
        providerTask: { id: upstreamId },
        upstreamId,
        nextRunAt: at(20_000),
        ...overrides,
      });

    it("makes the active jobs following the task due now, only earlier, and says which", async () => {
      const target = following("8873");
      const alreadyDue = following("8873", { nextRunAt: at(-5_000) });
      const otherTask = following("8874");
      const otherProvider = following("8873", { model: "pollo/google/veo3-fast" });
      const rehosting = following("8873", {
        outputs: [{ kind: "video", source: { type: "url", url: "https://cdn.example/v.mp4" } }],
      });
      const finished = following("8873", { status: "succeeded", finishedAt: at(-1) });
      await insertAll(store(), [target, alreadyDue, otherTask, otherProvider, rehosting, finished]);

      const ids = await store().pollNow("vidu", "8873", NOW_MS);

      expect(ids.toSorted()).toEqual(idsOf([target, alreadyDue]).toSorted());
      expect((await store().get(TENANT_A, target.id))?.nextRunAt).toBe(NOW_MS);
      expect((await store().get(TENANT_A, alreadyDue.id))?.nextRunAt).toBe(at(-5_000));
      for (const untouched of [otherTask, otherProvider, rehosting, finished]) {
        expect((await store().get(TENANT_A, untouched.id))?.nextRunAt).toBe(untouched.nextRunAt);
      }
    });

    it("writes no job event and finds nothing for an id no job follows", async () => {
      await insertAll(store(), [following("8873")]);
      const eventsBefore = await store().lastEventId(TENANT_A);
      expect(await store().pollNow("vidu", "8873", NOW_MS)).toHaveLength(1);
      expect(await store().pollNow("vidu", "unknown", NOW_MS)).toEqual([]);
      expect(await store().lastEventId(TENANT_A)).toBe(eventsBefore);
    });
  });
}
