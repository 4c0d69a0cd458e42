import { describe, expect, it } from "vitest";
import { errorOf, KEY, setUp, TEXT, TIMING, VEO_2 } from "./test-support/gemini-fake-client.ts";
import { testImage } from "./test-support/veo-cases.ts";

describe("Gemini fake: auth", () => {
  it("takes the key as a header or as ?key=", async () => {
    const { create, send } = setUp();
    expect((await create(VEO_2, TEXT)).status).toBe(200);
    const byQuery = await send("POST", `/v1beta/models/${VEO_2}:predictLongRunning?key=${KEY}`, {
      headers: {},
      body: TEXT,
    });
    expect(byQuery.status).toBe(200);
  });

  it("answers a missing key with 403 and a wrong one with 400 API_KEY_INVALID, as Google does", async () => {
    const { create } = setUp();
    const missing = await create(VEO_2, TEXT, {});
    expect(missing.status).toBe(403);
    expect(await errorOf(missing)).toMatchObject({ status: "PERMISSION_DENIED", message: /unregistered callers/ });
    const wrong = await create(VEO_2, TEXT, { "x-goog-api-key": "nope" });
    expect(wrong.status).toBe(400);
    expect(await errorOf(wrong)).toMatchObject({
      status: "INVALID_ARGUMENT",
      details: [{ reason: "API_KEY_INVALID" }],
    });
  });
});

describe("Gemini fake: models", () => {
  it("answers retired ids with 404 'no longer available' and unknown ids with 404 'not found'", async () => {
    const { create } = setUp();
    for (const retired of ["veo-3.1-generate-preview", "veo-3.0-generate-001", "veo-3.0-fast-generate-preview"]) {
      const response = await create(retired, TEXT);
      expect(response.status).toBe(404);
      expect(await errorOf(response)).toMatchObject({ status: "NOT_FOUND", message: /no longer available/ });
    }
    const unknown = await create("veo-9-ultra", TEXT);
    expect(await errorOf(unknown)).toMatchObject({
      status: "NOT_FOUND",
      message: /is not found for API version v1beta/,
    });
  });

  it("serves a retired id when told it is not retired", async () => {
    const { create } = setUp({ retiredModels: [] });
    const body = { ...TEXT, parameters: { ...TEXT.parameters, resolution: "1080p" } };
    expect((await create("veo-3.1-generate-preview", body)).status).toBe(200);
  });
});

describe("Gemini fake: validation", () => {
  const cases: Array<[string, string, unknown, RegExp]> = [
    [
      "resolution on Veo 2",
      VEO_2,
      { ...TEXT, parameters: { ...TEXT.parameters, resolution: "720p" } },
      /resolution is not supported/,
    ],
    [
      "a 1:1 aspect ratio",
      VEO_2,
      { ...TEXT, parameters: { ...TEXT.parameters, aspectRatio: "1:1" } },
      /aspect ratio "1:1"/,
    ],
    [
      "seed (refused on this surface)",
      VEO_2,
      { ...TEXT, parameters: { ...TEXT.parameters, seed: 1 } },
      /seed parameter is not supported in the Gemini API/,
    ],
    ["generateAudio", VEO_2, { ...TEXT, parameters: { ...TEXT.parameters, generateAudio: true } }, /generateAudio/],
    [
      "an unknown parameter",
      VEO_2,
      { ...TEXT, parameters: { ...TEXT.parameters, frames: 3 } },
      /Unknown name "frames"/,
    ],
    ["no prompt and no image", VEO_2, { instances: [{}], parameters: {} }, /prompt is required/],
    ["two instances", VEO_2, { ...TEXT, instances: [{ prompt: "a" }, { prompt: "b" }] }, /exactly one instance/],
    [
      "a last frame on Gemini Veo 2",
      VEO_2,
      { ...TEXT, instances: [{ prompt: "a", lastFrame: { bytesBase64Encoded: "AAAA", mimeType: "image/png" } }] },
      /lastFrame is not supported/,
    ],
    [
      "a gcsUri image",
      VEO_2,
      { ...TEXT, instances: [{ prompt: "a", image: { gcsUri: "gs://b/i.png", mimeType: "image/png" } }] },
      /Unknown name "gcsUri"/,
    ],
    [
      "bytes that are no image",
      VEO_2,
      { ...TEXT, instances: [{ prompt: "a", image: { bytesBase64Encoded: "aGVsbG8=", mimeType: "image/png" } }] },
      /Unable to process input image/,
    ],
    [
      "sampleCount 3 on Veo 2",
      VEO_2,
      { ...TEXT, parameters: { ...TEXT.parameters, sampleCount: 3 } },
      /sampleCount must be between 1 and 2/,
    ],
    ["allow_all with an image on Veo 2", VEO_2, {}, /allow_all for personGeneration is currently not supported/],
  ];

  it.each(cases)("refuses %s with 400 INVALID_ARGUMENT", async (_name, model, body, message) => {
    const { create } = setUp();
    let sent = body;
    if (Object.keys(body as object).length === 0) {
      const image = await testImage("png");
      sent = {
        instances: [
          {
            prompt: "a",
            image: { bytesBase64Encoded: (await image.read()).toString("base64"), mimeType: "image/png" },
          },
        ],
        parameters: { personGeneration: "allow_all" },
      };
    }
    const response = await create(model, sent);
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ status: "INVALID_ARGUMENT", message });
  });

  it("refuses 1080p for less than 8 s on Veo 3.1, and takes durationSeconds as a string", async () => {
    const { create } = setUp({ retiredModels: [] });
    const short = await create("veo-3.1-generate-preview", {
      ...TEXT,
      parameters: { durationSeconds: 6, resolution: "1080p" },
    });
    expect(await errorOf(short)).toMatchObject({ message: /1080p output requires durationSeconds 8/ });
    expect(
      (await create("veo-3.1-generate-preview", { ...TEXT, parameters: { durationSeconds: "8", resolution: "1080p" } }))
        .status,
    ).toBe(200);
  });

  it("accepts an unsupported duration but ends the operation with error code 3", async () => {
    const { create, poll, clock } = setUp();
    const created = (await (await create(VEO_2, { ...TEXT, parameters: { durationSeconds: 3 } })).json()) as {
      name: string;
    };
    clock.nowMs += 10_000;
    expect(await poll(created.name)).toEqual({
      name: created.name,
      done: true,
      error: {
        code: 3,
        message:
          "Unsupported output video duration 3 seconds, supported durations are [8,5,6,7] for feature text_to_video.",
      },
    });
  });
});

