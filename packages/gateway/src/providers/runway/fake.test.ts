import { describe, expect, it } from "vitest";
import { createRunwayFake } from "./fake.ts";
import { callFake, RUNWAY_HEADERS, TEST_KEY } from "./test-support/fake-client.ts";
import { solidImage } from "./test-support/images.ts";

const fake = createRunwayFake({ apiKey: TEST_KEY });
const textBody = { model: "gen4.5", promptText: "A lighthouse at dusk", ratio: "1280:720", duration: 5 };
const create = (path: string, body: unknown) => callFake(fake, "POST", path, { body });
const dataUri = async (width: number, height: number) =>
  `data:image/png;base64,${(await solidImage(width, height)).toString("base64")}`;

describe("Runway fake: headers", () => {
  it.each([
    ["no Authorization", { "X-Runway-Version": "2024-11-06" }],
    ["a non-Bearer scheme", { Authorization: `Basic ${TEST_KEY}`, "X-Runway-Version": "2024-11-06" }],
    ["an empty Bearer", { Authorization: "Bearer ", "X-Runway-Version": "2024-11-06" }],
    ["another key", { Authorization: "Bearer key_other", "X-Runway-Version": "2024-11-06" }],
  ])("answers 401 with a string error for %s", async (_name, headers) => {
    for (const [method, path] of [
      ["POST", "/v1/text_to_video"],
      ["GET", "/v1/tasks/4f2b8c1e-7a3d-4e9b-9c0f-2d6e5a1b8c77"],
      ["DELETE", "/v1/tasks/4f2b8c1e-7a3d-4e9b-9c0f-2d6e5a1b8c77"],
    ] as const) {
      const answer = await callFake(fake, method, path, { headers });
      expect(answer.status).toBe(401);
      expect(typeof answer.json.error).toBe("string");
      expect(answer.headers.get("content-type")).toBe("application/json; charset=utf-8");
    }
  });

  it("accepts any non-empty key when none is configured (Runway's SDK tests use 'My API Key')", async () => {
    const open = createRunwayFake();
    const headers = {
      Authorization: "Bearer My API Key",
      "X-Runway-Version": "2024-11-06",
      "Content-Type": "application/json",
    };
    expect(
      (await callFake(open, "POST", "/v1/text_to_video", { headers, rawBody: JSON.stringify(textBody) })).status,
    ).toBe(200);
  });

  it("answers 400 when X-Runway-Version is missing or not 2024-11-06", async () => {
    const missing = await callFake(fake, "GET", "/v1/tasks/x", { headers: { Authorization: `Bearer ${TEST_KEY}` } });
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatch(/X-Runway-Version/);
    const old = await callFake(fake, "GET", "/v1/tasks/x", {
      headers: { ...RUNWAY_HEADERS, "X-Runway-Version": "2024-09-13" },
    });
    expect(old.status).toBe(400);
    expect(old.json.error).toMatch(/2024-09-13/);
  });
});

describe("Runway fake: create validation", () => {
  it("answers 200 with only {id, estimatedCost}, never the task", async () => {
    const answer = await create("/v1/text_to_video", textBody);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/),
      estimatedCost: { credits: 60 },
    });
    expect(answer.headers.get("x-powered-by")).toBe("Express");
  });

  it("refuses aspect names, listing the model's pixel ratios, with docUrl", async () => {
    const answer = await create("/v1/image_to_video", {
      model: "gen4_turbo",
      promptImage: "https://example.com/a.png",
      ratio: "16:9",
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      error: "Validation of body failed",
      issues: [
        {
          code: "invalid_value",
          values: ["1280:720", "720:1280", "1104:832", "832:1104", "960:960", "1584:672"],
          path: ["ratio"],
          message: 'Invalid option: expected one of "1280:720"|"720:1280"|"1104:832"|"832:1104"|"960:960"|"1584:672"',
        },
      ],
      docUrl: "https://docs.dev.runwayml.com/api",
    });
  });

  const issueOf = async (path: string, body: unknown) => {
    const answer = await create(path, body);
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe("Validation of body failed");
    return (answer.json.issues as Array<Record<string, unknown>>)[0];
  };

  it("refuses text-to-video on gen4_turbo and the retired gen3a_turbo as no matching discriminator", async () => {
    for (const [path, model] of [
      ["/v1/text_to_video", "gen4_turbo"],
      ["/v1/text_to_video", "gen3a_turbo"],
      ["/v1/image_to_video", "gen3a_turbo"],
    ]) {
      expect(
        await issueOf(path as string, { ...textBody, model, promptImage: "https://example.com/a.png" }),
      ).toMatchObject({
        code: "invalid_union",
        note: "No matching discriminator",
        discriminator: "model",
        path: ["model"],
      });
    }
  });

  it("checks durations per model: integers 2–10 on gen models, 8 on veo3, 4/6/8 on veo3.1", async () => {
    expect(await issueOf("/v1/text_to_video", { ...textBody, duration: 5.5 })).toMatchObject({
      code: "invalid_type",
      expected: "int",
    });
    expect(await issueOf("/v1/text_to_video", { ...textBody, duration: 11 })).toMatchObject({
      code: "too_big",
      path: ["duration"],
    });
    expect(await issueOf("/v1/text_to_video", { ...textBody, model: "veo3", duration: 5 })).toMatchObject({
      code: "invalid_value",
      values: [8],
    });
    expect(await issueOf("/v1/text_to_video", { ...textBody, model: "veo3.1", duration: 5 })).toMatchObject({
      code: "invalid_value",
      values: [4, 6, 8],
    });
    const { duration: _omitted, ...withoutDuration } = textBody;
    expect(await issueOf("/v1/text_to_video", withoutDuration)).toMatchObject({
      code: "invalid_type",
      path: ["duration"],
    });
    expect((await create("/v1/text_to_video", { ...withoutDuration, model: "veo3.1" })).status).toBe(200);
  });

  it("checks promptText, gen4.5 text ratios, unknown fields and veo-only fields", async () => {
    expect(await issueOf("/v1/text_to_video", { ...textBody, promptText: "x".repeat(1001) })).toMatchObject({
      code: "too_big",
      maximum: 1000,
      origin: "string",
    });
    expect(await issueOf("/v1/text_to_video", { ...textBody, promptText: "" })).toMatchObject({ code: "too_small" });
    expect(await issueOf("/v1/text_to_video", { ...textBody, ratio: "960:960" })).toMatchObject({
      values: ["1280:720", "720:1280"],
    });
    expect(await issueOf("/v1/text_to_video", { ...textBody, audio: true })).toMatchObject({
      code: "unrecognized_keys",
      keys: ["audio"],
    });
    expect(await issueOf("/v1/text_to_video", { ...textBody, ratio: "1280x720" })).toMatchObject({
      code: "invalid_value",
    });
  });

  it("takes a last frame only on veo3.1 and never a last frame alone", async () => {
    const uri = "https://example.com/a.png";
    const veo = { model: "veo3.1", ratio: "1280:720", duration: 8 };
    const firstLast = [
      { uri, position: "first" },
      { uri, position: "last" },
    ];
    expect((await create("/v1/image_to_video", { ...veo, promptImage: firstLast })).status).toBe(200);
    expect((await create("/v1/image_to_video", { ...veo, promptImage: [{ uri, position: "last" }] })).status).toBe(400);
    const turbo = { model: "gen4_turbo", ratio: "1280:720", promptImage: firstLast };
    expect(await issueOf("/v1/image_to_video", turbo)).toMatchObject({ code: "invalid_union" });
  });

  it("reads only JSON bodies", async () => {
    const headers = { ...RUNWAY_HEADERS, "Content-Type": "text/plain" };
    const plain = await callFake(fake, "POST", "/v1/text_to_video", { headers, rawBody: JSON.stringify(textBody) });
    expect(plain.json).toMatchObject({ issues: [{ code: "invalid_type", expected: "object" }] });
    const broken = await callFake(fake, "POST", "/v1/text_to_video", { rawBody: "{ not json" });
    expect(broken.status).toBe(400);
    expect(typeof broken.json.error).toBe("string");
  });
});

