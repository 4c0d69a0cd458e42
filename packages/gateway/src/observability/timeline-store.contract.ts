import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { JobRecord } from "../core/types.ts";
import type { JobStore } from "../jobs/job-store.ts";
import { NOW_MS, TENANT_A, TENANT_B, tenantJob } from "../jobs/test-support/job-store-harness.ts";
import { MAX_REPEATED_ENTRIES, type StoredTimelineEntry, type TimelineStore } from "./timeline-store.ts";

/** The stores of one process on a test's database: timelines live beside the jobs they are about. */
export interface TimelineStores {
  jobs: JobStore;
  timeline: TimelineStore;
}

/** A fresh, empty database for one test. */
export interface TimelineStoreDatabase {
  /** Stores on a connection (SQLite) or pool (PostgreSQL) of their own, as another process would have. */
  connect(): Promise<TimelineStores>;
  /** Closes every connection made and removes the database. */
  cleanup(): Promise<void>;
}

const pollCall = {
  operation: "poll" as const,
  durationMs: 12,
  requests: [{ method: "GET", path: "/v1/tasks/t-1", status: 200, durationMs: 11 }],
};

const failedCall = (at: number): StoredTimelineEntry => ({
  at,
  step: "call_failed",
  details: { kind: "unavailable", message: "runway answered HTTP 503" },
  providerCall: { ...pollCall, requests: [{ ...pollCall.requests[0]!, status: 503 }] },
});

const statusChange = (at: number, from: JobRecord["status"], to: JobRecord["status"]): StoredTimelineEntry => ({
  at,
  step: "status_changed",
  details: { from, to, failure: null },
  providerCall: pollCall,
});

