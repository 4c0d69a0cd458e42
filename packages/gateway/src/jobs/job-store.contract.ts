import { describe, expect, it } from "vitest";
import type { JobRecord } from "../core/types.ts";
import { describeJobStoreCountsContract } from "./job-store-counts.contract.ts";
import { describeJobStoreEventContract } from "./job-store-events.contract.ts";
import { describeJobStoreLeaseContract } from "./job-store-leases.contract.ts";
import { describeJobStoreLifecycleContract } from "./job-store-lifecycle.contract.ts";
import { describeJobStoreSearchContract } from "./job-store-search.contract.ts";
import { InvalidCursorError } from "./job-store.ts";
import type { JobStore } from "./job-store.ts";
import {
  NOW_MS,
  TENANT_A,
  TENANT_B,
  idsOf,
  insertAll,
  tenantJob,
  useJobStore,
} from "./test-support/job-store-harness.ts";
import type { OpenJobStore } from "./test-support/job-store-harness.ts";
import { TEST_EPOCH_MS } from "./test-support/make-job-record.ts";

export type { OpenJobStore } from "./test-support/job-store-harness.ts";

/**
 * The conformance suite every `JobStore` passes (DESIGN.md §4). It talks to the store only through
 * the interface, so the same tests run against SQLite and PostgreSQL. `open` must return a fresh,
 * empty store each time.
 */
export function describeJobStoreContract(name: string, open: OpenJobStore): void {
  describe(`JobStore contract: ${name}`, () => {
    describeJobStoreRecordContract(open);
    describeJobStoreListContract(open);
    describeJobStoreSearchContract(open);
    describeJobStoreLeaseContract(open);
    describeJobStoreLifecycleContract(open);
    describeJobStoreEventContract(open);
    describeJobStoreCountsContract(open);
  });
}

/** Every field set, to prove each one is stored and read back with its type. */
function fullyPopulatedJob(): JobRecord {
  return tenantJob({
    status: "failed",
    model: "google/veo-3.1",
    request: {
      model: "google/veo-3.1",
      prompt: "a fox in the snow",
      negativePrompt: "blur",
      durationSeconds: 8,
      aspectRatio: "9:16",
      resolution: "1080p",
      seed: 42,
      audio: true,
      providerOptions: { personGeneration: "allow_adult", nested: { list: [1, "two", null, true] } },
      metadata: { customer: "c-17", ünïcødé: "✓" },
    },
    providerTask: { operation: "operations/abc", attempt: 2, flags: [true, false], inner: { value: null } },
    progress: 0.375,
    progressSource: "provider",
    outputs: [
      {
        kind: "video",
        source: { type: "url", url: "https://cdn.example/v.mp4", headers: { "x-token": "t" } },
        mediaType: "video/mp4",
      },
      { kind: "thumbnail", source: { type: "file", path: "/var/reelay/thumb.webp" } },
    ],
    video: {
      key: "videos/job_x.mp4",
      thumbnailKey: "thumbnails/job_x.webp",
      thumbnailMediaType: "image/webp",
      mediaType: "video/mp4",
      sizeBytes: 7_340_032,
      durationSeconds: 8.008,
      width: 1080,
      height: 1920,
      codec: null,
      sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    },
    warnings: [{ code: "upstream_not_cancelled", message: "The provider cannot cancel." }],
    failure: { code: "provider_error", message: "Upstream said no." },
    idempotencyKey: "order-17",
    requestHash: "sha256:abc",
    attempts: 3,
    createdAt: TEST_EPOCH_MS + 1,
    updatedAt: TEST_EPOCH_MS + 2,
    startedAt: TEST_EPOCH_MS + 3,
    finishedAt: TEST_EPOCH_MS + 4,
    nextRunAt: TEST_EPOCH_MS + 5,
    // Far-future times must survive as exact integers (ms need more than 32 bits).
    deadlineAt: 8_640_000_000_000,
    cancelRequestedAt: TEST_EPOCH_MS + 6,
    submittingSince: TEST_EPOCH_MS + 7,
    leaseOwner: "worker-9",
    leaseToken: "token-9",
    leaseExpiresAt: TEST_EPOCH_MS + 8,
    category: "nature",
    style: "cinematic",
    preset: "quick-preview",
  });
}

