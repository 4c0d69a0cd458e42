import { describe, expect, it } from "vitest";
import type { ModelSpec } from "../../core/model-spec.ts";
import type { NormalizedRequest } from "../../core/types.ts";
import { inProcessFetch } from "../../test-support/in-process-fetch.ts";
import { preparedImage } from "../../test-support/prepared-image.ts";
import { providerCallError } from "../../test-support/provider-call-error.ts";
import type { ProviderContext } from "../provider.ts";
import { serveFake } from "../shared/fake-server.ts";
import { createViduFake, viduErrorBody } from "./fake.ts";
import { createViduProvider } from "./index.ts";
import { viduModels } from "./models.ts";
import { START_MS, TEST_KEY, TIMING } from "./test-support/fake-client.ts";
import { solidImage } from "./test-support/images.ts";
import { modelByVendorId, requestFor } from "../../test-support/spec-request.ts";
import { describeKeyCheckContract } from "../key-check.contract.ts";

const spec = (id: string): ModelSpec => modelByVendorId(viduModels, id);

const request = (model: ModelSpec, fields: Partial<NormalizedRequest> = {}) =>
  requestFor(model, { prompt: "A lighthouse at dusk", ...fields });

/** The adapter against an in-process fake on a clock the test moves. */
function setup() {
  let nowMs = START_MS;
  const fake = createViduFake({ apiKey: TEST_KEY, timing: TIMING, now: () => nowMs });
  const adapter = createViduProvider({ apiKey: TEST_KEY, baseUrl: "http://vidu.fake/ent/v2/" });
  const context = (model: ModelSpec, images: ProviderContext["images"] = {}): ProviderContext => ({
    jobId: "job_1",
    spec: model,
    clock: { now: () => nowMs },
    fetch: inProcessFetch(fake),
    images,
    signal: AbortSignal.timeout(5_000),
    callbackUrl: null,
  });
  return { fake, adapter, context, advance: (ms: number) => (nowMs += ms) };
}