/** The suite every timeline store passes, on a database it shares with a job store. */
export function describeTimelineStoreContract(name: string, open: () => Promise<TimelineStoreDatabase>): void {
  describe(`TimelineStore contract: ${name}`, () => {
    let database: TimelineStoreDatabase | undefined;
    let stores: TimelineStores;
    beforeEach(async () => {
      database = await open();
      stores = await database.connect();
    });
    afterEach(async () => {
      await database?.cleanup();
    });
    /** A job of tenant A, written. */
    const insertJob = async (overrides: Partial<JobRecord> = {}) => {
      const job = tenantJob(overrides);
      await stores.jobs.insert(job);
      return job;
    };

    it("keeps a job's entries with their details and provider calls, for its tenant only", async () => {
      const job = await insertJob();
      const entries: StoredTimelineEntry[] = [
        {
          at: NOW_MS,
          step: "submitted",
          details: { upstreamId: "t-1", reconciled: false },
          providerCall: {
            operation: "create",
            durationMs: 40,
            requests: [{ method: "POST", path: "/v1/text_to_video", status: 200, durationMs: 39 }],
          },
        },
        statusChange(NOW_MS, "queued", "running"),
        {
          at: NOW_MS + 500,
          step: "progress",
          details: { milestone: "first", progress: 0.1, source: "provider" },
          providerCall: pollCall,
        },
      ];
      await stores.timeline.append(TENANT_A, job.id, entries);
      expect(await stores.timeline.read(TENANT_A, job.id)).toEqual({ entries, polls: 0, lastPollAt: null, omitted: 0 });
      expect(await stores.timeline.read(TENANT_B, job.id)).toEqual({
        entries: [],
        polls: 0,
        lastPollAt: null,
        omitted: 0,
      });
    });

    it("orders entries by time, then in the order they were written", async () => {
      const job = await insertJob();
      await stores.timeline.append(TENANT_A, job.id, [statusChange(NOW_MS + 2, "running", "succeeded")]);
      await stores.timeline.append(TENANT_A, job.id, [
        { at: NOW_MS + 1, step: "downloaded", details: { sizeBytes: 10 }, providerCall: null },
        { at: NOW_MS + 1, step: "thumbnailed", details: { placeholder: false }, providerCall: null },
      ]);
      const { entries } = await stores.timeline.read(TENANT_A, job.id);
      expect(entries.map((entry) => entry.step)).toEqual(["downloaded", "thumbnailed", "status_changed"]);
    });

    it("counts polls with the time of the latest, for the job's tenant", async () => {
      const job = await insertJob();
      await stores.timeline.countPoll(TENANT_A, job.id, NOW_MS + 3_000);
      await stores.timeline.countPoll(TENANT_A, job.id, NOW_MS + 1_000);
      await stores.timeline.countPoll(TENANT_A, job.id, NOW_MS + 2_000);
      expect(await stores.timeline.read(TENANT_A, job.id)).toMatchObject({ polls: 3, lastPollAt: NOW_MS + 3_000 });
      expect(await stores.timeline.read(TENANT_B, job.id)).toMatchObject({ polls: 0, lastPollAt: null });
    });

    it("keeps the first entries of a step that repeats, counts the rest, and keeps every milestone", async () => {
      const job = await insertJob();
      const failures = Array.from({ length: MAX_REPEATED_ENTRIES + 10 }, (_, index) => failedCall(NOW_MS + index));
      await stores.timeline.append(TENANT_A, job.id, failures.slice(0, 30));
      await stores.timeline.append(TENANT_A, job.id, failures.slice(30));
      // Another repeating step has a budget of its own; milestones and the end are always kept.
      await stores.timeline.append(TENANT_A, job.id, [
        statusChange(NOW_MS + 100, "queued", "running"),
        {
          at: NOW_MS + 101,
          step: "progress",
          details: { milestone: "50%", progress: 0.5, source: "estimated" },
          providerCall: pollCall,
        },
        statusChange(NOW_MS + 102, "running", "failed"),
      ]);
      const timeline = await stores.timeline.read(TENANT_A, job.id);
      expect(timeline.omitted).toBe(10);
      expect(timeline.entries.filter((entry) => entry.step === "call_failed")).toEqual(
        failures.slice(0, MAX_REPEATED_ENTRIES),
      );
      expect(timeline.entries.slice(-3).map((entry) => entry.step)).toEqual([
        "status_changed",
        "progress",
        "status_changed",
      ]);
    });

    it("keeps the cap when two processes append to one job at once", async () => {
      const job = await insertJob();
      const other = await database!.connect();
      const batch = (offset: number) => Array.from({ length: 5 }, (_, index) => [failedCall(NOW_MS + offset + index)]);
      await Promise.all([
        ...batch(0).map((entries) => stores.timeline.append(TENANT_A, job.id, entries)),
        ...batch(100).map((entries) => other.timeline.append(TENANT_A, job.id, entries)),
        ...Array.from({ length: MAX_REPEATED_ENTRIES }, (_, index) =>
          (index % 2 === 0 ? stores : other).timeline.append(TENANT_A, job.id, [failedCall(NOW_MS + 200 + index)]),
        ),
      ]);
      const timeline = await stores.timeline.read(TENANT_A, job.id);
      expect(timeline.entries).toHaveLength(MAX_REPEATED_ENTRIES);
      expect(timeline.omitted).toBe(10);
    });

    it("drops writes about a job that does not exist", async () => {
      await stores.timeline.append(TENANT_A, "job_missing", [failedCall(NOW_MS)]);
      await stores.timeline.countPoll(TENANT_A, "job_missing", NOW_MS);
      expect(await stores.timeline.read(TENANT_A, "job_missing")).toEqual({
        entries: [],
        polls: 0,
        lastPollAt: null,
        omitted: 0,
      });
    });

    it("goes with its job, when deleted or purged, and stays gone", async () => {
      const deleted = await insertJob({ status: "succeeded", finishedAt: NOW_MS - 10 });
      const purged = await insertJob({ status: "failed", finishedAt: NOW_MS - 10 });
      const kept = await insertJob({ status: "failed", finishedAt: NOW_MS + 10 });
      for (const job of [deleted, purged, kept]) {
        await stores.timeline.append(TENANT_A, job.id, [statusChange(NOW_MS, "running", job.status)]);
        await stores.timeline.countPoll(TENANT_A, job.id, NOW_MS);
      }
      expect(await stores.jobs.deleteFinished(TENANT_A, deleted.id)).not.toBeNull();
      expect(await stores.jobs.purgeFinished(NOW_MS)).toBe(1);
      const empty = { entries: [], polls: 0, lastPollAt: null, omitted: 0 };
      for (const job of [deleted, purged]) {
        await stores.timeline.append(TENANT_A, job.id, [failedCall(NOW_MS + 1)]);
        await stores.timeline.countPoll(TENANT_A, job.id, NOW_MS + 1);
        expect(await stores.timeline.read(TENANT_A, job.id)).toEqual(empty);
      }
      expect(await stores.timeline.read(TENANT_A, kept.id)).toMatchObject({
        polls: 1,
        entries: [{ step: "status_changed" }],
      });
    });
  });
}
