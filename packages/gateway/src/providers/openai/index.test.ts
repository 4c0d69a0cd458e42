import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProviderCallError } from "../../core/errors.ts";
import type { ProviderTask } from "../../core/types.ts";
import { describeKeyCheckContract } from "../key-check.contract.ts";
import type { PollResult, ProviderAdapter } from "../provider.ts";
import { createOpenAiFake } from "./fake.ts";
import { createOpenAiProvider } from "./index.ts";
import {
  openAiContext,
  openAiRequest,
  openAiSpec,
  preparedImage,
  startOpenAiFake,
  TEST_KEY,
} from "./test-support/fixtures.ts";

let fake: Awaited<ReturnType<typeof startOpenAiFake>>;
let adapter: ProviderAdapter;

beforeAll(async () => {
  fake = await startOpenAiFake({ retiredModels: ["sora-2-pro"] });
  // A trailing slash, as people paste base URLs.
  adapter = createOpenAiProvider({ apiKey: TEST_KEY, baseUrl: `${fake.baseUrl}/` });
});
afterAll(async () => {
  await fake?.close();
});

async function pollToEnd(task: ProviderTask): Promise<PollResult> {
  const spec = openAiSpec("sora-2");
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const result = await adapter.poll(task, openAiContext(spec));
    if (result.state !== "queued" && result.state !== "running") return result;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("never finished");
}

async function rejection(promise: Promise<unknown>): Promise<ProviderCallError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProviderCallError);
  return error as ProviderCallError;
}

