import { describe, expect, it } from "vitest";
import { Reelay } from "./client.ts";
import { ReelayApiError, WaitTimeoutError } from "./errors.ts";
import {
  createFakeFetch,
  errorResponse,
  type FakeHandler,
  jsonResponse,
  scripted,
  sseEvent,
  sseResponse,
} from "./test-support/fake-fetch.ts";
import { makeJob, runningJob, succeededJob } from "./test-support/make-job.ts";

function clientWith(handler: FakeHandler) {
  const fake = createFakeFetch(handler);
  return { client: new Reelay({ baseUrl: "http://reelay.test", fetch: fake.fetch }), calls: fake.calls };
}

const pathsOf = (calls: Array<{ method: string; url: URL }>) =>
  calls.map((call) => `${call.method} ${call.url.pathname}`);

describe("jobs.wait over events", () => {
  it("resolves with the terminal job and reports progress that never goes down", async () => {
    const { client, calls } = clientWith(
      scripted(
        sseResponse([
          sseEvent(1, "snapshot", runningJob(0.2, 40)),
          sseEvent(2, "progress", runningJob(0.5, 30)),
          // An estimate revised down must not move the reported figure back.
          sseEvent(3, "progress", runningJob(0.4, 25)),
          sseEvent(4, "progress", runningJob(0.4, 25)),
          sseEvent(5, "progress", runningJob(0.7, 10)),
          sseEvent(6, "done", succeededJob()),
        ]),
      ),
    );
    const reported: Array<[number, number | null]> = [];
    const updates: string[] = [];
    const job = await client.jobs.wait("job_1", {
      onProgress: (progress, etaSeconds) => reported.push([progress, etaSeconds]),
      onUpdate: (update) => updates.push(update.status),
    });
    expect(job.status).toBe("succeeded");
    expect(reported).toEqual([
      [0.2, 40],
      [0.5, 30],
      [0.5, 25],
      [0.7, 10],
      [1, 0],
    ]);
    expect(updates).toHaveLength(6);
    expect(pathsOf(calls)).toEqual(["GET /api/v1/jobs/job_1/events"]);
  });

  it("resolves (does not throw) for a failed job", async () => {
    const failed = makeJob({ status: "failed", failure: { code: "content_filtered", message: "Blocked." } });
    const { client } = clientWith(scripted(sseResponse([sseEvent(1, "snapshot", failed)])));
    expect(await client.jobs.wait("job_1")).toMatchObject({ status: "failed", failure: { code: "content_filtered" } });
  });
});

describe("jobs.wait by polling", () => {
  it("falls back to polling on a 404 events route and waits the Retry-After hint", async () => {
    const { client, calls } = clientWith(
      scripted(
        errorResponse(404, "not_found"),
        jsonResponse(runningJob(0.3), { headers: { "retry-after": "1" } }),
        jsonResponse(succeededJob()),
      ),
    );
    const started = performance.now();
    // A 10 s interval that would break the upper bound shows the hint, not the interval, was used.
    const job = await client.jobs.wait("job_1", { pollIntervalMs: 10_000 });
    const elapsed = performance.now() - started;
    expect(job.status).toBe("succeeded");
    expect(pathsOf(calls)).toEqual([
      "GET /api/v1/jobs/job_1/events",
      "GET /api/v1/jobs/job_1",
      "GET /api/v1/jobs/job_1",
    ]);
    expect((calls[2]?.atMs ?? 0) - (calls[1]?.atMs ?? 0)).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(5000);
  });

  it("polls every pollIntervalMs without a hint, and after a non-stream answer", async () => {
    const { client, calls } = clientWith(
      scripted(
        jsonResponse({ not: "a stream" }),
        jsonResponse(runningJob(0.3)),
        jsonResponse(runningJob(0.6)),
        jsonResponse(succeededJob()),
      ),
    );
    const reported: number[] = [];
    const job = await client.jobs.wait("job_1", {
      pollIntervalMs: 50,
      onProgress: (progress) => reported.push(progress),
    });
    expect(job.status).toBe("succeeded");
    expect(calls).toHaveLength(4);
    expect((calls[3]?.atMs ?? 0) - (calls[2]?.atMs ?? 0)).toBeGreaterThanOrEqual(45);
    expect(reported).toEqual([0.3, 0.6, 1]);
  });

  it("keeps polling through a server outage", async () => {
    const fake = createFakeFetch(
      scripted(
        errorResponse(404, "not_found"),
        errorResponse(503, "service_unavailable"),
        () => Promise.reject(new TypeError("fetch failed")),
        jsonResponse(succeededJob()),
      ),
    );
    const client = new Reelay({ baseUrl: "http://reelay.test", fetch: fake.fetch, maxRetries: 0 });
    expect((await client.jobs.wait("job_1", { pollIntervalMs: 10 })).status).toBe("succeeded");
    expect(fake.calls).toHaveLength(4);
  });

  it("surfaces errors that polling cannot fix", async () => {
    const { client } = clientWith(scripted(errorResponse(404, "job_not_found"), errorResponse(404, "job_not_found")));
    await expect(client.jobs.wait("job_x", { pollIntervalMs: 10 })).rejects.toMatchObject({ code: "job_not_found" });
  });
});

describe("jobs.wait timeouts", () => {
  it("throws WaitTimeoutError with the last job and leaves the job running", async () => {
    const { client, calls } = clientWith(
      scripted(sseResponse([sseEvent(1, "snapshot", runningJob(0.4))], { keepOpen: true })),
    );
    const error = await client.jobs.wait("job_1", { timeoutMs: 200 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    const timeout = error as WaitTimeoutError;
    expect(timeout).toMatchObject({ code: "wait_timeout", status: 0, jobId: "job_1", cancelled: false });
    expect(timeout.job?.progress?.value).toBe(0.4);
    expect(timeout.message).toContain("still running on the server");
    expect(pathsOf(calls)).toEqual(["GET /api/v1/jobs/job_1/events"]);
  });

  it("cancels the job first with cancelOnTimeout", async () => {
    const cancelled = makeJob({ status: "cancelled", failure: { code: "cancelled", message: "Cancelled." } });
    const { client, calls } = clientWith(
      scripted(sseResponse([sseEvent(1, "snapshot", runningJob(0.4))], { keepOpen: true }), jsonResponse(cancelled)),
    );
    const error = await client.jobs
      .wait("job_1", { timeoutMs: 200, cancelOnTimeout: true })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error).toMatchObject({ cancelled: true, job: { status: "cancelled" } });
    expect((error as Error).message).toContain("was cancelled");
    expect(pathsOf(calls)).toEqual(["GET /api/v1/jobs/job_1/events", "POST /api/v1/jobs/job_1/cancel"]);
  });

  it("ends with aborted, not a timeout, when the caller aborts", async () => {
    const { client } = clientWith(scripted(errorResponse(404, "not_found"), jsonResponse(runningJob(0.1))));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await client.jobs
      .wait("job_1", { signal: controller.signal, timeoutMs: 10_000, pollIntervalMs: 5_000 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ReelayApiError);
    expect(error).not.toBeInstanceOf(WaitTimeoutError);
    expect((error as ReelayApiError).code).toBe("aborted");
  });
});
