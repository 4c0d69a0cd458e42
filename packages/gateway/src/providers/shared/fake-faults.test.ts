import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createFakeFaults } from "./fake-faults.ts";
import { fakePhase } from "./fake-server.ts";

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
  return { app, faults, created: () => created };
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

describe("fakePhase", () => {
  it("moves from queued through running to done", () => {
    const timing = { queuedMs: 100, renderMs: 200 };
    expect(fakePhase(0, 50, timing)).toEqual({ phase: "queued", progress: 0 });
    expect(fakePhase(0, 200, timing)).toEqual({ phase: "running", progress: 0.5 });
    expect(fakePhase(0, 300, timing)).toEqual({ phase: "done", progress: 1 });
  });
});
