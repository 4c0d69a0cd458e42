import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobView } from "@reelay/client";
import { createOpenAiFake } from "../providers/openai/fake.ts";
import { serveFake, type ServedFake } from "../providers/shared/fake-server.ts";
import { openEventStream } from "../test-support/read-events.ts";
import { startTestGateway, type TestGateway } from "../test-support/start-test-gateway.ts";

const SUBSCRIBERS = 200;
const TIMING = { queuedMs: 400, renderMs: 3_600 };
/** The fake's poll hint: a quarter of its whole render (openai-poll-after-ms). */
const POLL_INTERVAL_MS = (TIMING.queuedMs + TIMING.renderMs) / 4;

describe("one upstream poll feeds every subscriber", () => {
  let fake: ServedFake;
  let gateway: TestGateway;
  const statusPolls: number[] = [];

  beforeAll(async () => {
    const openAi = createOpenAiFake({ apiKey: "sk-fan-out", timing: TIMING });
    // Counts, at the fake, every status read of a video (not its download).
    fake = await serveFake({
      fetch: (request) => {
        const { pathname } = new URL(request.url);
        if (request.method === "GET" && /^\/v1\/videos\/[^/]+$/.test(pathname)) statusPolls.push(Date.now());
        return openAi.app.fetch(request);
      },
    });
    gateway = await startTestGateway({
      REELAY_OPENAI_BASE_URL: `${fake.url}/v1`,
      REELAY_OPENAI_API_KEY: "sk-fan-out",
      REELAY_ALLOW_PRIVATE_URLS: "true",
    });
  });
  afterAll(async () => {
    await gateway?.dispose();
    await fake?.close();
  });

  it(`${SUBSCRIBERS} subscribers to one job cost one poll per poll interval`, async () => {
    const response = await fetch(`${gateway.url}/api/v1/jobs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "openai/sora-2", prompt: "a lantern drifting down a river", durationSeconds: 4 }),
    });
    expect(response.status).toBe(202);
    const job = (await response.json()) as JobView;
    const startedAt = Date.now();

    const streams = await Promise.all(
      Array.from({ length: SUBSCRIBERS }, () => openEventStream(`${gateway.url}/api/v1/jobs/${job.id}/events`)),
    );
    const outcomes = await Promise.all(
      streams.map(async (stream) => {
        const types: string[] = [];
        let last: JobView | undefined;
        for await (const event of stream.events) {
          types.push(event.type);
          last = event.job;
        }
        return { types, last };
      }),
    );
    const elapsedMs = Date.now() - startedAt;

    for (const outcome of outcomes) {
      expect(outcome.last?.status).toBe("succeeded");
      expect(outcome.types.at(-1)).toBe("done");
    }
    // Every subscriber saw the same progress events after its snapshot.
    const progressCounts = new Set(
      outcomes.map((outcome) => outcome.types.filter((type) => type === "progress").length),
    );
    expect(Math.max(...progressCounts) - Math.min(...progressCounts)).toBeLessThanOrEqual(1);
    // The worker polled at the provider's pace, whatever the number of listeners.
    const intervals = Math.ceil(elapsedMs / POLL_INTERVAL_MS);
    expect(statusPolls.length).toBeGreaterThanOrEqual(2);
    expect(statusPolls.length).toBeLessThanOrEqual(intervals + 1);
    // Listeners never cause extra polls, which would arrive moments apart; a busy test process may
    // delay one poll's arrival and shorten the next gap, so only half an interval is required.
    const gaps = statusPolls.slice(1).map((at, index) => at - (statusPolls[index] ?? at));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(POLL_INTERVAL_MS * 0.5);
  });
});
