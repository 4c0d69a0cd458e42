import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { createFakeFaults } from "./fake-faults.ts";
import { fakePhase, serveFake, type ServedFake } from "./fake-server.ts";

/** A download's worth of bytes, so a cut answer is visibly shorter than the whole. */
const VIDEO_BYTES = new Uint8Array(64 * 1024).map((_, index) => index % 251);

function fakeApp() {
  const faults = createFakeFaults();
  let created = 0;
  const app = new Hono();
  app.route("/", faults.admin);
  app.use("*", faults.middleware);
  app.post("/v1/tasks", (c) => {
    created++;
    return c.json({ id: `task_${created}` });
  });
  app.get("/video.mp4", () => new Response(VIDEO_BYTES, { headers: { "content-type": "video/mp4" } }));
  return { app, faults, created: () => created };
}

/** The error a failed fetch or body read carries at the bottom of its causes. */
function rootCause(error: unknown): { code?: unknown; message: string } {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current : { message: String(current) };
}

describe("fake faults", () => {
  it("answers scripted faults for matching requests, the given number of times", async () => {
    const { app } = fakeApp();
    const injected = await app.request("/__fake/faults", {
      method: "POST",
      body: JSON.stringify({
        method: "POST",
        pathIncludes: "/tasks",
        times: 2,
        fault: { type: "status", status: 429, headers: { "retry-after": "3" } },
      }),
    });
    expect(injected.status).toBe(201);
    const first = await app.request("/v1/tasks", { method: "POST" });
    expect([first.status, first.headers.get("retry-after")]).toEqual([429, "3"]);
    expect((await app.request("/v1/tasks", { method: "POST" })).status).toBe(429);
    expect(await (await app.request("/v1/tasks", { method: "POST" })).json()).toEqual({ id: "task_1" });
  });

  it("serves malformed bodies, and acts on a request whose answer it then loses", async () => {
    const { app, faults, created } = fakeApp();
    faults.inject({ fault: { type: "malformed" } });
    expect(await (await app.request("/v1/tasks", { method: "POST" })).text()).toContain("not json");
    faults.inject({ fault: { type: "lose_response" } });
    const lost = Promise.race([
      Promise.resolve(app.request("/v1/tasks", { method: "POST" })).then(() => "answered"),
      new Promise((resolve) => setTimeout(() => resolve("no answer"), 100)),
    ]);
    expect(await lost).toBe("no answer");
    expect(created()).toBe(1);
  });

  it("records what it was sent and refuses a malformed fault", async () => {
    const { app, faults } = fakeApp();
    await app.request("/v1/tasks", { method: "POST", body: '{"a":1}', headers: { "x-test": "yes" } });
    expect(faults.requests.at(-1)).toMatchObject({
      method: "POST",
      path: "/v1/tasks",
      body: '{"a":1}',
      headers: { "x-test": "yes" },
    });
    const bad = await app.request("/__fake/faults", {
      method: "POST",
      body: JSON.stringify({ fault: { type: "explode" } }),
    });
    expect(bad.status).toBe(400);
  });
});

describe("fake faults that break the connection, over real HTTP", () => {
  let served: ServedFake | undefined;
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });
  const serve = async () => {
    const fake = fakeApp();
    served = await serveFake(fake.app);
    return { ...fake, url: served.url };
  };

  it("resets the connection without an answer, and the request is never acted on", async () => {
    const { faults, url, created } = await serve();
    faults.inject({ method: "POST", fault: { type: "reset" } });
    const failure = await fetch(`${url}/v1/tasks`, { method: "POST" }).then(
      () => null,
      (error: unknown) => rootCause(error),
    );
    expect(failure?.code).toBe("ECONNRESET");
    expect(created()).toBe(0);
    expect(faults.requests).toHaveLength(1);
    // Only the scripted request is reset; the next one is answered.
    expect((await fetch(`${url}/v1/tasks`, { method: "POST" })).status).toBe(200);
  });

  it("answers slowly, then with the real handler's answer", async () => {
    const { faults, url, created } = await serve();
    faults.inject({ method: "POST", fault: { type: "slow", delayMs: 300 } });
    const startedAt = Date.now();
    const answer = await fetch(`${url}/v1/tasks`, { method: "POST" });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(290);
    expect(await answer.json()).toEqual({ id: "task_1" });
    expect(created()).toBe(1);
  });

  it.each(["truncate", "reset_mid_body"] as const)(
    "%s: sends the headers and the first bytes of the real answer, then breaks the connection",
    async (type) => {
      const { faults, url } = await serve();
      faults.inject({ pathIncludes: "/video.mp4", fault: { type, afterBytes: 4096 } });
      const answer = await fetch(`${url}/video.mp4`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get("content-length")).toBe(String(VIDEO_BYTES.byteLength));
      const received: Uint8Array[] = [];
      const reader = answer.body?.getReader();
      const failure = await (async () => {
        for (;;) {
          const chunk = await reader?.read();
          if (chunk === undefined || chunk.done) return null;
          received.push(chunk.value);
        }
      })().catch((error: unknown) => rootCause(error));
      expect(failure).not.toBeNull();
      expect(Buffer.concat(received)).toEqual(Buffer.from(VIDEO_BYTES.subarray(0, 4096)));
      // The next download is whole.
      expect((await (await fetch(`${url}/video.mp4`)).arrayBuffer()).byteLength).toBe(VIDEO_BYTES.byteLength);
    },
  );

  it("breaks answers in-process too, where there is no socket: their bodies fail", async () => {
    const { app, faults, created } = fakeApp();
    faults.inject({ method: "POST", fault: { type: "truncate", afterBytes: 5 } });
    const cut = await app.request("/v1/tasks", { method: "POST" });
    expect(cut.status).toBe(200);
    await expect(cut.text()).rejects.toThrow();
    expect(created()).toBe(1);
    faults.inject({ method: "POST", fault: { type: "reset" } });
    await expect((await app.request("/v1/tasks", { method: "POST" })).text()).rejects.toThrow();
    expect(created()).toBe(1);
  });
});

describe("fakePhase", () => {
  it("moves from queued through running to done", () => {
    const timing = { queuedMs: 100, renderMs: 200 };
    expect(fakePhase(0, 50, timing)).toEqual({ phase: "queued", progress: 0 });
    expect(fakePhase(0, 200, timing)).toEqual({ phase: "running", progress: 0.5 });
    expect(fakePhase(0, 300, timing)).toEqual({ phase: "done", progress: 1 });
  });
});
