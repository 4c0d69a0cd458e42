import { describe, expect, it } from "vitest";
import { jobEventTypeOf } from "./job-events.ts";
import { makeJobRecord } from "./test-support/make-job-record.ts";

describe("jobEventTypeOf", () => {
  const queued = makeJobRecord({ status: "queued" });

  it("names a new job by its status", () => {
    expect(jobEventTypeOf(null, queued)).toBe("status");
    expect(jobEventTypeOf(null, { ...queued, status: "cancelled" })).toBe("done");
  });

  it("prefers the most significant change", () => {
    const running = { ...queued, status: "running" as const, progress: 0.2, warnings: [{ code: "w", message: "m" }] };
    expect(jobEventTypeOf(queued, running)).toBe("status");
    expect(jobEventTypeOf(running, { ...running, status: "succeeded", progress: 1 })).toBe("done");
    expect(jobEventTypeOf(running, { ...running, status: "failed" })).toBe("done");
    expect(jobEventTypeOf(running, { ...running, cancelRequestedAt: 5 })).toBe("status");
    expect(jobEventTypeOf(running, { ...running, warnings: [], progress: 0.5 })).toBe("warnings");
    expect(jobEventTypeOf(running, { ...running, progress: 0.5 })).toBe("progress");
    expect(jobEventTypeOf(running, { ...running, expectedFinishAt: 99 })).toBe("progress");
    expect(jobEventTypeOf(running, { ...running, progressSource: "estimated" })).toBe("progress");
  });

  it("ignores bookkeeping a caller cannot see", () => {
    expect(jobEventTypeOf(queued, { ...queued, attempts: 3, nextRunAt: 1, submittingSince: 2, leaseToken: "t" })).toBe(
      null,
    );
  });
});
