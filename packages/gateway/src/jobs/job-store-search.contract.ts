import { describe, expect, it } from "vitest";
import type { JobRecord } from "../core/types.ts";
import type { ListJobsQuery } from "./job-store.ts";
import {
  TENANT_A,
  idsOf,
  insertAll,
  tenantJob,
  useJobStore,
  type OpenJobStore,
} from "./test-support/job-store-harness.ts";
import { TEST_EPOCH_MS } from "./test-support/make-job-record.ts";

/** A job of tenant A created `index` ms after the epoch, with this prompt and category. */
function jobWith(index: number, prompt: string, category: string | null = null): JobRecord {
  const job = tenantJob({ createdAt: TEST_EPOCH_MS + index, category });
  return { ...job, request: { ...job.request, prompt } };
}

/** The contract's part on what a job was made with (category, style, preset) and finding jobs by it. */
export function describeJobStoreSearchContract(open: OpenJobStore): void {
  describe("categories and prompt search", () => {
    const store = useJobStore(open);

    /** Ids of every job matching `filter`, following cursors with pages of `limit`. */
    async function matchingIds(filter: Partial<ListJobsQuery>, limit = 100): Promise<string[]> {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store().list({ tenantId: TENANT_A, limit, ...filter, ...(cursor ? { cursor } : {}) });
        ids.push(...idsOf(page.jobs));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      return ids;
    }

    it("keeps a job's category, style and preset", async () => {
      const job = tenantJob({ category: "nature", style: "noir", preset: "quick-preview" });
      await store().insert(job);
      expect(await store().get(TENANT_A, job.id)).toStrictEqual(job);
    });

    it("filters by category, newest first, across pages and with the other filters", async () => {
      const jobs = await insertAll(store(), [
        jobWith(0, "a", "nature"),
        jobWith(1, "b", "travel"),
        jobWith(2, "c", "nature"),
        jobWith(3, "d"),
        { ...jobWith(4, "e", "nature"), status: "succeeded" },
        jobWith(5, "f", "nature"),
      ]);
      const ids = (indexes: number[]) => indexes.map((index) => jobs[index]?.id);
      expect(await matchingIds({ category: "nature" }, 2)).toEqual(ids([5, 4, 2, 0]));
      expect(await matchingIds({ category: "nature", status: "queued" }, 1)).toEqual(ids([5, 2, 0]));
      expect(await matchingIds({ category: "nature", order: "asc" })).toEqual(ids([0, 2, 4, 5]));
      expect(await matchingIds({ category: "people" })).toEqual([]);
    });

    it("finds prompts containing the text, ignoring case beyond ASCII too", async () => {
      const jobs = await insertAll(store(), [
        jobWith(0, "A Red Fox in snow"),
        jobWith(1, "a lighthouse at dusk"),
        jobWith(2, "ÎNCEPUTUL unei povești cu o vulpe roșie"),
        jobWith(3, "the red fox sleeps", "nature"),
        jobWith(4, "fox"),
      ]);
      const ids = (indexes: number[]) => indexes.map((index) => jobs[index]?.id);
      expect(await matchingIds({ promptContains: "red FOX" })).toEqual(ids([3, 0]));
      expect(await matchingIds({ promptContains: "fox" }, 1)).toEqual(ids([4, 3, 0]));
      expect(await matchingIds({ promptContains: "început" })).toEqual(ids([2]));
      expect(await matchingIds({ promptContains: "ROȘIE" })).toEqual(ids([2]));
      expect(await matchingIds({ promptContains: "fox", category: "nature" })).toEqual(ids([3]));
      expect(await matchingIds({ promptContains: "wolf" })).toEqual([]);
    });

    it("takes %, _ and backslash in the text literally", async () => {
      const jobs = await insertAll(store(), [
        jobWith(0, "100% organic"),
        jobWith(1, "1000 organic"),
        jobWith(2, "snake_case river"),
        jobWith(3, "snakeXcase river"),
        jobWith(4, "C:\\videos\\fox"),
        jobWith(5, "C:videosfox"),
      ]);
      const ids = (indexes: number[]) => indexes.map((index) => jobs[index]?.id);
      expect(await matchingIds({ promptContains: "0%" })).toEqual(ids([0]));
      expect(await matchingIds({ promptContains: "%" })).toEqual(ids([0]));
      expect(await matchingIds({ promptContains: "e_c" })).toEqual(ids([2]));
      expect(await matchingIds({ promptContains: "\\videos\\" })).toEqual(ids([4]));
    });
  });
}
