import { describe, expect, it } from "vitest";
import { makeTestImage } from "../../media/test-support/make-test-image.ts";
import { rebuildBracketed } from "./fake-body.ts";
import { form, setupFake as setup, type Json } from "./test-support/fake-harness.ts";
import { TEST_KEY } from "./test-support/fixtures.ts";

describe("OpenAI fake: auth and envelope", () => {
  it("refuses a missing or wrong key with 401 in OpenAI's envelope, everywhere under /v1", async () => {
    const { send, create } = setup();
    const missing = await send("GET", "/v1/videos", { key: null });
    expect(missing.status).toBe(401);
    expect(missing.json).toEqual({
      error: {
        message: expect.stringContaining("didn't provide an API key"),
        type: "invalid_request_error",
        param: null,
        code: null,
      },
    });
    const wrong = await send("GET", "/v1/videos", { key: "sk-wrong" });
    expect(wrong).toMatchObject({ status: 401, json: { error: { code: "invalid_api_key" } } });
    expect(JSON.stringify(wrong.json)).not.toContain("sk-wrong");
    const video = await create();
    expect((await send("GET", `/v1/videos/${video.id}/content`, { key: null })).status).toBe(401);
  });

  it("answers unknown paths with 404 'Invalid URL', and every response carries x-request-id", async () => {
    const { send } = setup();
    const unknown = await send("GET", "/v1/nothing-here");
    expect(unknown).toMatchObject({ status: 404, json: { error: { message: "Invalid URL (GET /v1/nothing-here)" } } });
    expect(unknown.response.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/);
    expect((await send("GET", "/v1/videos", { key: null })).response.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("scripts a 429 with Retry-After through the faults", async () => {
    const { fake, send } = setup();
    fake.faults.inject({
      method: "POST",
      pathIncludes: "/videos",
      fault: {
        type: "status",
        status: 429,
        headers: { "retry-after": "3" },
        body: { error: { message: "Rate limit reached", type: "requests", param: null, code: "rate_limit_exceeded" } },
      },
    });
    const limited = await send("POST", "/v1/videos", { json: { prompt: "x" } });
    expect(limited.status).toBe(429);
    expect(limited.response.headers.get("retry-after")).toBe("3");
    expect((await send("POST", "/v1/videos", { json: { prompt: "x" } })).status).toBe(200);
  });
});

describe("OpenAI fake: create validation", () => {
  it.each([
    [{ seconds: "5" }, "seconds", "invalid_value", "Invalid value: '5'. Supported values are: '4', '8', and '12'."],
    [
      { seconds: 8 },
      "seconds",
      "invalid_type",
      "Invalid type for 'seconds': expected one of '4', '8', or '12', but got an integer instead.",
    ],
    [
      { size: "1792x1024" },
      "size",
      "invalid_value",
      "Invalid value: '1792x1024'. Supported values are: '720x1280' and '1280x720'.",
    ],
    [{ size: "1280X720" }, "size", "invalid_value", expect.stringContaining("Invalid value: '1280X720'")],
    [{ model: "sora-3" }, "model", "invalid_value", expect.stringContaining("Invalid value: 'sora-3'")],
    [{ prompt: undefined }, "prompt", "missing_required_parameter", "Missing required parameter: 'prompt'."],
    [{ prompt: "" }, "prompt", "empty_string", expect.stringContaining("empty string")],
    [{ prompt: "x".repeat(32_001) }, "prompt", "string_above_max_length", expect.stringContaining("32000")],
    [{ n: 2 }, null, null, "Unrecognized request argument supplied: n"],
    [
      { input_reference: { image_url: "https://x/a.png", file_id: "file-1" } },
      "input_reference",
      "invalid_value",
      expect.any(String),
    ],
    [
      { input_reference: { image_url: "ftp://x/a.png" } },
      "input_reference.image_url",
      "invalid_value",
      expect.any(String),
    ],
  ])("refuses %j with 400 (param %s, code %s)", async (fields, param, code, message) => {
    const { send } = setup();
    const result = await send("POST", "/v1/videos", { json: { prompt: "A kite", ...fields } });
    expect(result.status).toBe(400);
    expect(result.json).toEqual({ error: { message, type: "invalid_request_error", param, code } });
  });

  it("takes the larger sizes on sora-2-pro only, and defaults to sora-2, 720x1280, 4 s", async () => {
    const { create } = setup();
    expect(await create({ model: "sora-2-pro", size: "1920x1080", seconds: "12" })).toMatchObject({
      size: "1920x1080",
      seconds: "12",
    });
    const defaults = await create({ model: undefined });
    expect(defaults).toMatchObject({ model: "sora-2", size: "720x1280", seconds: "4" });
  });

  it("refuses bad JSON and other content types", async () => {
    const { fake } = setup();
    const post = (body: string, type: string) =>
      fake.app.fetch(
        new Request("http://fake.test/v1/videos", {
          method: "POST",
          headers: { authorization: `Bearer ${TEST_KEY}`, "content-type": type },
          body,
        }),
      );
    const bad = await post("{ nope", "application/json");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Json).error.message).toContain("could not parse the JSON body");
    expect((await post("prompt=x", "application/x-www-form-urlencoded")).status).toBe(400);
  });

  it("answers a retired model 404 model_not_found when switched on", async () => {
    const { send } = setup({ retiredModels: ["sora-2"] });
    const result = await send("POST", "/v1/videos", { json: { prompt: "x", model: "sora-2" } });
    expect(result).toMatchObject({ status: 404, json: { error: { code: "model_not_found", param: null } } });
  });
});

describe("OpenAI fake: both encodings and the first frame", () => {
  it("accepts multipart text fields like JSON ones", async () => {
    const { send } = setup();
    const result = await send("POST", "/v1/videos", {
      form: form({ prompt: "A kite", model: "sora-2-pro", size: "1280x720", seconds: "8" }),
    });
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({
      model: "sora-2-pro",
      size: "1280x720",
      seconds: "8",
      status: "queued",
      progress: 0,
    });
  });

  it("checks an input_reference file's pixels against size, with OpenAI's captured message", async () => {
    const { send } = setup();
    const right = await makeTestImage({ width: 1280, height: 720, format: "jpeg" });
    const wrong = await makeTestImage({ width: 1280, height: 704, format: "jpeg" });
    const file = (bytes: Buffer) => new File([new Uint8Array(bytes)], "ref.jpg", { type: "application/octet-stream" });
    const ok = await send("POST", "/v1/videos", {
      form: form({ prompt: "A kite", size: "1280x720", input_reference: file(right) }),
    });
    expect(ok.status).toBe(200);
    const refused = await send("POST", "/v1/videos", {
      form: form({ prompt: "A kite", size: "1280x720", input_reference: file(wrong) }),
    });
    expect(refused).toMatchObject({
      status: 400,
      json: { error: { message: "Inpaint image must match the requested width and height", param: null, code: null } },
    });
    const notImage = await send("POST", "/v1/videos", {
      form: form({ prompt: "A kite", input_reference: new File(["hello"], "a.txt") }),
    });
    expect(notImage).toMatchObject({ status: 400, json: { error: { param: "input_reference" } } });
  });

  it("rebuilds bracketed fields: input_reference[image_url] as a data URL, input_reference[file_id]", async () => {
    const { send } = setup();
    const png = await makeTestImage({ width: 720, height: 1280, format: "png" });
    const dataUrl = `data:image/png;base64,${png.toString("base64")}`;
    expect(
      (await send("POST", "/v1/videos", { form: form({ prompt: "A kite", "input_reference[image_url]": dataUrl }) }))
        .status,
    ).toBe(200);
    expect(
      (
        await send("POST", "/v1/videos", {
          json: { prompt: "A kite", size: "1280x720", input_reference: { image_url: dataUrl } },
        })
      ).status,
    ).toBe(400);
    expect(
      (await send("POST", "/v1/videos", { form: form({ prompt: "A kite", "input_reference[file_id]": "file-abc" }) }))
        .status,
    ).toBe(200);
  });

  it("rebuilds nested and array names without touching prototypes", () => {
    const rebuilt = rebuildBracketed([
      ["a[b][c]", "1"],
      ["tags[]", "x"],
      ["tags[]", "y"],
      ["plain", "p"],
    ]);
    expect(JSON.parse(JSON.stringify(rebuilt))).toEqual({ a: { b: { c: "1" } }, tags: ["x", "y"], plain: "p" });
    expect(() => rebuildBracketed([["__proto__[polluted]", "1"]])).toThrow(/Invalid parameter name/);
    expect(({} as Json).polluted).toBeUndefined();
  });
});
