import { describe, expect, it } from "vitest";
import { toTaskStatus } from "./task-status.ts";
import { makeJob, runningJob, succeededJob } from "./test-support/make-job.ts";

describe("toTaskStatus", () => {
  it("resolves server-relative media URLs against the base URL, keeping its path", () => {
    expect(toTaskStatus(succeededJob(), "https://example.com/reelay").videoUrl).toBe(
      "https://example.com/reelay/api/v1/jobs/job_1/content",
    );
    const published = makeJob({
      ...succeededJob(),
      video: { ...succeededJob().video!, url: "https://cdn.test/v.mp4" },
    });
    expect(toTaskStatus(published, "http://reelay.test").videoUrl).toBe("https://cdn.test/v.mp4");
  });

  it("keeps relative URLs for a same-origin client with an empty base URL", () => {
    expect(toTaskStatus(succeededJob(), "").thumbnailUrl).toBe("/api/v1/jobs/job_1/thumbnail");
  });

  it("reports 0 before any figure and the job's figure while running", () => {
    expect(toTaskStatus(makeJob({ status: "queued" }), "")).toMatchObject({
      progress: 0,
      progressSource: null,
      etaSeconds: null,
      isComplete: false,
    });
    expect(toTaskStatus(runningJob(0.42, 9), "")).toMatchObject({
      progress: 0.42,
      etaSeconds: 9,
      progressSource: "provider",
    });
  });
});
