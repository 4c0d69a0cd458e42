import type { JobView } from "@reelay/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPgDatabase, type TestPgDatabase } from "../db/test-support/pg-test-database.ts";
import { startTestS3Server, type TestS3Server } from "../media/test-support/s3-test-server.ts";
import { openEventStream } from "../test-support/read-events.ts";
import { startTestGateway, type TestGateway } from "../test-support/start-test-gateway.ts";

describe("two gateways on one PostgreSQL database and one S3 bucket", () => {
  let database: TestPgDatabase;
  let s3: TestS3Server;
  let worker: TestGateway;
  let front: TestGateway;
  beforeAll(async () => {
    database = await createTestPgDatabase();
    s3 = await startTestS3Server();
    const shared = {
      REELAY_DATABASE_URL: database.url,
      REELAY_S3_BUCKET: s3.options.bucket,
      REELAY_S3_ENDPOINT: s3.endpoint,
      REELAY_S3_FORCE_PATH_STYLE: "true",
      REELAY_S3_ACCESS_KEY_ID: s3.options.credentials?.accessKeyId ?? "",
      REELAY_S3_SECRET_ACCESS_KEY: s3.options.credentials?.secretAccessKey ?? "",
    };
    worker = await startTestGateway(shared);
    // Serves HTTP only, on a data dir of its own: the job, its events and its video come from the
    // database and the bucket.
    front = await startTestGateway({ ...shared, REELAY_WORKER: "off" });
  });
  afterAll(async () => {
    await front?.dispose();
    await worker?.dispose();
    await database?.drop();
    await s3?.close();
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
    // Stored by the worker in the bucket, served by the front, whole and in ranges.
    const stored = views.at(-1)?.video;
    const video = await fetch(`${front.url}/api/v1/jobs/${job.id}/content`);
    expect(video.status).toBe(200);
    expect(video.headers.get("content-type")).toBe("video/mp4");
    expect((await video.arrayBuffer()).byteLength).toBe(stored?.sizeBytes);
    const part = await fetch(`${front.url}/api/v1/jobs/${job.id}/content`, { headers: { range: "bytes=0-99" } });
    expect(part.status).toBe(206);
    expect((await part.arrayBuffer()).byteLength).toBe(100);
    const thumbnail = await fetch(`${front.url}/api/v1/jobs/${job.id}/thumbnail`);
    expect(thumbnail.status).toBe(200);
    const sprites = await fetch(`${front.url}/v1/videos/${job.id}/content?variant=spritesheet`);
    expect(sprites.status).toBe(200);
  });
});