describe("createViduProvider", () => {
  it("declares non-idempotent creates and names the key variable when unavailable", () => {
    expect(createViduProvider({ apiKey: TEST_KEY })).toMatchObject({ id: "vidu", idempotentStart: false });
    expect(createViduProvider({ apiKey: TEST_KEY }).unavailableReason()).toBeNull();
    expect(createViduProvider({}).unavailableReason()).toMatch(/REELAY_VIDU_API_KEY/);
    expect(createViduProvider({ apiKey: " " }).unavailableReason()).toMatch(/REELAY_VIDU_API_KEY/);
  });

  it("refuses to call without a key, as certainly not sent", async () => {
    const { context } = setup();
    const model = spec("viduq2");
    const error = await providerCallError(createViduProvider({}).start(request(model), context(model)));
    expect(error).toMatchObject({ kind: "auth", retryable: false, delivery: "not_sent" });
    expect(error.message).toContain("REELAY_VIDU_API_KEY");
  });

  it("sends the exact create with Token auth, keeps the >2^53 id as a string and polls it to success", async () => {
    const { fake, adapter, context, advance } = setup();
    const model = spec("vidu1.5");
    const started = await adapter.start(
      request(model, {
        durationSeconds: 8,
        aspectRatio: "9:16",
        seed: 7,
        providerOptions: { movementAmplitude: "small" },
      }),
      context(model),
    );
    const sent = fake.faults.requests.at(-1);
    expect(sent).toMatchObject({ method: "POST", path: "/ent/v2/text2video" });
    expect(sent?.headers).toMatchObject({ authorization: `Token ${TEST_KEY}`, "content-type": "application/json" });
    expect(JSON.parse(sent?.body ?? "")).toEqual({
      model: "vidu1.5",
      prompt: "A lighthouse at dusk",
      duration: 8,
      aspect_ratio: "9:16",
      resolution: "720p",
      seed: 7,
      movement_amplitude: "small",
      payload: "job_1",
    });
    expect(started).toEqual({
      task: {
        taskId: expect.stringMatching(/^\d{18}$/),
        endpoint: "/text2video",
        model: "vidu1.5",
        createdAtMs: START_MS,
      },
      warnings: [],
      pollAfterMs: 5_000,
    });
    const taskId = started.task.taskId as string;
    expect(BigInt(taskId) > 2n ** 53n && String(Number(taskId)) !== taskId).toBe(true);
    expect(await adapter.poll(started.task, context(model))).toEqual({ state: "queued", pollAfterMs: 5_000 });
    advance(2_000);
    expect(await adapter.poll(started.task, context(model))).toEqual({ state: "running", pollAfterMs: 5_000 });
    advance(70_000);
    const result = await adapter.poll(started.task, context(model));
    expect(fake.faults.requests.at(-1)?.path).toBe(`/ent/v2/tasks/${taskId}/creations`);
    expect(result).toMatchObject({
      state: "succeeded",
      outputs: [
        { kind: "video", source: { type: "url", url: expect.stringContaining(`/infer/tasks/${taskId}/video.mp4?`) } },
        { kind: "thumbnail", source: { type: "url" }, mediaType: "image/jpeg" },
      ],
    });
  });

  it("runs start-end2video with both prepared frames as data URIs", async () => {
    const { fake, adapter, context } = setup();
    const model = spec("viduq3-pro");
    const png = await solidImage(64, 36);
    const images = { image: preparedImage(png, 64, 36), lastFrame: preparedImage(png, 64, 36) };
    const started = await adapter.start(
      request(model, { image: { uploadId: "u1" }, lastFrame: { uploadId: "u2" } }),
      context(model, images),
    );
    const uri = `data:image/png;base64,${png.toString("base64")}`;
    expect(fake.faults.requests.at(-1)?.path).toBe("/ent/v2/start-end2video");
    expect(JSON.parse(fake.faults.requests.at(-1)?.body ?? "")).toMatchObject({ images: [uri, uri], audio: true });
    expect(started.task).toMatchObject({ endpoint: "/start-end2video" });
  });

  it("maps a filtered task to content_filtered", async () => {
    const { adapter, context, advance } = setup();
    const model = spec("viduq1");
    const started = await adapter.start(request(model, { prompt: "blocked-content" }), context(model));
    advance(20_000);
    expect(await adapter.poll(started.task, context(model))).toMatchObject({
      state: "failed",
      failure: { code: "content_filtered", message: expect.stringContaining("CreationPolicyViolation") },
    });
  });

  it("keeps Vidu's message for insufficient credits, not retryable, and nothing created", async () => {
    const { adapter, context } = setup();
    const model = spec("viduq1");
    const error = await providerCallError(adapter.start(request(model, { prompt: "no-credits" }), context(model)));
    expect(error).toMatchObject({ kind: "bad_request", retryable: false, delivery: "answered", status: 400 });
    expect(error.message).toContain("CreditInsufficient: insufficient credits");
  });

  it("throws the 429 reasons as rate_limited, answered", async () => {
    const { fake, adapter, context } = setup();
    const model = spec("viduq1");
    fake.faults.inject({
      pathIncludes: "/text2video",
      fault: { type: "status", status: 429, body: viduErrorBody(429, "QuotaExceeded", "concurrency limit") },
    });
    const quota = await providerCallError(adapter.start(request(model), context(model)));
    expect(quota).toMatchObject({ kind: "rate_limited", retryable: true, delivery: "answered" });
    expect(quota.message).toContain("QuotaExceeded");
    const rate = await providerCallError(
      adapter.start(request(model, { prompt: "too-many-requests" }), context(model)),
    );
    expect(rate).toMatchObject({ kind: "rate_limited", retryable: true });
  });

  it("fails refused credentials naming REELAY_VIDU_API_KEY, never the key", async () => {
    const { context } = setup();
    const model = spec("viduq1");
    const wrong = createViduProvider({ apiKey: "vda_wrong_key", baseUrl: "http://vidu.fake" });
    const error = await providerCallError(wrong.start(request(model), context(model)));
    expect(error).toMatchObject({ kind: "auth", retryable: false, status: 401 });
    expect(error.message).toContain("REELAY_VIDU_API_KEY");
    expect(`${error.message} ${error.redactedBody ?? ""}`).not.toContain("vda_wrong_key");
  });

  it("throws an unmappable request as bad_request never sent", async () => {
    const { fake, adapter, context } = setup();
    const before = fake.faults.requests.length;
    const model = spec("vidu1.5");
    const error = await providerCallError(adapter.start(request(model, { durationSeconds: 5 }), context(model)));
    expect(error).toMatchObject({ kind: "bad_request", retryable: false, delivery: "not_sent" });
    expect(fake.faults.requests.length).toBe(before);
  });

  it("fails a stored task that is not Vidu's without calling Vidu", async () => {
    const { fake, adapter, context } = setup();
    const model = spec("viduq1");
    expect(await adapter.poll({ taskId: 834561209874321408 }, context(model))).toMatchObject({
      state: "failed",
      failure: { code: "provider_error" },
    });
    expect(await adapter.cancel?.({ taskId: "../x" }, context(model))).toMatchObject({ upstream: "not_cancellable" });
    expect(fake.faults.requests.length).toBe(0);
  });
});