describe("Runway fake: promptImage assets", () => {
  const imageBody = (promptImage: string) => ({ model: "gen4_turbo", promptImage, ratio: "1280:720", duration: 5 });
  it("accepts HTTPS URLs without fetching them, runway:// URIs and good data URIs", async () => {
    for (const uri of ["https://example.com/file", "runway://uploads/abc", await dataUri(64, 36)]) {
      expect((await create("/v1/image_to_video", imageBody(uri))).status).toBe(200);
    }
  });

  it.each([
    ["http://example.com/a.png", "promptImage: Only HTTPS URLs are allowed."],
    ["https://192.0.2.7/a.png", "promptImage: URLs must be hosted on a domain."],
    ["not a url", "promptImage: Invalid URL"],
    ["data:image/png;base64,!!!", "promptImage: Invalid data URI."],
    ["data:image/png;base64,aGVsbG8=", "promptImage: Invalid data URI."],
    ["data:image/gif;base64,R0lGODlhAQABAAAAACw=", "promptImage: Unsupported asset type."],
  ])("refuses %s", async (uri, error) => {
    expect(await create("/v1/image_to_video", imageBody(uri))).toMatchObject({ status: 400, json: { error } });
  });

  it("refuses images outside the 0.5–2 width/height range, as Runway words it", async () => {
    const tall = await create("/v1/image_to_video", imageBody(await dataUri(12, 26)));
    expect(tall).toMatchObject({
      status: 400,
      json: { error: "promptImage: Invalid asset aspect ratio. width / height ratio must be at least 0.5. Got 0.462." },
    });
  });

  it("answers 413 for an oversized body", async () => {
    const huge = imageBody(`data:image/png;base64,${"A".repeat(17 * 1024 * 1024)}`);
    expect((await create("/v1/image_to_video", huge)).status).toBe(413);
  });
});

describe("Runway fake: routing and faults", () => {
  it("answers 404 for unknown tasks and paths, 405 for wrong methods", async () => {
    expect(await callFake(fake, "GET", "/v1/tasks/4f2b8c1e-7a3d-4e9b-9c0f-2d6e5a1b8c77")).toMatchObject({
      status: 404,
      json: { error: expect.any(String) },
    });
    expect((await callFake(fake, "DELETE", "/v1/tasks/nope")).status).toBe(404);
    expect((await callFake(fake, "GET", "/v1/nothing_here")).status).toBe(404);
    expect((await callFake(fake, "GET", "/v1/text_to_video")).status).toBe(405);
    expect((await callFake(fake, "PUT", "/v1/tasks/abc")).status).toBe(405);
  });

  it("mounts the fault admin and records requests", async () => {
    const admin = await callFake(fake, "POST", "/__fake/faults", {
      body: {
        method: "POST",
        pathIncludes: "/v1/text_to_video",
        fault: { type: "status", status: 429, body: { error: "Your daily task limit has been reached." } },
      },
    });
    expect(admin.status).toBe(201);
    expect(await create("/v1/text_to_video", textBody)).toMatchObject({
      status: 429,
      json: { error: "Your daily task limit has been reached." },
    });
    expect((await create("/v1/text_to_video", textBody)).status).toBe(200);
    expect(fake.faults.requests.at(-1)).toMatchObject({ method: "POST", path: "/v1/text_to_video" });
  });
});
