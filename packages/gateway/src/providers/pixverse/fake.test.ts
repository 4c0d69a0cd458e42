import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { setupFake, solidPng, TEST_KEY, TIMING, type Json } from "./test-support/fake-client.ts";

const textBody = { model: "v4.5", prompt: "A lighthouse at dusk", aspect_ratio: "16:9", duration: 5, quality: "720p" };
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), "utf8")) as Json;

describe("PixVerse fake: headers and envelope", () => {
  it("answers a missing or wrong API-KEY with HTTP 200 and an auth ErrCode (10001–10005)", async () => {
    const { send } = setupFake();
    const cases: Array<Record<string, string>> = [
      { "Ai-trace-id": "t-1" },
      { "API-KEY": "other", "Ai-trace-id": "t-2" },
    ];
    for (const headers of cases) {
      const answer = await send("POST", "/video/text/generate", { json: textBody, headers });
      expect(answer.status).toBe(200);
      expect(answer.json.ErrCode).toBeGreaterThanOrEqual(10001);
      expect(answer.json.ErrCode).toBeLessThanOrEqual(10005);
      expect(answer.json.Resp).toBeNull();
    }
  });

  it("requires Ai-trace-id, case-insensitively, on every call including reads", async () => {
    const { send } = setupFake();
    const missing = await send("GET", "/video/result/1", { headers: { "API-KEY": TEST_KEY } });
    expect(missing).toMatchObject({ status: 200, json: { ErrCode: 400011, Resp: null } });
    const lower = await send("POST", "/video/text/generate", {
      json: textBody,
      headers: { "api-key": TEST_KEY, "ai-trace-id": "lower-case" },
    });
    expect(lower.json.ErrCode).toBe(0);
  });

  it("answers a good create in the reference's shape, with an integer video_id", async () => {
    const { send } = setupFake();
    const answer = await send("POST", "/video/text/generate", { json: textBody });
    expect(Object.keys(answer.json)).toEqual(Object.keys(fixture("create-response")));
    expect(answer.json).toEqual({ ErrCode: 0, ErrMsg: "success", Resp: { video_id: expect.any(Number) } });
    expect(Number.isInteger(answer.json.Resp.video_id)).toBe(true);
  });
});

