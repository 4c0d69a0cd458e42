import { afterEach, describe, expect, it } from "vitest";
import { serveFake, type ServedFake } from "../shared/fake-server.ts";
import { inProcessFetch } from "../../test-support/in-process-fetch.ts";
import { preparedImage } from "../../test-support/prepared-image.ts";
import { providerCallError } from "../../test-support/provider-call-error.ts";
import { createPixverseFake, PIXVERSE_FAKE_BASE_PATH } from "./fake.ts";
import { createPixverseProvider, pixverseTraceId } from "./index.ts";
import {
  FAKE_BASE_URL,
  pixverseContext,
  pixverseRequest,
  pixverseSpec,
  setupFake,
  solidPng,
  TEST_KEY,
  TIMING,
} from "./test-support/fake-client.ts";
import { describeKeyCheckContract } from "../key-check.contract.ts";

const spec = pixverseSpec("v4.5");

/** An adapter on an in-process fake whose clock the test moves. */
function inProcess(options: Parameters<typeof setupFake>[0] = {}, apiKey = TEST_KEY) {
  const harness = setupFake(options);
  const adapter = createPixverseProvider({ apiKey, baseUrl: FAKE_BASE_URL });
  const context = (fields: Parameters<typeof pixverseContext>[1] = {}) =>
    pixverseContext(spec, { fetch: inProcessFetch(harness.fake), ...fields });
  return { ...harness, adapter, context };
}

