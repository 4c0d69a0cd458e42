import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobView } from "@reelay/client";
import { openEventStream, type ReceivedEvent } from "../test-support/read-events.ts";
import { startTestGateway, type TestGateway } from "../test-support/start-test-gateway.ts";

const TERMINAL = ["succeeded", "failed", "cancelled"];

async function createJob(gateway: TestGateway, body: Record<string, unknown> = {}): Promise<JobView> {
  const response = await fetch(`${gateway.url}/api/v1/jobs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "local/preview", prompt: "a paper boat on a pond", durationSeconds: 4, ...body }),
  });
  expect(response.status).toBe(202);
  return (await response.json()) as JobView;
}

async function collect(events: AsyncGenerator<ReceivedEvent>, count = Infinity): Promise<ReceivedEvent[]> {
  const received: ReceivedEvent[] = [];
  for await (const event of events) {
    received.push(event);
    if (received.length >= count) break;
  }
  return received;
}

describe("job event streams", () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startTestGateway({ REELAY_SSE_KEEPALIVE_SECONDS: "0.2" });
  });
  afterAll(async () => {
    await gateway?.dispose();
  });

  it("streams a job from snapshot to done with rising progress, then ends", async () => {
    const job = await createJob(gateway);
    const stream = await openEventStream(`${gateway.url}/api/v1/jobs/${job.id}/events`);
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = await collect(stream.events);

    expect(events[0]?.type).toBe("snapshot");
    expect(events.at(-1)?.type).toBe("done");
    expect(events.at(-1)?.job.status).toBe("succeeded");
    expect(events.at(-1)?.job.video?.url).toMatch(new RegExp(`/api/v1/jobs/${job.id}/content$`));
    expect(events.slice(0, -1).every((event) => !TERMINAL.includes(event.job.status))).toBe(true);
    const ids = events.map((event) => Number(event.id));
    expect(ids.every((id, index) => index === 0 || id > (ids[index - 1] ?? 0))).toBe(true);
    const progress = events.flatMap((event) => (event.job.progress ? [event.job.progress.value] : []));
    expect(new Set(progress).size).toBeGreaterThanOrEqual(3);
    expect(progress.every((value, index) => index === 0 || value >= (progress[index - 1] ?? 0))).toBe(true);
    expect(progress.at(-1)).toBe(1);
    expect(events.some((event) => event.type === "progress" && event.job.progress?.etaSeconds !== null)).toBe(true);
  });

  it("misses no event when a client reconnects with Last-Event-ID", async () => {
    const job = await createJob(gateway, { durationSeconds: 6 });
    const first = await openEventStream(`${gateway.url}/api/v1/jobs/${job.id}/events`);
    const before = await collect(first.events, 3);
    first.close();
    // Events keep being written while nobody listens.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const lastSeen = before.at(-1)?.id ?? "";
    const second = await openEventStream(`${gateway.url}/api/v1/jobs/${job.id}/events`, { "Last-Event-ID": lastSeen });
    const after = await collect(second.events);

    expect(after[0]?.type).not.toBe("snapshot");
    expect(after.at(-1)?.type).toBe("done");
    const recorded = await gateway.store.listEvents({
      tenantId: "default",
      jobId: job.id,
      afterId: Number(before[0]?.id),
      limit: 1_000,
    });
    const received = [...before.slice(1), ...after].map((event) => Number(event.id));
    expect(received).toEqual(recorded.map((event) => event.id));
    expect(after.length).toBeGreaterThan(0);

    // Resuming after the last event of a finished job ends at once, with nothing to send.
    const done = await openEventStream(`${gateway.url}/api/v1/jobs/${job.id}/events`, {
      "Last-Event-ID": after.at(-1)?.id ?? "",
    });
    expect(await collect(done.events)).toEqual([]);
    // A new stream on a finished job is its snapshot alone.
    const finished = await collect((await openEventStream(`${gateway.url}/api/v1/jobs/${job.id}/events`)).events);
    expect(finished.map((event) => [event.type, event.job.status])).toEqual([["snapshot", "succeeded"]]);
  });

  it("streams every job of the caller on /api/v1/events, with keep-alives while quiet", async () => {
    const stream = await openEventStream(`${gateway.url}/api/v1/events`);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const jobs = [await createJob(gateway), await createJob(gateway, { prompt: "a kite over dunes" })];
    const finished = new Set<string>();
    const seen = new Set<string>();
    for await (const event of stream.events) {
      seen.add(event.job.id);
      if (event.type === "done") finished.add(event.job.id);
      if (finished.size === jobs.length) break;
    }
    stream.close();
    expect([...seen].toSorted()).toEqual(jobs.map((job) => job.id).toSorted());
    // The quiet 600 ms before the first job were bridged by keep-alive comments.
    expect(stream.comments()).toBeGreaterThanOrEqual(1);
  });

  it("refuses a bad Last-Event-ID and an unknown job with JSON errors", async () => {
    const job = await createJob(gateway);
    const bad = await fetch(`${gateway.url}/api/v1/jobs/${job.id}/events`, { headers: { "Last-Event-ID": "abc" } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/last-event-id.*integer/i);
    const badQuery = await fetch(`${gateway.url}/api/v1/events?lastEventId=-1`);
    expect(badQuery.status).toBe(400);
    await badQuery.body?.cancel();
    const missing = await fetch(`${gateway.url}/api/v1/jobs/job_nope/events`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("job_not_found");
  });

  it("hints when to poll again while a job runs", async () => {
    const job = await createJob(gateway);
    const response = await fetch(`${gateway.url}/api/v1/jobs/${job.id}`);
    const view = (await response.json()) as JobView;
    if (!TERMINAL.includes(view.status)) {
      const hint = Number(response.headers.get("retry-after"));
      expect(hint).toBeGreaterThanOrEqual(1);
      expect(hint).toBeLessThanOrEqual(30);
    }
    const created = await fetch(`${gateway.url}/api/v1/jobs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "local/preview", prompt: "a slow tide" }),
    });
    expect(Number(created.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    await created.body?.cancel();
  });

  it("closes open streams when the gateway shuts down", async () => {
    const other = await startTestGateway();
    const stream = await openEventStream(`${other.url}/api/v1/events`);
    const started = Date.now();
    await other.dispose();
    expect(await collect(stream.events)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("CORS for pages on other origins", () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startTestGateway({ REELAY_CORS_ORIGINS: "https://app.example.com" });
  });
  afterAll(async () => {
    await gateway?.dispose();
  });

  it("lets a configured origin create jobs and read the retry hints, and no other", async () => {
    const preflight = await fetch(`${gateway.url}/api/v1/jobs`, {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example.com",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type, idempotency-key, authorization",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/idempotency-key/);

    const created = await fetch(`${gateway.url}/api/v1/jobs`, {
      method: "POST",
      headers: { origin: "https://app.example.com", "content-type": "application/json" },
      body: JSON.stringify({ model: "local/preview", prompt: "a lighthouse", durationSeconds: 1 }),
    });
    expect(created.status).toBe(202);
    expect(created.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(created.headers.get("access-control-expose-headers")).toMatch(/retry-after.*x-should-retry/);
    await created.body?.cancel();

    const stranger = await fetch(`${gateway.url}/api/v1/models`, { headers: { origin: "https://evil.example" } });
    expect(stranger.headers.get("access-control-allow-origin")).toBeNull();
    await stranger.body?.cancel();
  });
});