describe("PixVerse fake: validation (400017 invalid param, HTTP 200)", () => {
  const refused = async (body: Json, path = "/video/text/generate", strict = false) => {
    const answer = await setupFake({ strict }).send("POST", path, { json: body });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual(fixture("invalid-param"));
    return answer.response.headers.get("x-fake-reason");
  };

  it.each([
    ["an unknown model", { model: "v9" }],
    ["a missing quality (the seed never sends one)", { quality: undefined }],
    ["a quality PixVerse lacks", { quality: "4k" }],
    ["10 s on v4.5", { duration: 10 }],
    ["21:9 on v4.5", { aspect_ratio: "21:9" }],
    ["no aspect_ratio on text", { aspect_ratio: undefined }],
    ["fast motion at 8 s", { motion_mode: "fast", duration: 8 }],
    ["fast motion at 1080p", { motion_mode: "fast", quality: "1080p" }],
    ["1080p + 8 s on v3.5", { model: "v3.5", quality: "1080p", duration: 8 }],
    ["1080p + 10 s on v5.5", { model: "v5.5", quality: "1080p", duration: 10 }],
    ["16 s on v6", { model: "v6", duration: 16 }],
    ["the audio switch on v5", { model: "v5", generate_audio_switch: true }],
    ["a seed out of range", { seed: -1 }],
    ["an empty prompt", { prompt: "" }],
  ])("refuses %s", async (_name, fields) => {
    expect(await refused({ ...textBody, ...fields })).toBeTruthy();
  });

  it("accepts what the 2026 text allows and refuses it under the 2025 rule in strict mode", async () => {
    const body = { ...textBody, quality: "1080p", duration: 8 };
    expect((await setupFake().send("POST", "/video/text/generate", { json: body })).json.ErrCode).toBe(0);
    expect(await refused(body, "/video/text/generate", true)).toMatch(/2025/);
    expect(await refused({ ...textBody, prompt: "x".repeat(2049) }, "/video/text/generate", true)).toMatch(/prompt/);
  });

  it("takes v6's 2:3 and 1–15 s", async () => {
    const { send } = setupFake();
    const answer = await send("POST", "/video/text/generate", {
      json: { ...textBody, model: "v6", aspect_ratio: "2:3", duration: 13 },
    });
    expect(answer.json.ErrCode).toBe(0);
  });

  it("needs a known img_id on image-to-video, ignoring aspect_ratio unless strict", async () => {
    const { send, upload } = setupFake();
    const imgId = (await upload(await solidPng(64, 36))).json.Resp.img_id as number;
    const imageBody = { model: "v4.5", prompt: "Waves", img_id: imgId, duration: 5, quality: "540p" };
    expect((await send("POST", "/video/img/generate", { json: imageBody })).json.ErrCode).toBe(0);
    expect((await send("POST", "/video/img/generate", { json: { ...imageBody, img_id: 1 } })).json.ErrCode).toBe(
      400017,
    );
    expect(
      (await send("POST", "/video/img/generate", { json: { ...imageBody, aspect_ratio: "1:1" } })).json.ErrCode,
    ).toBe(0);
    expect(await refused({ ...imageBody, aspect_ratio: "1:1" }, "/video/img/generate", true)).toMatch(/aspect_ratio/);
  });

  it("refuses uploads that are not png, webp or jpeg images", async () => {
    const { send } = setupFake();
    const form = new FormData();
    form.append("image", new Blob(["not an image"], { type: "image/png" }), "x.png");
    expect((await send("POST", "/image/upload", { form })).json.ErrCode).toBe(400017);
    const byUrl = new FormData();
    byUrl.append("image_url", "https://example.com/a.png");
    expect((await send("POST", "/image/upload", { form: byUrl })).json).toMatchObject({ ErrCode: 0 });
  });
});

describe("PixVerse fake: trace-id replay", () => {
  it("answers a repeated Ai-trace-id with the earlier result and creates nothing new", async () => {
    const { fake, send } = setupFake();
    const first = await send("POST", "/video/text/generate", { json: textBody, traceId: "trace-a" });
    const again = await send("POST", "/video/text/generate", {
      json: { ...textBody, prompt: "Something else" },
      traceId: "trace-a",
    });
    expect(again.json).toEqual(first.json);
    expect(fake.taskCount()).toBe(1);
    const other = await send("POST", "/video/text/generate", { json: textBody, traceId: "trace-b" });
    expect(other.json.Resp.video_id).not.toBe(first.json.Resp.video_id);
    expect(fake.taskCount()).toBe(2);
  });

  it("replays uploads too, and does not cache refusals", async () => {
    const { fake, send, upload } = setupFake();
    const png = await solidPng(32, 32);
    expect((await upload(png, "up-1")).json).toEqual((await upload(png, "up-1")).json);
    const bad = await send("POST", "/video/text/generate", { json: { ...textBody, duration: 7 }, traceId: "t" });
    expect(bad.json.ErrCode).toBe(400017);
    expect((await send("POST", "/video/text/generate", { json: textBody, traceId: "t" })).json.ErrCode).toBe(0);
    expect(fake.taskCount()).toBe(1);
  });
});

