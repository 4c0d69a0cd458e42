import { describe, expect, it } from "vitest";
import { Reelay } from "./client.ts";
import { createFakeFetch, errorResponse, type FakeHandler, jsonResponse, scripted } from "./test-support/fake-fetch.ts";
import { makeJob } from "./test-support/make-job.ts";

function clientWith(handler: FakeHandler) {
  const fake = createFakeFetch(handler);
  return { client: new Reelay({ baseUrl: "http://reelay.test", fetch: fake.fetch }), calls: fake.calls };
}

const REQUEST = { model: "local/preview", prompt: "A lighthouse at dusk" };

describe("jobs.create idempotency", () => {
  it("sends the same generated key on every retry of one create", async () => {
    const { client, calls } = clientWith(
      scripted(
        errorResponse(503, "service_unavailable", { headers: { "retry-after-ms": "1" } }),
        () => {
          throw new TypeError("fetch failed");
        },
        jsonResponse(makeJob(), { status: 202 }),
      ),
    );
    await client.jobs.create(REQUEST);
    const keys = calls.map((call) => call.headers.get("idempotency-key"));
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(keys).size).toBe(1);
  });

  it("uses a new key for each create, and the caller's key as is", async () => {
    const { client, calls } = clientWith(() => jsonResponse(makeJob(), { status: 202 }));
    await client.jobs.create(REQUEST);
    await client.jobs.create(REQUEST);
    await client.jobs.create(REQUEST, { idempotencyKey: "order-42" });
    const [first, second, third] = calls.map((call) => call.headers.get("idempotency-key"));
    expect(first).not.toBe(second);
    expect(third).toBe("order-42");
  });

  it("returns the original job when the server replays a key", async () => {
    const { client } = clientWith(() =>
      jsonResponse(makeJob({ id: "job_original" }), { headers: { "idempotent-replayed": "true" } }),
    );
    expect((await client.jobs.create(REQUEST, { idempotencyKey: "k" })).id).toBe("job_original");
  });
});

describe("jobs.iterate", () => {
  it("follows nextCursor across pages with the same filters", async () => {
    const { client, calls } = clientWith(
      scripted(
        jsonResponse({ object: "list", data: [makeJob({ id: "job_1" }), makeJob({ id: "job_2" })], nextCursor: "c1" }),
        jsonResponse({ object: "list", data: [makeJob({ id: "job_3" })], nextCursor: "c2" }),
        jsonResponse({ object: "list", data: [], nextCursor: null }),
      ),
    );
    const ids: string[] = [];
    for await (const job of client.jobs.iterate({ status: "succeeded", limit: 2 })) ids.push(job.id);
    expect(ids).toEqual(["job_1", "job_2", "job_3"]);
    expect(calls.map((call) => call.url.search)).toEqual([
      "?status=succeeded&limit=2",
      "?status=succeeded&limit=2&cursor=c1",
      "?status=succeeded&limit=2&cursor=c2",
    ]);
  });

  it("fetches no further page when the loop stops early", async () => {
    const { client, calls } = clientWith(
      scripted(
        jsonResponse({ object: "list", data: [makeJob({ id: "job_1" }), makeJob({ id: "job_2" })], nextCursor: "c1" }),
      ),
    );
    for await (const job of client.jobs.iterate()) {
      expect(job.id).toBe("job_1");
      break;
    }
    expect(calls).toHaveLength(1);
  });
});

describe("other job calls", () => {
  it("cancels, downloads a variant and deletes uploads on the right paths", async () => {
    const { client, calls } = clientWith(
      scripted(
        jsonResponse(makeJob({ status: "cancelled" }), { status: 202 }),
        new Response("jpeg bytes", { headers: { "content-type": "image/jpeg" } }),
        new Response(null, { status: 204 }),
      ),
    );
    expect((await client.jobs.cancel("job_1")).status).toBe("cancelled");
    expect(await (await client.jobs.download("job_1", "thumbnail")).text()).toBe("jpeg bytes");
    await client.uploads.delete("upl_1");
    expect(calls.map((call) => `${call.method} ${call.url.pathname}`)).toEqual([
      "POST /api/v1/jobs/job_1/cancel",
      "GET /api/v1/jobs/job_1/thumbnail",
      "DELETE /api/v1/uploads/upl_1",
    ]);
  });

  it("reads a job's timeline from its path, the id escaped", async () => {
    const timeline = {
      object: "job_timeline",
      jobId: "job/1",
      entries: [],
      polls: 3,
      lastPollAt: null,
      omittedEntries: 0,
    };
    const { client, calls } = clientWith(() => jsonResponse(timeline));
    expect(await client.jobs.timeline("job/1")).toEqual(timeline);
    expect(calls.map((call) => `${call.method} ${call.url.pathname}`)).toEqual(["GET /api/v1/jobs/job%2F1/timeline"]);
  });

  it("surfaces job_not_finished from a download without retrying", async () => {
    const { client, calls } = clientWith(() =>
      errorResponse(409, "job_not_finished", { headers: { "x-should-retry": "false" } }),
    );
    await expect(client.jobs.download("job_1")).rejects.toMatchObject({ code: "job_not_finished", status: 409 });
    expect(calls).toHaveLength(1);
  });
});
