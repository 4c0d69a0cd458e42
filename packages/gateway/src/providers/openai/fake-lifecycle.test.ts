import { describe, expect, it } from "vitest";
import { DONE_MS, form, setupFake as setup, START_MS, TIMING, type Json } from "./test-support/fake-harness.ts";

describe("OpenAI fake: progress, content and expiry over time", () => {
  it("goes queued → in_progress (rising integer progress) → completed, then serves and expires its assets", async () => {
    const { send, create, advance, now } = setup({ outputTtlMs: 3_600_000 });
    const video = await create({ size: "1280x720", seconds: "4" });
    const get = async () => (await send("GET", `/v1/videos/${video.id}`)).json;
    expect(video).toEqual({
      id: expect.stringMatching(/^video_[0-9a-f]{48}$/),
      object: "video",
      model: "sora-2",
      status: "queued",
      progress: 0,
      created_at: START_MS / 1000,
      completed_at: null,
      expires_at: null,
      prompt: "A kite",
      size: "1280x720",
      seconds: "4",
      remixed_from_video_id: null,
      error: null,
    });
    const notReady = await send("GET", `/v1/videos/${video.id}/content`);
    expect(notReady.status).toBe(404);
    expect(notReady.json.error.message).toMatch(/^Video is not ready yet/);

    advance(TIMING.queuedMs + 2_500);
    const early = await get();
    advance(5_000);
    const later = await get();
    expect(early).toMatchObject({ status: "in_progress", progress: 25 });
    expect(later).toMatchObject({ status: "in_progress", progress: 75 });
    expect((await send("GET", `/v1/videos/${video.id}`)).response.headers.get("openai-poll-after-ms")).toBe("2750");

    advance(DONE_MS);
    const done = await send("GET", `/v1/videos/${video.id}`);
    const completedAt = (START_MS + DONE_MS) / 1000;
    expect(done.json).toMatchObject({
      status: "completed",
      progress: 100,
      completed_at: completedAt,
      expires_at: completedAt + 3600,
    });
    expect(done.response.headers.get("openai-poll-after-ms")).toBeNull();

    const mp4 = await send("GET", `/v1/videos/${video.id}/content`);
    expect(mp4.response.headers.get("content-type")).toBe("video/mp4");
    expect(
      Buffer.from(await mp4.response.arrayBuffer())
        .subarray(4, 8)
        .toString("latin1"),
    ).toBe("ftyp");
    const thumbnail = await send("GET", `/v1/videos/${video.id}/content?variant=thumbnail`);
    expect(thumbnail.response.headers.get("content-type")).toBe("image/webp");
    expect(
      Buffer.from(await thumbnail.response.arrayBuffer())
        .subarray(8, 12)
        .toString("latin1"),
    ).toBe("WEBP");
    const sprites = await send("GET", `/v1/videos/${video.id}/content?variant=spritesheet`);
    expect(sprites.response.headers.get("content-type")).toBe("image/jpeg");
    expect((await send("GET", `/v1/videos/${video.id}/content?variant=poster`)).json.error.param).toBe("variant");

    advance(START_MS + DONE_MS + 3_600_000 - now() - 1);
    expect((await send("GET", `/v1/videos/${video.id}/content`)).status).toBe(200);
    advance(1);
    const expired = await send("GET", `/v1/videos/${video.id}/content`);
    expect(expired.status).toBe(404);
    expect(expired.json.error.message).toContain("expired");
  });

  it("fails a blocked prompt with a moderation code, and has no content for it", async () => {
    const { send, create, advance } = setup();
    const video = await create({ prompt: "please render blocked-content now" });
    advance(DONE_MS);
    const failed = (await send("GET", `/v1/videos/${video.id}`)).json;
    expect(failed).toMatchObject({
      status: "failed",
      error: { code: "moderation_blocked", message: expect.any(String) },
      completed_at: null,
      expires_at: null,
    });
    expect((await send("GET", `/v1/videos/${video.id}/content`)).status).toBe(404);
  });

  it("answers 404 for an unknown video", async () => {
    const { send } = setup();
    expect(await send("GET", "/v1/videos/video_nope")).toMatchObject({
      status: 404,
      json: { error: { message: "Video 'video_nope' not found." } },
    });
  });
});

describe("OpenAI fake: list, delete, remix", () => {
  it("pages with after/limit/order and terminates", async () => {
    const { send, create, advance } = setup();
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      ids.push((await create()).id as string);
      advance(1_000);
    }
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const result = await send("GET", `/v1/videos?limit=2${after ? `&after=${after}` : ""}`);
      seen.push(...(result.json.data as Json[]).map((video) => video.id as string));
      expect(result.json.first_id).toBe(result.json.data[0]?.id ?? null);
      if (!result.json.has_more) break;
      after = result.json.last_id as string;
    }
    expect(seen).toEqual(ids.toReversed());
    const ascending = await send("GET", "/v1/videos?order=asc&limit=100");
    expect(ascending.json).toMatchObject({ object: "list", has_more: false, first_id: ids[0], last_id: ids[4] });
    expect((await send("GET", "/v1/videos?limit=101")).status).toBe(400);
    expect((await send("GET", "/v1/videos?order=up")).status).toBe(400);
    expect((await send("GET", "/v1/videos?after=video_unknown")).status).toBe(400);
    expect((await send("GET", "/v1/videos?limit=0")).json).toMatchObject({
      data: [],
      first_id: null,
      last_id: null,
      has_more: true,
    });
  });

  it("deletes only finished videos; a deleted video is gone", async () => {
    const { send, create, advance } = setup();
    const video = await create();
    const early = await send("DELETE", `/v1/videos/${video.id}`);
    expect(early).toMatchObject({
      status: 400,
      json: { error: { message: expect.stringContaining("only completed or failed") } },
    });
    advance(DONE_MS);
    expect((await send("DELETE", `/v1/videos/${video.id}`)).json).toEqual({
      id: video.id,
      object: "video.deleted",
      deleted: true,
    });
    expect((await send("GET", `/v1/videos/${video.id}`)).status).toBe(404);
    expect((await send("GET", "/v1/videos")).json.data).toEqual([]);
    expect((await send("DELETE", `/v1/videos/${video.id}`)).status).toBe(404);
  });

  it("remixes only a completed video into a new queued one, JSON or multipart", async () => {
    const { send, create, advance } = setup();
    const source = await create({ model: "sora-2-pro", size: "1792x1024", seconds: "8" });
    expect((await send("POST", `/v1/videos/${source.id}/remix`, { json: { prompt: "now at night" } })).status).toBe(
      400,
    );
    advance(DONE_MS);
    const remix = await send("POST", `/v1/videos/${source.id}/remix`, { json: { prompt: "now at night" } });
    expect(remix.status).toBe(200);
    expect(remix.json).toMatchObject({
      status: "queued",
      model: "sora-2-pro",
      size: "1792x1024",
      seconds: "8",
      prompt: "now at night",
      remixed_from_video_id: source.id,
    });
    expect(remix.json.id).not.toBe(source.id);
    const multipart = await send("POST", `/v1/videos/${source.id}/remix`, { form: form({ prompt: "in snow" }) });
    expect(multipart.json).toMatchObject({ prompt: "in snow", remixed_from_video_id: source.id });
    expect((await send("POST", `/v1/videos/${source.id}/remix`, { json: { prompt: "x", seconds: "4" } })).status).toBe(
      400,
    );
    expect((await send("POST", "/v1/videos/video_nope/remix", { json: { prompt: "x" } })).status).toBe(404);
  });
});
