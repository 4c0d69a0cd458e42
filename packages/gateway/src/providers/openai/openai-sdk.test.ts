import OpenAI, { toFile } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestImage } from "../../media/test-support/make-test-image.ts";
import { startOpenAiFake, TEST_KEY } from "./test-support/fixtures.ts";

/*
 * OpenAI's official Node client against the fake over real HTTP: if the SDK takes the fake for
 * the real API, the fake is faithful where clients look. 6.49 sends every create as multipart.
 */

let fake: Awaited<ReturnType<typeof startOpenAiFake>>;
let client: OpenAI;

beforeAll(async () => {
  fake = await startOpenAiFake();
  // No retries: a create the SDK re-sent would hide a fake that answers wrongly.
  client = new OpenAI({ apiKey: TEST_KEY, baseURL: fake.baseUrl, maxRetries: 0 });
});
afterAll(async () => {
  await fake?.close();
});

/** Retrieves until the video is finished; `seen` collects every status on the way. */
async function retrieveUntilDone(id: string, seen = new Set<string>()): Promise<OpenAI.Videos.Video> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const video = await client.videos.retrieve(id);
    seen.add(video.status);
    if (video.status === "completed" || video.status === "failed") return video;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("the video never finished");
}

describe("the official openai client against the fake", () => {
  it("creates, retrieves until completed and downloads the MP4", async () => {
    const created = await client.videos.create({
      model: "sora-2",
      prompt: "A kite at dusk",
      size: "1280x720",
      seconds: "8",
    });
    expect(created).toMatchObject({ object: "video", status: "queued", progress: 0, size: "1280x720", seconds: "8" });
    // 6.28+ always sends multipart; the fake recorded what the SDK really sent.
    const sent = fake.faults.requests.find((request) => request.method === "POST" && request.path === "/v1/videos");
    expect(sent?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(sent?.headers["user-agent"]).toMatch(/^OpenAI\/JS /);

    const seen = new Set<string>();
    const done = await retrieveUntilDone(created.id, seen);
    expect(seen).toContain("in_progress");
    expect(done).toMatchObject({ status: "completed", progress: 100, error: null });
    expect(done.expires_at).toBe((done.completed_at ?? 0) + 3600);

    const content = await client.videos.downloadContent(created.id);
    expect(content.headers.get("content-type")).toBe("video/mp4");
    const bytes = Buffer.from(await content.arrayBuffer());
    expect(bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");
    const thumbnail = await client.videos.downloadContent(created.id, { variant: "thumbnail" });
    expect(thumbnail.headers.get("content-type")).toBe("image/webp");
  });

  it("creates from an input_reference file of the exact size", async () => {
    const png = await makeTestImage({ width: 720, height: 1280, format: "png", pattern: "gradient" });
    const created = await client.videos.create({
      model: "sora-2-pro",
      prompt: "The kite climbs",
      size: "720x1280",
      seconds: "4",
      input_reference: await toFile(png, "kite.png", { type: "image/png" }),
    });
    expect(created.status).toBe("queued");
    expect((await retrieveUntilDone(created.id)).status).toBe("completed");
  });

  it("creates from an input_reference object, sent as bracketed multipart fields", async () => {
    const png = await makeTestImage({ width: 720, height: 1280, format: "png" });
    const created = await client.videos.create({
      prompt: "The kite climbs",
      input_reference: { image_url: `data:image/png;base64,${png.toString("base64")}` },
    });
    expect(created).toMatchObject({ model: "sora-2", size: "720x1280", seconds: "4" });
    const sent = fake.faults.requests.filter((request) => request.method === "POST").at(-1);
    expect(sent?.body).toContain('name="input_reference[image_url]"');
  });

  it("raises OpenAI's error classes with param and code from the fake's answers", async () => {
    const bad = await client.videos.create({ prompt: "x", seconds: "5" as "4" }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    expect(bad).toMatchObject({ status: 400, param: "seconds", code: "invalid_value" });
    expect((bad as InstanceType<typeof OpenAI.BadRequestError>).requestID).toMatch(/^req_/);

    const mismatch = await client.videos
      .create({
        prompt: "x",
        size: "1280x720",
        input_reference: await toFile(await makeTestImage({ width: 64, height: 64, format: "png" }), "small.png"),
      })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(mismatch).toMatchObject({ status: 400, message: expect.stringContaining("Inpaint image must match") });

    const unauthorised = new OpenAI({ apiKey: "sk-wrong", baseURL: fake.baseUrl, maxRetries: 0 });
    await expect(unauthorised.videos.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    await expect(client.videos.retrieve("video_missing")).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const early = await client.videos.create({ prompt: "not yet" });
    await expect(client.videos.downloadContent(early.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(client.videos.delete(early.id)).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });

  it("honours Retry-After on a 429 and retries once it may", async () => {
    const retrying = new OpenAI({ apiKey: TEST_KEY, baseURL: fake.baseUrl, maxRetries: 1 });
    fake.faults.inject({
      method: "GET",
      pathIncludes: "/videos",
      fault: {
        type: "status",
        status: 429,
        headers: { "retry-after": "1" },
        body: { error: { message: "Rate limit reached", type: "requests", param: null, code: "rate_limit_exceeded" } },
      },
    });
    const started = Date.now();
    const page = await retrying.videos.list({ limit: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(page.data).toHaveLength(1);
  });

  it("lists every video through the SDK's auto-pagination, which ends; deletes and remixes", async () => {
    const listed: string[] = [];
    for await (const video of client.videos.list({ limit: 2, order: "asc" })) listed.push(video.id);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.length).toBeGreaterThanOrEqual(4);

    const first = listed[0] as string;
    const source = await retrieveUntilDone(first);
    const remix = await client.videos.remix(source.id, { prompt: "the same kite, at night" });
    expect(remix).toMatchObject({ status: "queued", remixed_from_video_id: source.id });
    const deleted = await client.videos.delete(source.id);
    expect(deleted).toEqual({ id: source.id, object: "video.deleted", deleted: true });
    await expect(client.videos.retrieve(source.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it("lists the models the key may use with models.list, and refuses a wrong key with AuthenticationError", async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toContain("sora-2");
    expect(ids).toContain("sora-2-pro");
    const stranger = new OpenAI({ apiKey: "sk-wrong", baseURL: fake.baseUrl, maxRetries: 0 });
    await expect(stranger.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });
});