describe("createOpenAiProvider", () => {
  it("is not idempotent, has no cancel, and needs REELAY_OPENAI_API_KEY", async () => {
    expect(adapter).toMatchObject({ id: "openai", idempotentStart: false });
    expect(adapter.cancel).toBeUndefined();
    expect(adapter.unavailableReason()).toBeNull();
    const keyless = createOpenAiProvider({ apiKey: "  " });
    expect(keyless.unavailableReason()).toContain("REELAY_OPENAI_API_KEY");
    const spec = openAiSpec("sora-2");
    const error = await rejection(keyless.start(openAiRequest(spec), openAiContext(spec)));
    expect(error).toMatchObject({ kind: "auth", delivery: "not_sent", retryable: false });
    expect(error.message).toContain("REELAY_OPENAI_API_KEY");
  });

  it("sends everything through context.fetch to OpenAI by default, with the bearer key", async () => {
    const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
    const recording: typeof fetch = async (input, init) => {
      calls.push({ url: String(input), init });
      return Response.json({ id: "video_abc", object: "video", status: "queued", progress: 0 });
    };
    const spec = openAiSpec("sora-2");
    const direct = createOpenAiProvider({ apiKey: TEST_KEY });
    const started = await direct.start(openAiRequest(spec), openAiContext(spec, { fetch: recording }));
    expect(started).toEqual({ task: { videoId: "video_abc", model: "sora-2" }, warnings: [], pollAfterMs: 10_000 });
    expect(calls[0]?.url).toBe("https://api.openai.com/v1/videos");
    expect(calls[0]?.init?.headers).toMatchObject({
      authorization: `Bearer ${TEST_KEY}`,
      "content-type": "application/json",
    });
    expect(JSON.parse(String(calls[0]?.init?.body))).toEqual({
      model: "sora-2",
      prompt: openAiRequest(spec).prompt,
      size: "720x1280",
      seconds: "4",
    });
  });

  it("calls a created video with an unusable id an unknown outcome, never safe to re-send", async () => {
    const spec = openAiSpec("sora-2");
    const odd: typeof fetch = async () => Response.json({ id: "../../admin", object: "video", status: "queued" });
    const direct = createOpenAiProvider({ apiKey: TEST_KEY });
    const error = await rejection(direct.start(openAiRequest(spec), openAiContext(spec, { fetch: odd })));
    expect(error).toMatchObject({ kind: "bad_response", delivery: "unknown", retryable: false });
  });

  it("runs image-to-video as multipart and downloads the result with the key the output carries", async () => {
    const spec = openAiSpec("sora-2");
    const image = await preparedImage(1280, 720, "jpeg");
    const request = openAiRequest(spec, { aspectRatio: "16:9", durationSeconds: 8, image: { uploadId: "upl_1" } });
    const started = await adapter.start(request, openAiContext(spec, { images: { image } }));
    const sent = fake.faults.requests.filter((entry) => entry.method === "POST").at(-1);
    expect(sent?.path).toBe("/v1/videos");
    expect(sent?.headers["content-type"]).toMatch(/^multipart\/form-data/);
    expect(sent?.body).toContain('name="input_reference"; filename="first-frame.jpg"');
    // The fake suggests a delay scaled to its own timing.
    expect(started.pollAfterMs).toBe(100);

    const result = await pollToEnd(started.task);
    if (result.state !== "succeeded") throw new Error(`ended ${result.state}`);
    const video = result.outputs.find((output) => output.kind === "video");
    if (video?.source.type !== "url") throw new Error("no video URL");
    expect(video.source.url).toBe(`${fake.baseUrl}/videos/${String(started.task.videoId)}/content`);
    expect(video.source.headers).toBeUndefined();
    expect((await fetch(video.source.url)).status).toBe(401);
    const authorized = adapter.authorizeDownload?.(video);
    if (authorized?.source.type !== "url") throw new Error("no authorized URL");
    const download = await fetch(authorized.source.url, { headers: authorized.source.headers });
    expect(download.headers.get("content-type")).toBe("video/mp4");
    const elsewhere = { ...video, source: { type: "url" as const, url: "https://elsewhere.example/x.mp4" } };
    expect(adapter.authorizeDownload?.(elsewhere)).toEqual(elsewhere);
  });

  it("refuses a wrongly sized image before sending anything", async () => {
    const spec = openAiSpec("sora-2");
    const before = fake.faults.requests.length;
    const image = await preparedImage(720, 720);
    const request = openAiRequest(spec, { image: { uploadId: "upl_1" } });
    const error = await rejection(adapter.start(request, openAiContext(spec, { images: { image } })));
    expect(error).toMatchObject({ kind: "bad_request", delivery: "not_sent", retryable: false });
    expect(fake.faults.requests.length).toBe(before);
  });

  it("passes OpenAI's own error message on, as answered", async () => {
    const spec = openAiSpec("sora-2-pro");
    const error = await rejection(adapter.start(openAiRequest(spec), openAiContext(spec)));
    expect(error).toMatchObject({ kind: "not_found", delivery: "answered", status: 404 });
    expect(error.message).toContain(
      "openai answered HTTP 404: The model `sora-2-pro` does not exist or you do not have access to it.",
    );
  });

  it("fails a task that is not one of its own, and throws not_found for a video the upstream lost", async () => {
    const spec = openAiSpec("sora-2");
    expect(await adapter.poll({ videoId: "../../etc" }, openAiContext(spec))).toMatchObject({
      state: "failed",
      failure: { code: "provider_error" },
    });
    const lost = await rejection(adapter.poll({ videoId: "video_gone", model: "sora-2" }, openAiContext(spec)));
    expect(lost).toMatchObject({ kind: "not_found", retryable: false });
  });
});

describeKeyCheckContract({
  provider: "openai",
  createFake: (apiKey) => createOpenAiFake({ apiKey }),
  createAdapter: (url, apiKey) => createOpenAiProvider({ apiKey, baseUrl: `${url}/v1` }),
  probe: { method: "GET", path: "/v1/models" },
  accepted: /^5 model\(s\) listed$/,
  refusal: /HTTP 401: Incorrect API key provided/,
  keyVariable: "REELAY_OPENAI_API_KEY",
});