function describeJobStoreRecordContract(open: OpenJobStore): void {
  describe("insert and get", () => {
    const store = useJobStore(open);

    it("round-trips a new job whose optional fields are null", async () => {
      const job = tenantJob();
      expect(await store().insert(job)).toStrictEqual({ inserted: true, job });
      expect(await store().get(TENANT_A, job.id)).toStrictEqual(job);
    });

    it("round-trips every field, JSON values and millisecond numbers included", async () => {
      const job = fullyPopulatedJob();
      expect(await store().insert(job)).toStrictEqual({ inserted: true, job });
      expect(await store().get(TENANT_A, job.id)).toStrictEqual(job);
    });

    it("returns null for an unknown id", async () => {
      expect(await store().get(TENANT_A, "job_0000000000unknownunknown00")).toBeNull();
    });

    it("rejects a second job with the same id", async () => {
      const job = tenantJob();
      await store().insert(job);
      await expect(store().insert({ ...job, requestHash: "other" })).rejects.toThrow();
      expect(await store().get(TENANT_A, job.id)).toStrictEqual(job);
    });
  });

  describe("tenant isolation", () => {
    const store = useJobStore(open);

    it("hides a tenant's job from every other tenant", async () => {
      const job = tenantJob();
      await store().insert(job);
      expect(await store().get(TENANT_B, job.id)).toBeNull();
      expect(await store().list({ tenantId: TENANT_B, limit: 100 })).toStrictEqual({ jobs: [], nextCursor: null });
      expect(await store().requestCancel(TENANT_B, job.id, NOW_MS)).toBeNull();
      expect(await store().get(TENANT_A, job.id)).toStrictEqual(job);
    });
  });

  describe("idempotency keys", () => {
    const store = useJobStore(open);

    it("returns the existing job for a key the tenant already used, writing nothing", async () => {
      const first = tenantJob({ idempotencyKey: "key-1" });
      const second = tenantJob({ idempotencyKey: "key-1", createdAt: TEST_EPOCH_MS + 5, requestHash: "different" });
      await store().insert(first);
      expect(await store().insert(second)).toStrictEqual({ inserted: false, job: first });
      expect(await store().get(TENANT_A, second.id)).toBeNull();
      expect(idsOf((await store().list({ tenantId: TENANT_A, limit: 100 })).jobs)).toEqual([first.id]);
    });

    it("scopes keys to the tenant", async () => {
      const ofA = tenantJob({ idempotencyKey: "shared" });
      const ofB = tenantJob({ tenantId: TENANT_B, idempotencyKey: "shared" });
      expect((await store().insert(ofA)).inserted).toBe(true);
      expect((await store().insert(ofB)).inserted).toBe(true);
      expect(await store().get(TENANT_B, ofB.id)).toStrictEqual(ofB);
    });

    it("never dedupes jobs without a key", async () => {
      expect((await store().insert(tenantJob())).inserted).toBe(true);
      expect((await store().insert(tenantJob())).inserted).toBe(true);
      expect((await store().list({ tenantId: TENANT_A, limit: 100 })).jobs).toHaveLength(2);
    });

    it("lets exactly one of several concurrent inserts with one key win", async () => {
      const jobs = Array.from({ length: 5 }, (_, index) =>
        tenantJob({ idempotencyKey: "race", createdAt: TEST_EPOCH_MS + index }),
      );
      const results = await Promise.all(jobs.map((job) => store().insert(job)));
      expect(results.filter((result) => result.inserted)).toHaveLength(1);
      const winner = results.find((result) => result.inserted)?.job;
      expect(results.every((result) => result.job.id === winner?.id)).toBe(true);
    });
  });
}

