import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startTestGateway, type TestGateway } from "../test-support/start-test-gateway.ts";
import { sampleOf } from "./test-support/prometheus-text.ts";

const END_TO_END = "reelay_job_end_to_end_seconds_count";

describe("the metrics-only port (REELAY_METRICS_PORT)", () => {
  let front: TestGateway;
  let worker: TestGateway;
  beforeAll(async () => {
    front = await startTestGateway({ REELAY_WORKER: "off" });
    // A worker serves no HTTP; on its metrics port it can still be scraped for the jobs it runs.
    worker = await startTestGateway({ REELAY_DATA_DIR: front.dataDir, REELAY_HTTP: "off", REELAY_METRICS_PORT: "0" });
  });
  afterAll(async () => {
    await worker?.dispose();
    await front?.dispose();
  });

  const scrape = async () => (await fetch(`${worker.metricsUrl}/metrics`)).text();

  it("serves the worker's own counts of the jobs it ran", async () => {
    expect(front.metricsUrl).toBeNull();
    expect(worker.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const labels = { model: "local/preview", status: "succeeded" };
    const before = sampleOf(await scrape(), END_TO_END, labels);
    const created = await fetch(`${front.url}/api/v1/jobs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "local/preview", prompt: "a kite", durationSeconds: 1, resolution: "360p" }),
    });
    expect(created.status).toBe(202);
    const { id } = (await created.json()) as { id: string };
    await eventually(
      async () => {
        const job = (await (await fetch(`${front.url}/api/v1/jobs/${id}`)).json()) as { status: string };
        return job.status === "succeeded" ? job : undefined;
      },
      30_000,
      "the job to succeed on the worker",
    );
    expect(sampleOf(await scrape(), END_TO_END, labels)).toBe(before + 1);
    // The front ran nothing: its own histogram has no such job.
    expect(sampleOf(await (await fetch(`${front.url}/metrics`)).text(), END_TO_END, labels)).toBe(0);
  });

  it("serves nothing but /metrics", async () => {
    const answer = await fetch(`${worker.metricsUrl}/api/v1/jobs`);
    expect(answer.status).toBe(404);
    expect(((await answer.json()) as { error: { message: string } }).error.message).toMatch(/only GET \/metrics/);
  });
});
