import type { JobView } from "@reelay/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPgDatabase, type TestPgDatabase } from "../db/test-support/pg-test-database.ts";
import { openEventStream } from "../test-support/read-events.ts";
import { startTestGateway, type TestGateway } from "../test-support/start-test-gateway.ts";

describe("two gateways on one PostgreSQL database", () => {
  let database: TestPgDatabase;
  let worker: TestGateway;
  let front: TestGateway;
  beforeAll(async () => {
    database = await createTestPgDatabase();
    worker = await startTestGateway({ REELAY_DATABASE_URL: database.url });
    // Serves HTTP only, on its own data dir: the job, its events and its limits come from the database.
    front = await startTestGateway({ REELAY_DATABASE_URL: database.url, REELAY_WORKER: "off" });
  });
  afterAll(async () => {
    await front?.dispose();
    await worker?.dispose();
    await database?.drop();
  });

  it("runs a job created on one on the other's worker, and streams its progress where it was created", async () => {
    const created = await fetch(`${front.url}/api/v1/jobs`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": "pg-gateway-1" },
      body: JSON.stringify({ model: "local/preview", prompt: "a paper boat", durationSeconds: 1, resolution: "360p" }),
    });
    expect(created.status).toBe(202);
    const job = (await created.json()) as JobView;
    const stream = await openEventStream(`${front.url}/api/v1/jobs/${job.id}/events`);
    const views: JobView[] = [];
    for await (const event of stream.events) views.push(event.job);
    expect(views.at(-1)?.status).toBe("succeeded");
    expect(views.some((view) => view.status === "running")).toBe(true);

    // The same create again, on the other gateway: the same job.
    const again = await fetch(`${worker.url}/api/v1/jobs`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": "pg-gateway-1" },
      body: JSON.stringify({ model: "local/preview", prompt: "a paper boat", durationSeconds: 1, resolution: "360p" }),
    });
    expect(((await again.json()) as JobView).id).toBe(job.id);
    const listed = (await (await fetch(`${front.url}/api/v1/jobs`)).json()) as { data: JobView[] };
    expect(listed.data.map((entry) => entry.id)).toEqual([job.id]);
    const video = await fetch(`${worker.url}/api/v1/jobs/${job.id}/content`);
    expect(video.status).toBe(200);
    expect(video.headers.get("content-type")).toBe("video/mp4");
  });
});
