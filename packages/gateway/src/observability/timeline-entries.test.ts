import { describe, expect, it } from "vitest";
import type { ProviderCallReport } from "../jobs/job-telemetry.ts";
import { makeJobRecord, TEST_EPOCH_MS } from "../jobs/test-support/make-job-record.ts";
import {
  callView,
  crossedMilestones,
  entriesOfCancelRequest,
  entriesOfChange,
  entryOfFailedCall,
  withoutQueries,
} from "./timeline-entries.ts";

const poll = (overrides: Partial<ProviderCallReport> = {}): ProviderCallReport => ({
  provider: "google",
  operation: "poll",
  startedAt: TEST_EPOCH_MS,
  durationMs: 30,
  requests: [{ method: "GET", path: "/v1beta/operations/op-1", status: 200, durationMs: 29 }],
  error: null,
  ...overrides,
});

describe("timeline entries", () => {
  it("takes queries and fragments off every URL in a message, keys and signatures with them", () => {
    expect(
      withoutQueries(
        "GET https://generativelanguage.googleapis.com/v1beta/files/abc:download?alt=media&key=AIzaSECRET failed; see http://cdn.example/v.mp4#t=1",
      ),
    ).toBe(
      "GET https://generativelanguage.googleapis.com/v1beta/files/abc:download failed; see http://cdn.example/v.mp4",
    );
    const [failed] = entryOfFailedCall(
      poll({ error: { kind: "network", message: "fetch https://x.example/v.mp4?X-Amz-Signature=abc failed" } }),
    );
    expect(failed?.details).toEqual({ kind: "network", message: "fetch https://x.example/v.mp4 failed" });
    expect(failed?.at).toBe(TEST_EPOCH_MS + 30);
    expect(entryOfFailedCall(poll())).toEqual([]);
  });

  it("passes every milestone a jump crosses, once", () => {
    expect(crossedMilestones(null, 0)).toEqual([]);
    expect(crossedMilestones(null, 0.3)).toEqual(["first", "25%"]);
    expect(crossedMilestones(0.3, 0.49)).toEqual([]);
    expect(crossedMilestones(0.49, 1)).toEqual(["50%", "75%", "100%"]);
  });

  it("keeps the last requests of a call that made many", () => {
    const requests = Array.from({ length: 14 }, (_, index) => ({
      method: "GET",
      path: `/hop/${index}`,
      status: 302,
      durationMs: 1,
    }));
    expect(callView(poll({ requests })).requests.map((request) => request.path)).toEqual(
      requests.slice(4).map((request) => request.path),
    );
  });

  it("puts an ending after the milestones it completes, and a start before its progress", () => {
    const running = makeJobRecord({ status: "running", progress: 0.6, providerTask: { id: "t" } });
    const succeeded = { ...running, status: "succeeded" as const, progress: 1, updatedAt: TEST_EPOCH_MS + 5 };
    expect(entriesOfChange(running, succeeded, poll()).map((entry) => entry.step)).toEqual([
      "progress",
      "progress",
      "status_changed",
    ]);
    const queued = makeJobRecord();
    const started = { ...queued, status: "running" as const, providerTask: { id: "t" }, progress: 0.3 };
    expect(
      entriesOfChange(queued, started, poll({ operation: "create" })).map((entry) =>
        entry.step === "progress" ? entry.details.milestone : entry.step,
      ),
    ).toEqual(["submitted", "status_changed", "first", "25%"]);
  });

  it("records a cancel request, and the end of a job it cancelled at once", () => {
    const atMs = TEST_EPOCH_MS + 10;
    const deferred = makeJobRecord({ status: "running", cancelRequestedAt: atMs });
    expect(entriesOfCancelRequest(deferred, atMs).map((entry) => entry.step)).toEqual(["cancel_requested"]);
    const cancelled = makeJobRecord({
      status: "cancelled",
      cancelRequestedAt: atMs,
      finishedAt: atMs,
      failure: { code: "cancelled", message: "Cancelled at the caller's request." },
    });
    expect(entriesOfCancelRequest(cancelled, atMs)).toEqual([
      { at: atMs, step: "cancel_requested", details: {}, providerCall: null },
      {
        at: atMs,
        step: "status_changed",
        details: { from: "queued", to: "cancelled", failure: cancelled.failure },
        providerCall: null,
      },
    ]);
  });
});
