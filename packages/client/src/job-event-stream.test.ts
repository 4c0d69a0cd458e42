import { describe, expect, it } from "vitest";
import { Reelay } from "./client.ts";
import { ReelayApiError } from "./errors.ts";
import {
  createFakeFetch,
  errorResponse,
  type FakeHandler,
  scripted,
  sseEvent,
  sseResponse,
} from "./test-support/fake-fetch.ts";
import { makeJob, runningJob, succeededJob } from "./test-support/make-job.ts";
import type { JobEvent } from "./wire.ts";

function clientWith(handler: FakeHandler) {
  const fake = createFakeFetch(handler);
  return { client: new Reelay({ baseUrl: "http://reelay.test", fetch: fake.fetch }), calls: fake.calls };
}

async function collect(events: AsyncIterable<JobEvent>): Promise<JobEvent[]> {
  const seen: JobEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

describe("jobs.events", () => {
  it("reconnects with the last event id after the stream ends early, and stops after the terminal event", async () => {
    const { client, calls } = clientWith(
      scripted(
        sseResponse([
          "retry: 10\n\n",
          sseEvent(1, "snapshot", runningJob(0.1)),
          sseEvent(2, "progress", runningJob(0.4)),
        ]),
        sseResponse([": keep-alive\n\n", sseEvent(3, "progress", runningJob(0.8))]),
        // Kept open: the client has to end the stream itself after the terminal event.
        sseResponse([sseEvent(4, "done", succeededJob())], { keepOpen: true }),
      ),
    );
    const events = await collect(client.jobs.events("job_1"));
    expect(events.map((event) => [event.id, event.type, event.job.status])).toEqual([
      ["1", "snapshot", "running"],
      ["2", "progress", "running"],
      ["3", "progress", "running"],
      ["4", "done", "succeeded"],
    ]);
    expect(calls.map((call) => call.url.pathname)).toEqual(Array(3).fill("/api/v1/jobs/job_1/events"));
    expect(calls.map((call) => call.headers.get("last-event-id"))).toEqual([null, "2", "3"]);
    expect(calls[0]?.headers.get("accept")).toBe("text/event-stream");
  });

  it("resumes from the caller's lastEventId", async () => {
    const { client, calls } = clientWith(scripted(sseResponse([sseEvent(8, "done", succeededJob())])));
    await collect(client.jobs.events("job_1", { lastEventId: "7" }));
    expect(calls[0]?.headers.get("last-event-id")).toBe("7");
  });

  it("throws a 404 at once", async () => {
    const { client, calls } = clientWith(() => errorResponse(404, "job_not_found"));
    await expect(collect(client.jobs.events("job_x"))).rejects.toMatchObject({ code: "job_not_found", status: 404 });
    expect(calls).toHaveLength(1);
  });

  it("gives up after five failed connects in a row", async () => {
    const { client, calls } = clientWith(() =>
      errorResponse(503, "service_unavailable", { headers: { "retry-after-ms": "1" } }),
    );
    await expect(collect(client.jobs.events("job_1"))).rejects.toMatchObject({ code: "service_unavailable" });
    expect(calls).toHaveLength(5);
  });

  it("counts failed connects afresh after a connection succeeds", async () => {
    const unavailable = () => errorResponse(503, "service_unavailable", { headers: { "retry-after-ms": "1" } });
    const { client, calls } = clientWith(
      scripted(
        unavailable,
        unavailable,
        unavailable,
        unavailable,
        sseResponse(["retry: 1\n\n", sseEvent(1, "snapshot", runningJob(0.5))]),
        unavailable,
        unavailable,
        unavailable,
        unavailable,
        sseResponse([sseEvent(2, "done", succeededJob())]),
      ),
    );
    expect((await collect(client.jobs.events("job_1"))).map((event) => event.id)).toEqual(["1", "2"]);
    expect(calls).toHaveLength(10);
  });

  it("rejects an answer that is not an event stream", async () => {
    const { client } = clientWith(scripted(new Response("{}", { headers: { "content-type": "application/json" } })));
    await expect(collect(client.jobs.events("job_1"))).rejects.toMatchObject({ code: "invalid_response" });
  });
});

describe("events.stream", () => {
  it("follows all jobs across reconnects until aborted", async () => {
    const { client, calls } = clientWith(
      scripted(
        sseResponse(["retry: 5\n\n", sseEvent(1, "done", succeededJob("job_a"))]),
        sseResponse([sseEvent(2, "status", makeJob({ id: "job_b" }))], { keepOpen: true }),
      ),
    );
    const controller = new AbortController();
    const seen: string[] = [];
    const error = await (async () => {
      try {
        for await (const event of client.events.stream({ signal: controller.signal })) {
          seen.push(event.job.id);
          if (seen.length === 2) setTimeout(() => controller.abort(), 20);
        }
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(seen).toEqual(["job_a", "job_b"]);
    expect(error).toBeInstanceOf(ReelayApiError);
    expect((error as ReelayApiError).code).toBe("aborted");
    expect(calls.map((call) => [call.url.pathname, call.headers.get("last-event-id")])).toEqual([
      ["/api/v1/events", null],
      ["/api/v1/events", "1"],
    ]);
  });
});
