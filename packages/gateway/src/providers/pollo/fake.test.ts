import { describe, expect, it } from "vitest";
import { createPolloFake, FAKE_MODERATION_MESSAGE, type PolloFakeOptions } from "./fake.ts";
import { sendToPollo, TEST_KEY } from "./test-support/fake-client.ts";

const START_MS = 1_764_000_000_000;
const TIMING = { queuedMs: 1_000, renderMs: 10_000 };
const VEO_FAST = "/generation/google/veo3-fast";

/** A fake on a clock the test moves, called in-process. */
function setup(options: PolloFakeOptions = {}) {
  let nowMs = START_MS;
  const fake = createPolloFake({ apiKey: TEST_KEY, timing: TIMING, now: () => nowMs, ...options });
  const send = (method: string, path: string, init: { body?: unknown; key?: string | null } = {}) =>
    sendToPollo(fake, method, path, init);
  const create = async (input: Record<string, unknown> = {}, path = VEO_FAST) => {
    const answer = await send("POST", path, { body: { input: { prompt: "A fox in snow", ...input } } });
    expect(answer.status, answer.text).toBe(200);
    return answer.json.data.taskId as string;
  };
  const status = async (taskId: string) => (await send("GET", `/generation/${taskId}/status`)).json;
  return { fake, send, create, status, advance: (ms: number) => (nowMs += ms) };
}

describe("Pollo fake: auth and envelope errors", () => {
  it("refuses a missing or wrong x-api-key with 401 UNAUTHORIZED", async () => {
    const { send } = setup();
    for (const key of [null, "wrong"]) {
      const answer = await send("POST", VEO_FAST, { key, body: { input: { prompt: "x" } } });
      expect(answer).toMatchObject({ status: 401, json: { code: "UNAUTHORIZED", message: expect.any(String) } });
    }
  });

  it("answers validation errors 400 BAD_REQUEST with issues under data", async () => {
    const { send } = setup({ disabledModels: [] });
    const sora = await send("POST", "/generation/sora/sora-2", { body: { input: { prompt: "x", length: 5 } } });
    expect(sora).toMatchObject({
      status: 400,
      json: { code: "BAD_REQUEST", message: "Invalid input", data: { issues: [{ path: ["input", "length"] }] } },
    });
    // Sora's legacy length is required; the v1 name is refused on legacy routes and vice versa.
    const missing = await send("POST", "/generation/sora/sora-2", { body: { input: { prompt: "x" } } });
    expect(missing.status).toBe(400);
    const v1Name = await send("POST", VEO_FAST, { body: { input: { prompt: "x", duration: 8 } } });
    expect(v1Name.json.data.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["duration"] });
    const legacyName = await send("POST", "/v1/generation/google/veo-3-fast/video", {
      body: { input: { prompt: "x", length: 8 } },
    });
    expect(legacyName.status).toBe(400);
    const bad = await send("POST", VEO_FAST, { body: "{ not json" });
    expect(bad).toMatchObject({ status: 400, json: { code: "BAD_REQUEST" } });
  });

  it("refuses base64 and data-URI images, and accepts http(s) URLs", async () => {
    const { send, create } = setup();
    for (const image of ["data:image/png;base64,iVBORw0KGgo=", "iVBORw0KGgo=", "ftp://127.0.0.1/a.png"]) {
      const answer = await send("POST", VEO_FAST, { body: { input: { image } } });
      expect(answer.status, image).toBe(400);
      expect(answer.json.data.issues[0]).toMatchObject({ path: ["input", "image"], message: /public http\(s\) URL/ });
    }
    expect(await create({ image: "http://127.0.0.1:8787/media/a.png?signature=x" })).toMatch(/^cm/);
  });

  it("answers Sora as not enabled for API access by default", async () => {
    const { send } = setup();
    const answer = await send("POST", "/generation/sora/sora-2", { body: { input: { prompt: "x", length: 4 } } });
    expect(answer).toMatchObject({
      status: 403,
      json: { code: "FORBIDDEN", message: "This model is not enabled for API access" },
    });
  });

  it("answers 403 Not enough credits for the no-credits prompt and for an empty balance", async () => {
    const { send, create } = setup({ credits: 100 });
    const scripted = await send("POST", VEO_FAST, { body: { input: { prompt: "no-credits please" } } });
    expect(scripted).toMatchObject({ status: 403, json: { code: "FORBIDDEN", message: "Not enough credits" } });
    await create({ length: 8 }); // 80 of 100 credits
    expect((await send("GET", "/credit/balance")).json.data).toEqual({ availableCredits: 20, totalCredits: 100 });
    const broke = await send("POST", VEO_FAST, { body: { input: { prompt: "x", length: 4 } } });
    expect(broke.json.message).toBe("Not enough credits");
  });

  it("sends error envelopes with HTTP 200 when asked (business errors)", async () => {
    const { send } = setup({ errorsWithHttp200: true });
    const answer = await send("POST", VEO_FAST, { body: { input: { prompt: "no-credits" } } });
    expect(answer).toMatchObject({ status: 200, json: { code: "FORBIDDEN", message: "Not enough credits" } });
  });

  it("limits creates per minute and unfinished tasks with 429 codes", async () => {
    const perMinute = setup({ createsPerMinute: 1 });
    await perMinute.create();
    const limited = await perMinute.send("POST", VEO_FAST, { body: { input: { prompt: "x" } } });
    expect(limited).toMatchObject({ status: 429, json: { code: "RATE_LIMIT_EXCEEDED" } });
    perMinute.advance(60_000);
    await perMinute.create();

    const parallel = setup({ parallelTaskLimit: 1 });
    await parallel.create();
    const busy = await parallel.send("POST", VEO_FAST, { body: { input: { prompt: "x" } } });
    expect(busy).toMatchObject({ status: 429, json: { code: "PARALLEL_TASK_LIMIT_REACHED" } });
    parallel.advance(TIMING.queuedMs + TIMING.renderMs);
    await parallel.create();
  });

  it("answers Cloudflare's HTML 403 challenge when switched on", async () => {
    const { send } = setup({ cloudflareChallenge: true });
    const answer = await send("GET", "/generation/cm1/status");
    expect(answer.status).toBe(403);
    expect(answer.headers.get("content-type")).toContain("text/html");
    expect(answer.text).toContain("Just a moment...");
  });

  it("answers unknown tasks and paths in the envelope", async () => {
    const { send } = setup();
    expect(await send("GET", "/generation/cm_unknown/status")).toMatchObject({
      status: 404,
      json: { code: "NOT_FOUND" },
    });
    expect(await send("POST", "/generation/kling/v9", { body: { input: {} } })).toMatchObject({ status: 404 });
  });
});