describe("PixVerse fake: account answers", () => {
  it("answers insufficient balance for a 'no-credits' prompt, creating nothing", async () => {
    const { fake, send } = setupFake();
    const answer = await send("POST", "/video/text/generate", { json: { ...textBody, prompt: "no-credits please" } });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ ErrCode: 500090, ErrMsg: expect.stringMatching(/balance/i), Resp: null });
    expect(fake.taskCount()).toBe(0);
  });

  it("answers 500044 past maxConcurrent, and again once a generation has finished", async () => {
    const { send, advance } = setupFake({ maxConcurrent: 1 });
    expect((await send("POST", "/video/text/generate", { json: textBody })).json.ErrCode).toBe(0);
    expect((await send("POST", "/video/text/generate", { json: textBody })).json.ErrCode).toBe(500044);
    advance(TIMING.queuedMs + TIMING.renderMs);
    expect((await send("POST", "/video/text/generate", { json: textBody })).json.ErrCode).toBe(0);
  });

  it("shows the balance in the documented shape", async () => {
    const { send } = setupFake();
    expect((await send("GET", "/account/balance")).json.Resp).toEqual({
      account_id: expect.any(Number),
      credit_monthly: expect.any(Number),
      credit_package: expect.any(Number),
    });
  });
});

describe("PixVerse fake: results over time and outputs", () => {
  const start = async (prompt: string, fake = setupFake()) => {
    const created = await fake.send("POST", "/video/text/generate", { json: { ...textBody, prompt } });
    const id = created.json.Resp.video_id as number;
    return { ...fake, id, result: async () => (await fake.send("GET", `/video/result/${id}`)).json };
  };

  it("reads 5 with an empty url until done, then 1 with a URL that serves a real MP4", async () => {
    const { id, result, advance } = await start("A lighthouse");
    const generating = await result();
    expect(Object.keys(generating.Resp).toSorted()).toEqual(Object.keys(fixture("result-generating").Resp).toSorted());
    expect(generating.Resp).toMatchObject({ id, status: 5, url: "", outputWidth: 0 });
    advance(TIMING.queuedMs + 1);
    expect((await result()).Resp.status).toBe(5);
    advance(TIMING.renderMs);
    const done = (await result()).Resp;
    expect(done).toMatchObject({ id, status: 1, outputWidth: 1280, outputHeight: 720, has_audio: false });
    expect(done.url).toMatch(new RegExp(`/media/openapi/${id}\\.mp4\\?auth_key=`));
  });

  it("serves the MP4 until the URL expires, and hands out a fresh URL on each read", async () => {
    const fake = setupFake({ outputTtlMs: 60_000 });
    const { result, advance } = await start("A lighthouse", fake);
    advance(TIMING.queuedMs + TIMING.renderMs);
    const url = (await result()).Resp.url as string;
    const video = await fake.fake.app.fetch(new Request(url));
    expect(video.status).toBe(200);
    expect(video.headers.get("content-type")).toBe("video/mp4");
    expect(
      Buffer.from(await video.arrayBuffer())
        .subarray(4, 8)
        .toString("latin1"),
    ).toBe("ftyp");
    advance(60_000);
    expect((await fake.fake.app.fetch(new Request(url))).status).toBe(403);
    const fresh = (await result()).Resp.url as string;
    expect(fresh).not.toBe(url);
    expect((await fake.fake.app.fetch(new Request(fresh))).status).toBe(200);
    expect((await fake.fake.app.fetch(new Request(fresh.replace(/auth_key=[^&]+/, "auth_key=forged")))).status).toBe(
      403,
    );
  });

  it("ends a 'blocked-content' prompt with 7 and a 'fail-generation' one with 8, both without a URL", async () => {
    for (const [prompt, status] of [
      ["blocked-content here", 7],
      ["fail-generation here", 8],
    ] as const) {
      const { result, advance } = await start(prompt);
      advance(TIMING.queuedMs + TIMING.renderMs);
      expect((await result()).Resp).toMatchObject({ status, url: "" });
    }
  });

  it("answers an unknown video id with an envelope error", async () => {
    const { send } = setupFake();
    expect((await send("GET", "/video/result/42")).json).toMatchObject({ ErrCode: 400017, Resp: null });
  });
});