function describeJobStoreListContract(open: OpenJobStore): void {
  describe("list", () => {
    const store = useJobStore(open);

    /** Jobs created one millisecond apart, inserted out of order; returned newest first. */
    async function insertTimeline(count: number, overrides: (index: number) => Partial<JobRecord> = () => ({})) {
      const jobs = Array.from({ length: count }, (_, index) =>
        tenantJob({ createdAt: TEST_EPOCH_MS + index, ...overrides(index) }),
      );
      const shuffled = jobs.filter((_, index) => index % 2 === 1).concat(jobs.filter((_, index) => index % 2 === 0));
      await insertAll(store(), shuffled);
      return jobs.toReversed();
    }

    /** Follows `nextCursor` to the end, returning the pages. */
    async function allPages(query: Omit<Parameters<JobStore["list"]>[0], "cursor">) {
      const pages: JobRecord[][] = [];
      let cursor: string | undefined;
      for (let guard = 0; guard < 50; guard++) {
        const page = await store().list({ ...query, ...(cursor === undefined ? {} : { cursor }) });
        pages.push(page.jobs);
        if (page.nextCursor === null) return pages;
        cursor = page.nextCursor;
      }
      throw new Error("The cursor never ran out.");
    }

    /** Ids of tenant A's first page under `filter`. */
    async function listIds(filter: { status?: JobRecord["status"]; model?: string }) {
      return idsOf((await store().list({ tenantId: TENANT_A, limit: 100, ...filter })).jobs);
    }

    it("orders newest first by id and ends without a cursor", async () => {
      const newestFirst = await insertTimeline(5);
      const page = await store().list({ tenantId: TENANT_A, limit: 100 });
      expect(page.jobs).toStrictEqual(newestFirst);
      expect(page.nextCursor).toBeNull();
    });

    it("filters by status and by model", async () => {
      const newestFirst = await insertTimeline(6, (index) => ({
        status: index % 2 === 0 ? "queued" : "succeeded",
        model: index < 3 ? "local/preview" : "runway/gen4_turbo",
      }));
      const ids = (predicate: (job: JobRecord) => boolean) => idsOf(newestFirst.filter(predicate));
      expect(await listIds({ status: "queued" })).toEqual(ids((job) => job.status === "queued"));
      expect(await listIds({ model: "local/preview" })).toEqual(ids((job) => job.model === "local/preview"));
      expect(await listIds({ status: "succeeded", model: "runway/gen4_turbo" })).toEqual(
        ids((job) => job.status === "succeeded" && job.model === "runway/gen4_turbo"),
      );
      expect(await listIds({ status: "failed" })).toEqual([]);
    });

    it("pages with cursors that cover every job exactly once", async () => {
      const newestFirst = await insertTimeline(7);
      const pages = await allPages({ tenantId: TENANT_A, limit: 3 });
      expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
      expect(idsOf(pages.flat())).toEqual(idsOf(newestFirst));
    });

    it("hands out no cursor to an empty page when the jobs fill the last page exactly", async () => {
      await insertTimeline(6);
      const pages = await allPages({ tenantId: TENANT_A, limit: 3 });
      expect(pages.map((page) => page.length)).toEqual([3, 3]);
    });

    it("keeps filters across pages", async () => {
      const newestFirst = await insertTimeline(9, (index) => ({ status: index % 3 === 0 ? "running" : "queued" }));
      const pages = await allPages({ tenantId: TENANT_A, status: "queued", limit: 2 });
      expect(idsOf(pages.flat())).toEqual(idsOf(newestFirst.filter((job) => job.status === "queued")));
    });

    it("is not disturbed by jobs created while paging", async () => {
      const newestFirst = await insertTimeline(4);
      const first = await store().list({ tenantId: TENANT_A, limit: 2 });
      await store().insert(tenantJob({ createdAt: TEST_EPOCH_MS + 1_000 }));
      const second = await store().list({ tenantId: TENANT_A, limit: 2, cursor: first.nextCursor ?? "" });
      expect(idsOf([...first.jobs, ...second.jobs])).toEqual(idsOf(newestFirst));
      expect(second.nextCursor).toBeNull();
    });

    it("lists oldest first with order asc, and after a given id in either order", async () => {
      const newestFirst = await insertTimeline(5);
      const oldestFirst = newestFirst.toReversed();
      const middle = newestFirst[2]?.id ?? "";
      const ids = async (query: { order?: "asc" | "desc"; afterId?: string }) =>
        idsOf((await store().list({ tenantId: TENANT_A, limit: 100, ...query })).jobs);
      expect(await ids({ order: "asc" })).toEqual(idsOf(oldestFirst));
      expect(await ids({ afterId: middle })).toEqual(idsOf(newestFirst.slice(3)));
      expect(await ids({ order: "desc", afterId: middle })).toEqual(idsOf(newestFirst.slice(3)));
      expect(await ids({ order: "asc", afterId: middle })).toEqual(idsOf(oldestFirst.slice(3)));
    });

    it("pages oldest first with cursors that cover every job exactly once", async () => {
      const newestFirst = await insertTimeline(5);
      const pages = await allPages({ tenantId: TENANT_A, limit: 2, order: "asc" });
      expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
      expect(idsOf(pages.flat())).toEqual(idsOf(newestFirst.toReversed()));
    });

    it("rejects a cursor it did not make", async () => {
      await insertTimeline(3);
      const valid = (await store().list({ tenantId: TENANT_A, limit: 1 })).nextCursor ?? "";
      const forged = Buffer.from("hello world").toString("base64url");
      for (const cursor of ["not a cursor!", "", forged, "%%%", `${valid}!`, `${valid}==`]) {
        await expect(store().list({ tenantId: TENANT_A, limit: 2, cursor })).rejects.toThrow(InvalidCursorError);
      }
    });

    it("rejects a page size outside 1–100", async () => {
      for (const limit of [0, 101, 1.5]) {
        await expect(store().list({ tenantId: TENANT_A, limit })).rejects.toThrow(RangeError);
      }
    });
  });
}