describe("Vidu adapter: cancel", () => {
  it("cancels a queued task upstream; it then reads cancelled", async () => {
    const { fake, adapter, context, advance } = setup();
    const model = spec("viduq2");
    const started = await adapter.start(request(model), context(model));
    advance(700);
    expect(await adapter.cancel?.(started.task, context(model))).toEqual({ upstream: "cancelled" });
    expect(fake.faults.requests.at(-1)).toMatchObject({
      method: "POST",
      path: `/ent/v2/tasks/${started.task.taskId as string}/cancel`,
      body: JSON.stringify({ id: started.task.taskId }),
    });
    advance(20_000);
    expect(await adapter.poll(started.task, context(model))).toEqual({ state: "cancelled" });
  });

  it("reports a processing task as not cancellable, with Vidu's reason", async () => {
    const { adapter, context, advance } = setup();
    const model = spec("viduq2");
    const started = await adapter.start(request(model), context(model));
    advance(2_000);
    expect(await adapter.cancel?.(started.task, context(model))).toEqual({
      upstream: "not_cancellable",
      reason: "Vidu BadRequest: task state is scheduled, can not cancel",
    });
    advance(20_000);
    expect(await adapter.poll(started.task, context(model))).toMatchObject({ state: "succeeded" });
  });

  it("throws a cancel that failed for other reasons (5xx), so it can be tried again", async () => {
    const { fake, adapter, context } = setup();
    const model = spec("viduq2");
    const started = await adapter.start(request(model), context(model));
    fake.faults.inject({
      pathIncludes: "/cancel",
      fault: { type: "status", status: 500, body: viduErrorBody(500, "InternalServiceFailure", "x") },
    });
    expect(await providerCallError(adapter.cancel!(started.task, context(model)))).toMatchObject({ retryable: true });
  });
});

describe("Vidu adapter: a lost create response", () => {
  it("throws delivery unknown, and the fake received exactly one create", async () => {
    const fake = createViduFake({ apiKey: TEST_KEY });
    const served = await serveFake(fake.app);
    try {
      const adapter = createViduProvider({ apiKey: TEST_KEY, baseUrl: served.url });
      const model = spec("viduq1");
      fake.faults.inject({ method: "POST", pathIncludes: "/text2video", fault: { type: "lose_response" } });
      const context: ProviderContext = {
        jobId: "job_lost",
        spec: model,
        clock: { now: () => Date.now() },
        fetch,
        images: {},
        signal: AbortSignal.timeout(300),
        callbackUrl: null,
      };
      const error = await providerCallError(adapter.start(request(model), context));
      expect(error).toMatchObject({ kind: "timeout", delivery: "unknown" });
      const creates = fake.faults.requests.filter((sent) => sent.method === "POST" && sent.path === "/text2video");
      expect(creates).toHaveLength(1);
      expect(JSON.parse(creates[0]?.body ?? "")).toMatchObject({ payload: "job_lost" });
    } finally {
      await served.close();
    }
  });
});

describeKeyCheckContract({
  provider: "vidu",
  createFake: (apiKey) => createViduFake({ apiKey }),
  createAdapter: (url, apiKey) => createViduProvider({ apiKey, baseUrl: `${url}/ent/v2` }),
  probe: { method: "GET", path: "/ent/v2/tasks/0/creations" },
  accepted: /^Vidu answered TaskNotFound for a probe task, past authentication$/,
  refusal: /HTTP 401: Unauthorized: unauthorized/,
  keyVariable: "REELAY_VIDU_API_KEY",
});