describe("createPixverseProvider", () => {
  it("is idempotent, has no cancel, and needs REELAY_PIXVERSE_API_KEY", async () => {
    const { adapter } = inProcess();
    expect(adapter).toMatchObject({ id: "pixverse", idempotentStart: true });
    expect(adapter.cancel).toBeUndefined();
    expect(adapter.unavailableReason()).toBeNull();
    const keyless = createPixverseProvider({ apiKey: " " });
    expect(keyless.unavailableReason()).toContain("REELAY_PIXVERSE_API_KEY");
    const error = await providerCallError(keyless.start(pixverseRequest(spec), pixverseContext(spec)));
    expect(error).toMatchObject({ kind: "auth", delivery: "not_sent", retryable: false });
    expect(error.message).toContain("REELAY_PIXVERSE_API_KEY");
  });

  it("sends the create to PixVerse by default with API-KEY and a trace id derived from the job id", async () => {
    const calls: Array<{ url: string; headers: Record<string, string>; body: unknown }> = [];
    const recording: typeof fetch = async (input, init) => {
      calls.push({
        url: String(input),
        headers: init?.headers as Record<string, string>,
        body: init?.body === undefined ? undefined : JSON.parse(String(init.body)),
      });
      return Response.json({ ErrCode: 0, ErrMsg: "success", Resp: { video_id: 334719258 } });
    };
    const adapter = createPixverseProvider({ apiKey: TEST_KEY });
    const context = pixverseContext(spec, { fetch: recording, jobId: "job_abc" });
    const started = await adapter.start(pixverseRequest(spec), context);
    await adapter.start(pixverseRequest(spec), pixverseContext(spec, { fetch: recording, jobId: "job_abc" }));
    const traceId = pixverseTraceId("job_abc", "create");
    expect(traceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(traceId).not.toBe(pixverseTraceId("job_abd", "create"));
    expect(traceId).not.toBe(pixverseTraceId("job_abc", "upload-image"));
    expect(started).toEqual({
      task: { videoId: "334719258", traceId, model: "v4.5" },
      warnings: [],
      pollAfterMs: 5_000,
    });
    expect(calls[0]?.url).toBe("https://app-api.pixverse.ai/openapi/v2/video/text/generate");
    expect(calls[0]?.headers).toMatchObject({ "API-KEY": TEST_KEY, "Ai-trace-id": traceId });
    // Every retry of the job's create carries the same trace id.
    expect(calls[1]?.headers["Ai-trace-id"]).toBe(traceId);
    expect(calls[0]?.body).toEqual({
      model: "v4.5",
      prompt: pixverseRequest(spec).prompt,
      aspect_ratio: "16:9",
      duration: 5,
      quality: "720p",
    });
  });

  it("polls /video/result/{id} with a fresh trace id, from generating to the video", async () => {
    const { adapter, context, advance, fake } = inProcess();
    const started = await adapter.start(pixverseRequest(spec), context());
    expect(await adapter.poll(started.task, context())).toEqual({ state: "running", pollAfterMs: 5_000 });
    advance(TIMING.queuedMs + TIMING.renderMs);
    const done = await adapter.poll(started.task, context());
    expect(done).toMatchObject({ state: "succeeded", outputs: [{ kind: "video", mediaType: "video/mp4" }] });
    const polls = fake.faults.requests.filter((request) => request.path.includes("/video/result/"));
    expect(polls[0]?.path).toBe(`${PIXVERSE_FAKE_BASE_PATH}/video/result/${String(started.task.videoId)}`);
    expect(polls[0]?.headers["ai-trace-id"]).not.toBe(polls[1]?.headers["ai-trace-id"]);
    expect(polls[0]?.headers["ai-trace-id"]).not.toBe(started.task.traceId);
    expect(await adapter.poll({ videoId: "../x" }, context())).toMatchObject({ state: "failed" });
  });
});

describe("createPixverseProvider: envelope errors (HTTP 200, ErrCode ≠ 0)", () => {
  it("maps an auth ErrCode to auth, naming the variable and never the key", async () => {
    const { adapter, context } = inProcess({ apiKey: "the-real-key" });
    const error = await providerCallError(adapter.start(pixverseRequest(spec), context()));
    expect(error).toMatchObject({ kind: "auth", retryable: false, delivery: "answered", status: 200 });
    expect(error.message).toMatch(
      /^pixverse answered ErrCode 1000\d: API key is invalid\. Check REELAY_PIXVERSE_API_KEY\.$/,
    );
    expect(`${error.message} ${error.redactedBody ?? ""}`).not.toContain(TEST_KEY);
  });

  it("keeps PixVerse's message for insufficient balance and does not retry", async () => {
    const { adapter, context } = inProcess();
    const error = await providerCallError(adapter.start(pixverseRequest(spec, { prompt: "no-credits" }), context()));
    expect(error).toMatchObject({ kind: "unavailable", retryable: false, delivery: "answered" });
    expect(error.message).toContain("Insufficient balance, please recharge");
  });

  it("treats the concurrency limit as a retryable rate limit", async () => {
    const { adapter, context } = inProcess({ maxConcurrent: 1 });
    await adapter.start(pixverseRequest(spec), context({ jobId: "job_one" }));
    const error = await providerCallError(adapter.start(pixverseRequest(spec), context({ jobId: "job_two" })));
    expect(error).toMatchObject({ kind: "rate_limited", retryable: true, delivery: "answered" });
    expect(error.message).toContain("concurrent generation limit reached");
  });

  it("maps invalid param to a non-retryable bad request", async () => {
    const { adapter, context } = inProcess({ strict: true });
    // The catalog keeps 1080p at 5 s on v4.5; here the strict fake is the one that refuses 8 s.
    const request = pixverseRequest(spec, { resolution: "1080p", durationSeconds: 8 });
    const error = await providerCallError(adapter.start(request, context()));
    expect(error).toMatchObject({ kind: "bad_request", retryable: false, delivery: "answered" });
    expect(error.message).toContain("invalid param");
  });

  it("reads an HTTP 429 with an envelope body and Retry-After", async () => {
    const { adapter, context, fake } = inProcess();
    fake.faults.inject({
      method: "POST",
      pathIncludes: "/video/text/generate",
      fault: {
        type: "status",
        status: 429,
        headers: { "retry-after": "3" },
        body: { ErrCode: 429, ErrMsg: "too many requests", Resp: null },
      },
    });
    const error = await providerCallError(adapter.start(pixverseRequest(spec), context()));
    expect(error).toMatchObject({ kind: "rate_limited", delivery: "answered", retryAfterMs: 3_000 });
    expect(error.message).toContain("too many requests");
  });

  it("refuses a request PixVerse cannot take before sending anything", async () => {
    const { adapter, context, fake } = inProcess();
    const error = await providerCallError(adapter.start(pixverseRequest(spec, { durationSeconds: 10 }), context()));
    expect(error).toMatchObject({ kind: "bad_request", delivery: "not_sent" });
    expect(fake.faults.requests).toHaveLength(0);
  });
});

describe("createPixverseProvider: image-to-video", () => {
  it("uploads the prepared frame as multipart, then creates with its img_id", async () => {
    const { adapter, context, fake, advance } = inProcess();
    const image = preparedImage(await solidPng(64, 36), 64, 36);
    const request = pixverseRequest(spec, { image: { uploadId: "upl_1" } });
    const started = await adapter.start(request, context({ jobId: "job_img", images: { image } }));
    const [uploadCall, createCall] = fake.faults.requests;
    expect(uploadCall?.path).toBe(`${PIXVERSE_FAKE_BASE_PATH}/image/upload`);
    expect(uploadCall?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(uploadCall?.body).toContain('name="image"');
    expect(uploadCall?.headers["ai-trace-id"]).toBe(pixverseTraceId("job_img", "upload-image"));
    expect(createCall?.path).toBe(`${PIXVERSE_FAKE_BASE_PATH}/video/img/generate`);
    const body = JSON.parse(createCall?.body ?? "{}") as Record<string, unknown>;
    expect(body).toEqual({
      model: "v4.5",
      prompt: request.prompt,
      img_id: expect.any(Number),
      duration: 5,
      quality: "720p",
    });
    advance(TIMING.queuedMs + TIMING.renderMs);
    // 64×36 is 16:9: a 720p video of the image's shape.
    expect(await adapter.poll(started.task, context())).toMatchObject({ state: "succeeded" });
  });

  it("turns a failed upload into a not-sent create error", async () => {
    const { adapter, context, fake } = inProcess();
    fake.faults.inject({ pathIncludes: "/image/upload", fault: { type: "status", status: 502, body: "" } });
    const image = preparedImage(await solidPng(64, 36), 64, 36);
    const request = pixverseRequest(spec, { image: { uploadId: "upl_1" } });
    const error = await providerCallError(adapter.start(request, context({ images: { image } })));
    expect(error).toMatchObject({ kind: "unavailable", retryable: true, delivery: "not_sent" });
    expect(error.message).toMatch(/^Uploading the first frame failed/);
    expect(fake.taskCount()).toBe(0);
  });

  it("refuses a missing prepared image", async () => {
    const { adapter, context } = inProcess();
    const error = await providerCallError(
      adapter.start(pixverseRequest(spec, { image: { uploadId: "u" } }), context()),
    );
    expect(error).toMatchObject({ kind: "bad_request", delivery: "not_sent" });
  });
});

describe("createPixverseProvider: a lost create response", () => {
  let served: ServedFake | undefined;
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  it("re-sends with the same trace id: the same task comes back and only one generation exists", async () => {
    const fake = createPixverseFake({ apiKey: TEST_KEY, timing: { queuedMs: 50, renderMs: 200 } });
    served = await serveFake(fake.app);
    const adapter = createPixverseProvider({ apiKey: TEST_KEY, baseUrl: `${served.url}${PIXVERSE_FAKE_BASE_PATH}` });
    const image = preparedImage(await solidPng(64, 36), 64, 36);
    const request = pixverseRequest(spec, { image: { uploadId: "upl_1" } });
    const context = (timeoutMs: number) =>
      pixverseContext(spec, { jobId: "job_lost", images: { image }, signal: AbortSignal.timeout(timeoutMs) });

    fake.faults.inject({ method: "POST", pathIncludes: "/video/img/generate", fault: { type: "lose_response" } });
    const lost = await providerCallError(adapter.start(request, context(300)));
    expect(lost).toMatchObject({ delivery: "unknown", retryable: true });
    expect(fake.taskCount()).toBe(1);

    // What the worker does, since idempotentStart is true: start the same job again.
    const retried = await adapter.start(request, context(5_000));
    expect(fake.taskCount()).toBe(1);
    const uploads = fake.faults.requests.filter((call) => call.path.endsWith("/image/upload"));
    expect(uploads).toHaveLength(2);
    expect(uploads[1]?.headers["ai-trace-id"]).toBe(uploads[0]?.headers["ai-trace-id"]);
    const creates = fake.faults.requests.filter((call) => call.path.endsWith("/video/img/generate"));
    expect(creates.map((call) => call.body)).toEqual([creates[0]?.body, creates[0]?.body]);
    // The one task the fake holds (its first video id) is the one the retry returned.
    expect(retried.task).toEqual({
      videoId: "334719258",
      traceId: pixverseTraceId("job_lost", "create"),
      model: "v4.5",
    });
    const result = await adapter.poll(retried.task, context(5_000));
    expect(["running", "succeeded"]).toContain(result.state);
  });
});

describeKeyCheckContract({
  provider: "pixverse",
  createFake: (apiKey) => createPixverseFake({ apiKey }),
  createAdapter: (url, apiKey) => createPixverseProvider({ apiKey, baseUrl: `${url}${PIXVERSE_FAKE_BASE_PATH}` }),
  probe: { method: "GET", path: `${PIXVERSE_FAKE_BASE_PATH}/account/balance` },
  accepted: /^credits: 1000000 monthly, 0 from packages$/,
  // PixVerse refuses a key with HTTP 200 and an authentication ErrCode.
  refusal: /ErrCode 10005: API key is invalid/,
  keyVariable: "REELAY_PIXVERSE_API_KEY",
});
