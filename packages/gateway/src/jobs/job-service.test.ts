import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { systemClock } from "../core/clock.ts";
import { ReelayError } from "../core/errors.ts";
import type { StoredVideo } from "../core/types.ts";
import { createJobService, type JobService, type JobServiceOptions } from "./job-service.ts";
import type { JobStore } from "./job-store.ts";
import { openSqliteJobStore } from "./sqlite-job-store.ts";
import { TENANT_A, insertAndClaim, tenantJob, useJobStore } from "./test-support/job-store-harness.ts";

const STOP_WAIT_MS = 300;

const VIDEO: StoredVideo = {
  key: "videos/job_x.mp4",
  thumbnailKey: "thumbnails/job_x.webp",
  thumbnailMediaType: "image/webp",
  mediaType: "video/mp4",
  sizeBytes: 1000,
  durationSeconds: 4,
  width: 1280,
  height: 720,
  codec: "avc1.640028",
  sha256: "ab".repeat(32),
};

const notUsedByDelete = () => {
  throw new Error("delete does not create jobs");
};

/** The service's options over `store`, with everything `delete` does not use refusing to run. */
function optionsOf(store: JobStore): JobServiceOptions {
  return {
    store,
    clock: systemClock,
    resolveRequest: notUsedByDelete,
    checkRequest: notUsedByDelete,
    images: { resolve: notUsedByDelete, prepare: notUsedByDelete },
    checkWebhookUrl: notUsedByDelete,
    unavailableReason: () => null,
    defaultDeadlineSeconds: 3600,
    sandbox: false,
    onJobQueued: () => undefined,
    deleteVideoFiles: async () => undefined,
    stopWaitMs: STOP_WAIT_MS,
  };
}

/** The service over `store`; `deleted` collects the videos whose files it deleted. */
function serviceOver(store: JobStore, deleted: StoredVideo[]): JobService {
  return createJobService({
    ...optionsOf(store),
    deleteVideoFiles: async (video) => {
      deleted.push(video);
    },
  });
}

describe("JobService.delete", () => {
  const store = useJobStore(async () => {
    const directory = await mkdtemp(join(tmpdir(), "reelay-job-service-"));
    const opened = openSqliteJobStore(join(directory, "reelay.db"));
    return {
      store: opened,
      cleanup: async () => {
        await opened.close();
        await rm(directory, { recursive: true, force: true });
      },
    };
  });

  it("deletes a finished job with its events and its video files, the files first", async () => {
    const job = tenantJob({ status: "succeeded", video: VIDEO, finishedAt: Date.now() });
    await store().insert(job);
    const stillThere: boolean[] = [];
    const service = createJobService({
      ...optionsOf(store()),
      deleteVideoFiles: async () => {
        stillThere.push((await store().get(TENANT_A, job.id)) !== null);
      },
    });
    expect(await service.delete(TENANT_A, job.id)).toStrictEqual(job);
    expect(stillThere).toEqual([true]);
    expect(await store().get(TENANT_A, job.id)).toBeNull();
    expect(await store().lastEventId(TENANT_A, job.id)).toBe(0);
  });

  it("cancels a queued job nothing works on yet and deletes it at once", async () => {
    const job = tenantJob();
    await store().insert(job);
    const deleted: StoredVideo[] = [];
    const gone = await serviceOver(store(), deleted).delete(TENANT_A, job.id);
    expect(gone).toMatchObject({ id: job.id, status: "cancelled" });
    expect(deleted).toEqual([]);
    expect(await store().get(TENANT_A, job.id)).toBeNull();
  });

  it("waits for the worker to stop a running job, then deletes it", async () => {
    const { job, leaseToken } = await insertAndClaim(
      store(),
      tenantJob({ status: "running", providerTask: { id: "t" } }),
      {
        nowMs: Date.now(),
      },
    );
    const deleting = serviceOver(store(), []).delete(TENANT_A, job.id);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The job is still there while its worker has not stopped it.
    expect(await store().get(TENANT_A, job.id)).toMatchObject({ status: "running" });
    await store().update(
      job.id,
      leaseToken,
      { status: "cancelled", failure: { code: "cancelled", message: "Cancelled." }, finishedAt: Date.now() },
      { nowMs: Date.now(), release: true },
    );
    expect(await deleting).toMatchObject({ id: job.id, status: "cancelled" });
    expect(await store().get(TENANT_A, job.id)).toBeNull();
  });

  it("answers job_not_finished when the job has not stopped in time, and keeps the cancel", async () => {
    const job = tenantJob({ status: "running", providerTask: { id: "t" } });
    await store().insert(job);
    const startedAt = Date.now();
    const refusal = await serviceOver(store(), [])
      .delete(TENANT_A, job.id)
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ReelayError);
    expect((refusal as ReelayError).code).toBe("job_not_finished");
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(STOP_WAIT_MS - 10);
    expect((await store().get(TENANT_A, job.id))?.cancelRequestedAt).not.toBeNull();
  });

  it("answers job_not_found for a job the tenant does not have", async () => {
    await expect(serviceOver(store(), []).delete(TENANT_A, "job_unknown")).rejects.toMatchObject({
      code: "job_not_found",
    });
  });
});
