import { describe, expect, it } from "vitest";
import { callFake, setupFake, TEST_KEY } from "./test-support/fake-client.ts";
import { solidImage } from "./test-support/images.ts";

const text = { model: "viduq1", prompt: "A lantern festival", duration: 5, resolution: "1080p" };
const dataUri = async (width: number, height: number) =>
  `data:image/png;base64,${(await solidImage(width, height)).toString("base64")}`;

describe("Vidu fake: Token auth", () => {
  it.each([
    ["no Authorization", {}],
    ["the Bearer scheme", { Authorization: `Bearer ${TEST_KEY}` }],
    ["an empty token", { Authorization: "Token " }],
    ["another key", { Authorization: "Token vda_other" }],
  ])("answers 401 Unauthorized in Vidu's envelope for %s", async (_name, headers) => {
    const { fake } = setupFake();
    for (const [method, path] of [
      ["POST", "/text2video"],
      ["GET", "/tasks/834561209874321408/creations"],
      ["POST", "/ent/v2/tasks/834561209874321408/cancel"],
    ] as const) {
      const answer = await callFake(fake, method, path, { headers, ...(method === "POST" ? { body: text } : {}) });
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({
        code: 401,
        reason: "Unauthorized",
        message: "unauthorized",
        metadata: { trace_id: expect.stringMatching(/^[0-9a-f]{32}$/) },
      });
    }
  });

  it("answers under /ent/v2 as well as at the root", async () => {
    const { call } = setupFake();
    expect((await call("POST", "/ent/v2/text2video", text)).status).toBe(200);
    expect((await call("POST", "/text2video", text)).status).toBe(200);
  });
});

