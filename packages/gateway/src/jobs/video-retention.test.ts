import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { JobView } from "@reelay/client";
import { runJobToEnd } from "../test-support/read-events.ts";
import { startTestGateway, type TestGateway } from "../test-support/start-test-gateway.ts";
import { createLogger } from "../logger.ts";
import { createFileMediaStore } from "../media/file-media-store.ts";
import { createVideoRetention } from "./video-retention.ts";

describe("video retention", () => {
  let gateway: TestGateway;

  beforeEach(async () => {
    // Retention is on but far away, so only the test's own pass with a short retention purges.
    gateway = await startTestGateway({ REELAY_RETENTION_DAYS: "30" });
  });
  afterEach(async () => {
    await gateway?.dispose();
  });

  it("deletes videos past their retention, keeps the job, and says so on its view and downloads", async () => {
    const request = { model: "local/preview", prompt: "a lantern", durationSeconds: 1, resolution: "360p" };
    const old = (await runJobToEnd(gateway.url, request)).at(-1) as JobView;
    const media = createFileMediaStore(path.join(gateway.dataDir, "media"));
    const deleted: string[] = [];
    let now = Date.parse(old.finishedAt ?? "") + 60_000;
    const retention = createVideoRetention({
      store: gateway.store,
      deleteVideoFiles: async (video) => {
        for (const key of [video.key, video.thumbnailKey]) {
          deleted.push(key);
          await media.delete(key);
        }
      },
      clock: { now: () => now },
      logger: createLogger("silent"),
      retentionMs: 120_000,
      intervalMs: 60_000,
    });

    expect(await retention.purgeDue()).toBe(0);
    expect((await fetch(`${gateway.url}/api/v1/jobs/${old.id}/content`)).status).toBe(200);

    const fresh = (await runJobToEnd(gateway.url, { ...request, prompt: "a newer lantern" })).at(-1) as JobView;
    // The cutoff falls between the two jobs' finish times.
    now = Date.parse(fresh.finishedAt ?? "") - 1 + 120_000;
    expect(await retention.purgeDue()).toBe(1);
    expect(deleted).toEqual([`videos/${old.id}.mp4`, `thumbnails/${old.id}.webp`]);
    expect(await media.stat(`videos/${old.id}.mp4`)).toBeNull();

    const view = (await (await fetch(`${gateway.url}/api/v1/jobs/${old.id}`)).json()) as JobView;
    expect(view).toMatchObject({ status: "succeeded", video: null, videoPurgedAt: new Date(now).toISOString() });
    for (const variant of ["content", "thumbnail"]) {
      const response = await fetch(`${gateway.url}/api/v1/jobs/${old.id}/${variant}`);
      expect(response.status).toBe(410);
      expect(((await response.json()) as { error: { code: string; message: string } }).error).toMatchObject({
        code: "video_purged",
        message: expect.stringMatching(/deleted on .*retention period ended/),
      });
    }
    // The newer job (finished after the cutoff) keeps its video; a second pass purges nothing.
    expect((await fetch(`${gateway.url}/api/v1/jobs/${fresh.id}/content`)).status).toBe(200);
    expect(await retention.purgeDue()).toBe(0);
    await retention.stop();
  });
});