describe("Pollo fake: tasks over time and outputs", () => {
  it("moves a generation waiting → processing → succeed with a public URL serving an MP4", async () => {
    const { create, status, advance, send } = setup();
    const taskId = await create({ aspectRatio: "9:16", length: 4 });
    expect((await status(taskId)).data).toMatchObject({
      taskId,
      generations: [{ status: "waiting", failMsg: "", url: "", mediaType: "video" }],
    });
    advance(TIMING.queuedMs);
    expect((await status(taskId)).data.generations[0].status).toBe("processing");
    advance(TIMING.renderMs);
    const done = (await status(taskId)).data.generations[0];
    expect(done).toMatchObject({ status: "succeed", url: expect.stringMatching(/^http:\/\/pollo\.fake\/cdn\//) });
    // Stable URL, as Pollo's are; no key needed to read it.
    expect((await status(taskId)).data.generations[0].url).toBe(done.url);
    // The v1 status path (unverified) answers the same.
    expect((await send("GET", `/v1/generation/${taskId}/status`)).json.data.generations[0].url).toBe(done.url);
    const path = new URL(done.url as string).pathname + new URL(done.url as string).search;
    const video = await send("GET", path, { key: null });
    expect(video.status).toBe(200);
    expect(video.headers.get("content-type")).toBe("video/mp4");
  });

  it("expires output URLs after outputTtlMs", async () => {
    const { create, status, advance, send } = setup({ outputTtlMs: 60_000 });
    const taskId = await create();
    advance(TIMING.queuedMs + TIMING.renderMs);
    const url = new URL((await status(taskId)).data.generations[0].url as string);
    const path = url.pathname + url.search;
    advance(59_000);
    expect((await send("GET", path, { key: null })).status).toBe(200);
    advance(1_000);
    expect((await send("GET", path, { key: null })).status).toBe(403);
    expect((await send("GET", `${url.pathname}?token=forged`, { key: null })).status).toBe(403);
  });

  it("fails a blocked-content prompt with a moderation failMsg once it leaves the queue", async () => {
    const { create, status, advance } = setup();
    const taskId = await create({ prompt: "blocked-content here" });
    expect((await status(taskId)).data.generations[0].status).toBe("waiting");
    advance(TIMING.queuedMs);
    expect((await status(taskId)).data).toMatchObject({
      credit: 0,
      generations: [{ status: "failed", failMsg: FAKE_MODERATION_MESSAGE, url: "" }],
    });
  });

  it("fails a fail-generation prompt after rendering with a plain failMsg", async () => {
    const { create, status, advance } = setup();
    const taskId = await create({ prompt: "fail-generation" });
    advance(TIMING.queuedMs);
    expect((await status(taskId)).data.generations[0].status).toBe("processing");
    advance(TIMING.renderMs);
    expect((await status(taskId)).data.generations[0]).toMatchObject({ status: "failed", failMsg: /try again/ });
  });

  it("records every create, so tests can count them", async () => {
    const { fake, create } = setup();
    await create();
    await create();
    expect(fake.faults.requests.filter((request) => request.method === "POST")).toHaveLength(2);
  });
});