describe("Gemini fake: operations", () => {
  it("goes from no done field, to done: false, to done with a file URI shaped like Google's", async () => {
    const { create, poll, clock } = setUp();
    const created = (await (await create(VEO_2, TEXT)).json()) as { name: string };
    expect(created).toEqual({
      name: expect.stringMatching(/^models\/veo-2\.0-generate-001\/operations\/[a-z0-9]{12}$/),
    });
    expect(await poll(created.name)).toEqual({ name: created.name });
    clock.nowMs += TIMING.queuedMs;
    expect(await poll(created.name)).toEqual({ name: created.name, done: false });
    clock.nowMs += TIMING.renderMs;
    expect(await poll(created.name)).toMatchObject({
      name: created.name,
      done: true,
      response: {
        "@type": "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse",
        generateVideoResponse: {
          generatedSamples: [
            {
              video: {
                uri: expect.stringMatching(
                  /^https:\/\/generativelanguage\.googleapis\.com\/v1beta\/files\/[a-z0-9]+:download\?alt=media$/,
                ),
              },
            },
          ],
        },
      },
    });
  });

  it("creates a new operation for every create (no idempotency) and 404s unknown operations", async () => {
    const { create, send } = setUp();
    const first = (await (await create(VEO_2, TEXT)).json()) as { name: string };
    const second = (await (await create(VEO_2, TEXT)).json()) as { name: string };
    expect(first.name).not.toBe(second.name);
    const missing = await send("GET", "/v1beta/models/veo-2.0-generate-001/operations/doesnotexist");
    expect(missing.status).toBe(404);
    expect(await errorOf(missing)).toMatchObject({ status: "NOT_FOUND" });
  });

  it("ends a blocked-content prompt done with zero videos and a filter reason", async () => {
    const { create, poll, clock } = setUp();
    const body = { ...TEXT, instances: [{ prompt: "something blocked-content here" }] };
    const created = (await (await create(VEO_2, body)).json()) as { name: string };
    clock.nowMs += 10_000;
    const operation = await poll(created.name);
    expect(operation).toMatchObject({
      done: true,
      response: {
        generateVideoResponse: {
          raiMediaFilteredCount: 1,
          raiMediaFilteredReasons: [expect.stringMatching(/Support codes/)],
        },
      },
    });
    expect(JSON.stringify(operation)).not.toContain("generatedSamples");
  });

  it("answers over quota with 429 RESOURCE_EXHAUSTED and RetryInfo in the body, no Retry-After header", async () => {
    const { create, clock } = setUp({ createsPerMinute: 1 });
    expect((await create(VEO_2, TEXT)).status).toBe(200);
    clock.nowMs += 25_600;
    const limited = await create(VEO_2, TEXT);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBeNull();
    expect(await errorOf(limited)).toMatchObject({
      status: "RESOURCE_EXHAUSTED",
      details: expect.arrayContaining([{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "34.4s" }]),
    });
    clock.nowMs += 34_400;
    expect((await create(VEO_2, TEXT)).status).toBe(200);
  });
});

describe("Gemini fake: faults", () => {
  it("mounts the fault admin and middleware", async () => {
    const { send, create } = setUp();
    const scripted = await send("POST", "/__fake/faults", {
      headers: { "content-type": "application/json" },
      body: { method: "POST", pathIncludes: ":predictLongRunning", fault: { type: "status", status: 503, body: {} } },
    });
    expect(scripted.status).toBe(201);
    expect((await create(VEO_2, TEXT)).status).toBe(503);
    expect((await create(VEO_2, TEXT)).status).toBe(200);
    const recorded = (await (await send("GET", "/__fake/requests")).json()) as Array<{ path: string }>;
    expect(recorded.filter((request) => request.path.includes(":predictLongRunning"))).toHaveLength(2);
  });
});
