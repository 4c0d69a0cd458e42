import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import OpenAI, { BadRequestError, NotFoundError, toFile } from "openai";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobView } from "@reelay/client";
import { makeTestImage } from "../media/test-support/make-test-image.ts";
import { startTestGateway, type TestGateway } from "../test-support/start-test-gateway.ts";
import { useContractRecorder } from "./test-support/contract-recorder.ts";

/*
 * OpenAI's official Node client (6.49, which sends every create as multipart) against Reelay with
 * the local renderer, over real HTTP. Every request and answer is checked against the contract.
 */

type Video = OpenAI.Videos.Video;

const contract = useContractRecorder();
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  gateway = await startTestGateway({
    REELAY_COMPAT_MODEL_ALIASES: "sora-2=local/preview,sora-2-pro=local/preview",
    REELAY_RETENTION_DAYS: "7",
  });
  // No retries: a request the client sent twice would hide a wrong first answer.
  client = new OpenAI({ apiKey: "sk-anything", baseURL: `${gateway.url}/v1`, fetch: contract.fetch, maxRetries: 0 });
});
afterAll(async () => {
  await gateway?.dispose();
});

async function untilFinished(id: string): Promise<Video> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const video = await client.videos.retrieve(id);
    if (video.status === "completed" || video.status === "failed") return video;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Video ${id} never finished.`);
}

async function nativeJob(id: string): Promise<Response> {
  return fetch(`${gateway.url}/api/v1/jobs/${id}`);
}

const mediaFile = (key: string) => join(gateway.dataDir, "media", key);

describe("the official openai client against Reelay", () => {
  it("creates (JSON and multipart), retrieves, lists, downloads, remixes and deletes", async () => {
    const fromText = await client.post<Video>("/videos", {
      body: { model: "sora-2", prompt: "A lighthouse at dusk", seconds: "4", size: "1280x720" },
    });
    const frame = await makeTestImage({ width: 720, height: 1280, format: "png", pattern: "gradient" });
    const fromImage = await client.videos.create({
      model: "sora-2-pro",
      prompt: "The kite climbs",
      seconds: "4",
      size: "720x1280",
      input_reference: await toFile(frame, "frame.png", { type: "image/png" }),
    });
    expect(contract.sent().map((request) => request.contentType.split(";")[0])).toEqual([
      "application/json",
      "multipart/form-data",
    ]);
    expect(fromText).toMatchObject({
      object: "video",
      status: "queued",
      progress: 0,
      model: "local/preview",
      prompt: "A lighthouse at dusk",
      seconds: "4",
      size: "1280x720",
      completed_at: null,
      expires_at: null,
      remixed_from_video_id: null,
      error: null,
    });
    const imageJob = (await (await nativeJob(fromImage.id)).json()) as JobView;
    expect(imageJob.request).toMatchObject({ aspectRatio: "9:16", resolution: "720p", durationSeconds: 4 });
    expect(imageJob.request.image?.uploadId).toMatch(/^upl_/);

    const text = await untilFinished(fromText.id);
    const image = await untilFinished(fromImage.id);
    for (const done of [text, image]) {
      expect(done).toMatchObject({ status: "completed", progress: 100, error: null });
      expect(done.completed_at).toBeGreaterThanOrEqual(done.created_at);
      // Files are kept for REELAY_RETENTION_DAYS after the video completed.
      expect(done.expires_at).toBe((done.completed_at ?? 0) + 7 * 86_400);
    }

    const firstPage = await client.videos.list({ limit: 1 });
    expect(firstPage.data.map((video) => video.id)).toEqual([fromImage.id]);
    expect(firstPage.has_more).toBe(true);
    const newestFirst: string[] = [];
    for await (const video of client.videos.list({ limit: 1 })) newestFirst.push(video.id);
    const nativeList = (await (await fetch(`${gateway.url}/api/v1/jobs?limit=100`)).json()) as { data: JobView[] };
    expect(newestFirst).toEqual(nativeList.data.map((job) => job.id));
    expect(newestFirst.indexOf(fromImage.id)).toBeLessThan(newestFirst.indexOf(fromText.id));
    const oldestFirst: string[] = [];
    for await (const video of client.videos.list({ limit: 1, order: "asc" })) oldestFirst.push(video.id);
    expect(oldestFirst).toEqual(newestFirst.toReversed());

    const content = await client.videos.downloadContent(fromText.id);
    expect(content.headers.get("content-type")).toBe("video/mp4");
    expect(
      Buffer.from(await content.arrayBuffer())
        .subarray(4, 8)
        .toString("latin1"),
    ).toBe("ftyp");
    const thumbnail = await client.videos.downloadContent(fromText.id, { variant: "thumbnail" });
    expect(thumbnail.headers.get("content-type")).toBe("image/webp");
    expect(await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata()).toMatchObject({
      format: "webp",
      width: 640,
      height: 360,
    });

    const remix = await client.videos.remix(fromText.id, { prompt: "The same lighthouse at dawn" });
    expect(remix).toMatchObject({
      status: "queued",
      remixed_from_video_id: fromText.id,
      prompt: "The same lighthouse at dawn",
      model: text.model,
      seconds: text.seconds,
      size: text.size,
    });
    expect(await untilFinished(remix.id)).toMatchObject({ status: "completed", remixed_from_video_id: fromText.id });

    expect(await client.videos.delete(fromText.id)).toEqual({
      id: fromText.id,
      object: "video.deleted",
      deleted: true,
    });
    await expect(client.videos.retrieve(fromText.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await nativeJob(fromText.id)).status).toBe(404);
    expect(existsSync(mediaFile(`videos/${fromText.id}.mp4`))).toBe(false);
    expect(existsSync(mediaFile(`thumbnails/${fromText.id}.webp`))).toBe(false);

    const refusal: unknown = await contract
      .outsideContract(() =>
        client.videos.create({ prompt: "Seven seconds", seconds: "7" as OpenAI.Videos.VideoSeconds }),
      )
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(BadRequestError);
    expect((refusal as BadRequestError).param).toBe("seconds");
    expect((refusal as BadRequestError).message).toContain("'1', '2', '3', '4', '5', '6', '8', '10' and '12'");
  });

  it("shows a job created natively on /v1/videos and a /v1 video on the native API, with the same id", async () => {
    const response = await fetch(`${gateway.url}/api/v1/jobs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "local/preview",
        prompt: "Made natively",
        durationSeconds: 4,
        aspectRatio: "9:16",
      }),
    });
    const native = (await response.json()) as JobView;
    expect(await client.videos.retrieve(native.id)).toMatchObject({
      id: native.id,
      object: "video",
      model: "local/preview",
      prompt: "Made natively",
      seconds: "4",
      size: "720x1280",
    });

    const compat = await client.videos.create({ prompt: "Made through /v1", seconds: "8", size: "1280x720" });
    const view = (await (await nativeJob(compat.id)).json()) as JobView;
    expect(view).toMatchObject({
      id: compat.id,
      model: "local/preview",
      request: { prompt: "Made through /v1", durationSeconds: 8, aspectRatio: "16:9", resolution: "720p" },
    });
    await untilFinished(native.id);
    await untilFinished(compat.id);
  });

  it("serves a spritesheet made once from the video, and deleting the video deletes it too", async () => {
    const created = await client.videos.create({ prompt: "A spritesheet", seconds: "4", size: "1280x720" });
    expect(await untilFinished(created.id)).toMatchObject({ status: "completed" });
    const first = await client.videos.downloadContent(created.id, { variant: "spritesheet" });
    expect(first.headers.get("content-type")).toBe("image/webp");
    const bytes = Buffer.from(await first.arrayBuffer());
    // Ten frames of 256×144 in five columns and two rows.
    expect(await sharp(bytes).metadata()).toMatchObject({ format: "webp", width: 1280, height: 288 });
    const again = await client.videos.downloadContent(created.id, { variant: "spritesheet" });
    expect(again.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(Buffer.from(await again.arrayBuffer()).equals(bytes)).toBe(true);

    await client.videos.delete(created.id);
    expect(await readdir(mediaFile("spritesheets"))).toEqual([]);
    expect(existsSync(mediaFile(`videos/${created.id}.mp4`))).toBe(false);
  });

  it("deletes a running job by cancelling its render first", async () => {
    const created = await client.videos.create({ prompt: "A long render", seconds: "12", size: "1280x720" });
    let status = created.status;
    for (let attempt = 0; attempt < 300 && status !== "in_progress"; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = (await client.videos.retrieve(created.id)).status;
    }
    expect(status).toBe("in_progress");
    expect(await client.videos.delete(created.id)).toMatchObject({ id: created.id, deleted: true });
    await expect(client.videos.retrieve(created.id)).rejects.toBeInstanceOf(NotFoundError);
    // The local renderer renders one video at a time, in order: a render that went on would have
    // written its file before the next video is done.
    const next = await client.videos.create({ prompt: "The next render", seconds: "4", size: "1280x720" });
    expect(await untilFinished(next.id)).toMatchObject({ status: "completed" });
    const renders = await readdir(join(gateway.dataDir, "renders"));
    expect(renders.filter((name) => name.startsWith(next.id))).toHaveLength(1);
    expect(renders.filter((name) => name.startsWith(created.id))).toEqual([]);
    expect(existsSync(mediaFile(`videos/${created.id}.mp4`))).toBe(false);
  });
});