describe("Vidu fake: create", () => {
  it("echoes the task with state created, a digit-string id above 2^53 and a drawn seed", async () => {
    const { call } = setupFake();
    const answer = await call("POST", "/text2video", { ...text, seed: 0, payload: "job_1" });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      state: "created",
      model: "viduq1",
      style: "general",
      duration: 5,
      aspect_ratio: "16:9",
      resolution: "1080p",
      movement_amplitude: "auto",
      bgm: false,
      payload: "job_1",
      off_peak: false,
      credits: expect.any(Number),
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
    });
    const id = answer.json.task_id as string;
    expect(id).toMatch(/^\d{18}$/);
    expect(BigInt(id) > 2n ** 53n).toBe(true);
    expect(answer.text).toContain(`"task_id":"${id}"`);
    expect(answer.json.seed).toBeGreaterThan(0);
  });

  it("applies Vidu's defaults: vidu1.5 at 4 s and 360p, q3 with audio on", async () => {
    const { call } = setupFake();
    expect((await call("POST", "/text2video", { model: "vidu1.5", prompt: "x" })).json).toMatchObject({
      duration: 4,
      resolution: "360p",
    });
    expect((await call("POST", "/text2video", { model: "viduq3-pro", prompt: "x" })).json).toMatchObject({
      duration: 5,
      resolution: "720p",
      audio: true,
    });
  });

  const refusal = async (path: string, body: unknown) => {
    const { call } = setupFake();
    const answer = await call("POST", path, body);
    expect(answer.status, answer.text).toBe(400);
    return answer.json;
  };

  it("validates per route and model with Vidu's reasons and templates", async () => {
    expect(await refusal("/text2video", { ...text, duration: 8 })).toMatchObject({
      reason: "FieldInvalid",
      message: "invalid field: duration",
      metadata: { fields: ["duration"] },
    });
    expect(await refusal("/text2video", { ...text, resolution: "720p" })).toMatchObject({
      message: "invalid field: resolution",
    });
    expect(await refusal("/text2video", { ...text, aspect_ratio: "4:3" })).toMatchObject({
      message: "invalid field: aspect_ratio",
    });
    expect(await refusal("/text2video", { ...text, prompt: "" })).toMatchObject({
      reason: "FieldLacking",
      message: "field is missing or empty: prompt",
    });
    expect(await refusal("/text2video", { ...text, model: "vidu2.0" })).toMatchObject({
      message: "invalid field: model",
    });
    expect(await refusal("/text2video", { model: "vidu1.5", prompt: "x", duration: 8, bgm: true })).toMatchObject({
      message: "invalid field: bgm",
    });
    expect(await refusal("/text2video", { model: "viduq3-turbo", prompt: "x", bgm: true })).toMatchObject({
      reason: "FieldUnwanted",
    });
    expect(await refusal("/text2video", { model: "vidu1.5", prompt: "x".repeat(1501) })).toMatchObject({
      message: "invalid field: prompt",
    });
    expect(await refusal("/text2video", { ...text, movement_amplitude: "huge" })).toMatchObject({
      message: "invalid field: movement_amplitude",
    });
  });

  it("checks images: count, aspect_ratio refused, format, shape, start/end match", async () => {
    const uri = await dataUri(64, 36);
    const image = { model: "viduq1", duration: 5 };
    expect(await refusal("/img2video", { ...image, images: [uri, uri] })).toMatchObject({
      reason: "FieldItemCountOutOfRange",
      message: "field item count out of range: images",
    });
    expect(await refusal("/img2video", image)).toMatchObject({ reason: "FieldLacking" });
    expect(await refusal("/img2video", { ...image, images: [uri], aspect_ratio: "16:9" })).toMatchObject({
      reason: "FieldUnwanted",
      message: "unwanted field: aspect_ratio",
    });
    expect(
      await refusal("/img2video", { ...image, images: ["data:image/gif;base64,R0lGODlhAQABAAAAACw="] }),
    ).toMatchObject({
      reason: "ImageFormatInvalid",
    });
    expect(await refusal("/img2video", { ...image, images: [await dataUri(90, 20)] })).toMatchObject({
      reason: "PageSizeOutOfRange",
    });
    expect(await refusal("/start-end2video", { ...image, images: [uri, await dataUri(36, 64)] })).toMatchObject({
      message: "invalid field: images",
    });
    expect(await refusal("/text2video", { ...text, images: [uri] })).toMatchObject({ reason: "FieldUnwanted" });
    const { call } = setupFake();
    expect((await call("POST", "/img2video", { ...image, images: [uri] })).json).toMatchObject({ images: [uri] });
    expect((await call("POST", "/img2video", { ...image, images: ["https://example.com/a.png"] })).status).toBe(200);
  });

  it("answers a retired model with ModelUnavailable", async () => {
    const { call } = setupFake({ retiredModels: ["vidu1.5"] });
    expect((await call("POST", "/text2video", { model: "vidu1.5", prompt: "x" })).json).toMatchObject({
      code: 400,
      reason: "ModelUnavailable",
    });
  });

  it("refuses a create without credits or with a blocked prompt", async () => {
    const { call } = setupFake();
    expect(await call("POST", "/text2video", { ...text, prompt: "no-credits please" })).toMatchObject({
      status: 400,
      json: { reason: "CreditInsufficient", message: "insufficient credits" },
    });
    expect(await call("POST", "/text2video", { ...text, prompt: "blocked-prompt" })).toMatchObject({
      status: 400,
      json: { reason: "TaskPromptPolicyViolation" },
    });
  });

  it("answers the three 429 reasons: rate, throttling and the concurrency quota", async () => {
    const { call, advance } = setupFake({ maxConcurrentTasks: 1 });
    expect((await call("POST", "/text2video", { ...text, prompt: "too-many-requests" })).json).toMatchObject({
      code: 429,
      reason: "TooManyRequests",
    });
    expect((await call("POST", "/text2video", { ...text, prompt: "system-throttling" })).json).toMatchObject({
      reason: "SystemThrottling",
    });
    expect((await call("POST", "/text2video", text)).status).toBe(200);
    const over = await call("POST", "/text2video", text);
    expect(over).toMatchObject({ status: 429, json: { reason: "QuotaExceeded" } });
    advance(60_000);
    expect((await call("POST", "/text2video", text)).status).toBe(200);
  });

  it("answers bad JSON with BadRequest, unknown paths and tasks with 404s, and mounts fault admin", async () => {
    const { fake, call } = setupFake();
    const broken = await fake.app.fetch(
      new Request("http://vidu.fake/text2video", {
        method: "POST",
        headers: { Authorization: `Token ${TEST_KEY}` },
        body: "{",
      }),
    );
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ reason: "BadRequest" });
    expect(await call("GET", "/tasks/834561209874321408/creations")).toMatchObject({
      status: 404,
      json: { reason: "TaskNotFound" },
    });
    expect((await call("GET", "/reference2video")).json).toMatchObject({ code: 404, reason: "NotFound" });
    const admin = await call("POST", "/__fake/faults", {
      pathIncludes: "/text2video",
      fault: { type: "status", status: 429, body: { code: 429, reason: "QuotaExceeded", message: "x" } },
    });
    expect(admin.status).toBe(201);
    expect((await call("POST", "/text2video", text)).status).toBe(429);
    expect((await call("POST", "/text2video", text)).status).toBe(200);
    expect(fake.faults.requests.at(-1)).toMatchObject({ method: "POST", path: "/text2video" });
  });
});
