import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { callFake, setupFake } from "./test-support/fake-client.ts";

const text = { model: "viduq2", prompt: "A lantern festival", duration: 2, resolution: "540p", aspect_ratio: "9:16" };

async function started(prompt = text.prompt, options: Parameters<typeof setupFake>[0] = {}) {
  const setup = setupFake(options);
  const created = await setup.call("POST", "/text2video", { ...text, prompt, payload: "job_7" });
  const id = created.json.task_id as string;
  const status = async () => (await setup.call("GET", `/tasks/${id}/creations`)).json;
  const cancel = (body: unknown = { id }) => setup.call("POST", `/tasks/${id}/cancel`, body);
  return { ...setup, id, status, cancel };
}

/** Reads an output URL the way a downloader would: no auth header. */
async function download(fake: ReturnType<typeof setupFake>["fake"], url: string) {
  const { pathname, search } = new URL(url);
  return fake.app.fetch(new Request(`http://vidu.fake${pathname}${search}`));
}

describe("Vidu fake: task states over time", () => {
  it("moves created → queueing → processing → success, with no progress field", async () => {
    const { status, advance, id } = await started();
    expect(await status()).toEqual({
      id,
      state: "created",
      err_code: "",
      credits: expect.any(Number),
      payload: "job_7",
      bgm: false,
      off_peak: false,
      creations: [],
    });
    advance(600);
    expect((await status()).state).toBe("queueing");
    advance(1_000);
    expect((await status()).state).toBe("processing");
    advance(10_000);
    const done = await status();
    expect(done).toMatchObject({
      state: "success",
      err_code: "",
      creations: [
        {
          id: expect.stringMatching(/^\d{18}$/),
          url: expect.stringMatching(
            new RegExp(`^http://vidu\\.fake/infer/tasks/${id}/video\\.mp4\\?X-Amz-Expires=3600&`),
          ),
          cover_url: expect.stringContaining(`/infer/tasks/${id}/cover.jpeg?`),
        },
      ],
    });
    expect(done).not.toHaveProperty("progress");
  });

  it("fails a blocked-content task after processing with CreationPolicyViolation", async () => {
    const { status, advance } = await started("a blocked-content scene");
    advance(2_000);
    expect((await status()).state).toBe("processing");
    advance(10_000);
    expect(await status()).toMatchObject({
      state: "failed",
      err_code: "CreationPolicyViolation",
      credits: 0,
      creations: [],
    });
  });

  it("fails a fail-internal task with InternalServiceFailure", async () => {
    const { status, advance } = await started("fail-internal");
    advance(20_000);
    expect(await status()).toMatchObject({ state: "failed", err_code: "InternalServiceFailure" });
  });
});

describe("Vidu fake: cancel windows", () => {
  it("cancels while created or queueing; the task then reads failed + UserCancelled", async () => {
    for (const waitMs of [0, 700]) {
      const { cancel, status, advance } = await started();
      advance(waitMs);
      expect(await cancel()).toMatchObject({ status: 200, json: {} });
      advance(20_000);
      expect(await status()).toMatchObject({ state: "failed", err_code: "UserCancelled", creations: [] });
    }
  });

  it("refuses once scheduled, with Vidu's documented answer", async () => {
    const { cancel, status, advance } = await started();
    advance(2_000);
    expect(await cancel()).toMatchObject({
      status: 400,
      json: {
        code: 400,
        reason: "BadRequest",
        message: "task state is scheduled, can not cancel",
        metadata: { trace_id: expect.any(String) },
      },
    });
    advance(20_000);
    expect((await status()).state).toBe("success");
    expect((await cancel()).json.message).toBe("task state is success, can not cancel");
  });

  it("wants the id repeated in the body, and answers unknown tasks with TaskNotFound", async () => {
    const { cancel, call } = await started();
    expect((await cancel({})).json).toMatchObject({ reason: "FieldLacking" });
    expect((await cancel({ id: "1" })).json).toMatchObject({ reason: "FieldInvalid" });
    expect((await call("POST", "/tasks/834561209874321408/cancel", { id: "834561209874321408" })).json).toMatchObject({
      reason: "TaskNotFound",
    });
  });
});

describe("Vidu fake: output URLs", () => {
  it("serves a real MP4 and a JPEG cover in the task's shape, without auth", async () => {
    const { fake, status, advance } = await started();
    advance(20_000);
    const creation = (await status()).creations[0];
    const video = await download(fake, creation.url);
    expect(video.status).toBe(200);
    expect(video.headers.get("content-type")).toBe("video/mp4");
    expect(
      Buffer.from(await video.arrayBuffer())
        .subarray(4, 8)
        .toString("latin1"),
    ).toBe("ftyp");
    const cover = await download(fake, creation.cover_url);
    expect(cover.headers.get("content-type")).toBe("image/jpeg");
    const metadata = await sharp(Buffer.from(await cover.arrayBuffer())).metadata();
    expect(metadata).toMatchObject({ format: "jpeg", width: 180, height: 320 });
  });

  it("expires links after the TTL (default 1 h) and signs fresh ones on every read", async () => {
    const { fake, status, advance } = await started(text.prompt, { outputTtlMs: 60_000 });
    advance(20_000);
    const old = (await status()).creations[0];
    advance(59_000);
    expect((await download(fake, old.url)).status).toBe(200);
    advance(2_000);
    const expired = await download(fake, old.url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain("AccessDenied");
    const fresh = (await status()).creations[0];
    expect(fresh.url).not.toBe(old.url);
    expect((await download(fake, fresh.url)).status).toBe(200);
  });

  it("refuses forged signatures and a video token used for the cover", async () => {
    const { fake, status, advance, id } = await started();
    advance(20_000);
    const { url } = (await status()).creations[0];
    const forged = url.replace(/X-Amz-Signature=[^&]+/, "X-Amz-Signature=abc.def.ghi");
    expect((await download(fake, forged)).status).toBe(403);
    const swapped = url.replace(`${id}/video.mp4`, `${id}/cover.jpeg`);
    expect((await download(fake, swapped)).status).toBe(403);
    expect((await callFake(fake, "GET", `/infer/tasks/${id}/video.mp4`, { headers: {} })).status).toBe(403);
  });
});
