import { describe, expect, it } from "vitest";
import { ProviderCallError } from "../../core/errors.ts";
import type { ModelSpec } from "../../core/model-spec.ts";
import type { NormalizedRequest } from "../../core/types.ts";
import type { ProviderContext } from "../provider.ts";
import { createRunwayFake } from "./fake.ts";
import { createRunwayProvider } from "./index.ts";
import { runwayModels } from "./models.ts";
import { TEST_KEY } from "./test-support/fake-client.ts";
import { inProcessFetch } from "../../test-support/in-process-fetch.ts";
import { solidImage } from "./test-support/images.ts";
import { preparedImage } from "../../test-support/prepared-image.ts";
import { describeKeyCheckContract } from "../key-check.contract.ts";

const spec = (id: string): ModelSpec => {
  const found = runwayModels.find((model) => model.vendorModelId === id);
  if (!found) throw new Error(`no ${id} in the catalog`);
  return found;
};

function request(model: ModelSpec, fields: Partial<NormalizedRequest> = {}): NormalizedRequest {
  return {
    model: model.id,
    prompt: "A lighthouse at dusk",
    durationSeconds: model.defaults.durationSeconds,
    aspectRatio: model.defaults.aspectRatio,
    resolution: model.defaults.resolution,
    audio: model.defaults.audio,
    providerOptions: {},
    metadata: {},
    ...fields,
  };
}

function setup() {
  const fake = createRunwayFake({ apiKey: TEST_KEY, timing: { queuedMs: 0, renderMs: 0 } });
  const adapter = createRunwayProvider({ apiKey: TEST_KEY, baseUrl: "http://runway.fake/" });
  const context = (model: ModelSpec, images: ProviderContext["images"] = {}): ProviderContext => ({
    jobId: "job_1",
    spec: model,
    clock: { now: () => Date.now() },
    fetch: inProcessFetch(fake),
    images,
    signal: AbortSignal.timeout(5_000),
    callbackUrl: null,
  });
  return { fake, adapter, context };
}

const callError = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a ProviderCallError");
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(ProviderCallError);
      return error as ProviderCallError;
    },
  );

describe("createRunwayProvider", () => {
  it("declares non-idempotent creates and names the key variable when unavailable", () => {
    expect(createRunwayProvider({ apiKey: TEST_KEY })).toMatchObject({ id: "runway", idempotentStart: false });
    expect(createRunwayProvider({ apiKey: TEST_KEY }).unavailableReason()).toBeNull();
    expect(createRunwayProvider({}).unavailableReason()).toMatch(/REELAY_RUNWAY_API_KEY/);
    expect(createRunwayProvider({ apiKey: "  " }).unavailableReason()).toMatch(/REELAY_RUNWAY_API_KEY/);
  });

  it("refuses to call without a key, as certainly not sent", async () => {
    const { context } = setup();
    const error = await callError(createRunwayProvider({}).start(request(spec("gen4.5")), context(spec("gen4.5"))));
    expect(error).toMatchObject({ kind: "auth", retryable: false, delivery: "not_sent" });
    expect(error.message).toContain("REELAY_RUNWAY_API_KEY");
  });

  it("sends the exact create with Runway's headers and keeps the task id", async () => {
    const { fake, adapter, context } = setup();
    const model = spec("veo3.1");
    const started = await adapter.start(
      request(model, { resolution: "1080p", aspectRatio: "9:16", durationSeconds: 6 }),
      context(model),
    );
    const sent = fake.faults.requests.at(-1);
    expect(sent).toMatchObject({ method: "POST", path: "/v1/text_to_video" });
    expect(sent?.headers).toMatchObject({
      authorization: `Bearer ${TEST_KEY}`,
      "x-runway-version": "2024-11-06",
      "content-type": "application/json",
      accept: "application/json",
    });
    expect(JSON.parse(sent?.body ?? "")).toEqual({
      model: "veo3.1",
      promptText: "A lighthouse at dusk",
      ratio: "1080:1920",
      duration: 6,
      audio: true,
    });
    expect(started).toEqual({
      task: { taskId: expect.stringMatching(/^[0-9a-f-]{36}$/), endpoint: "/v1/text_to_video", model: "veo3.1" },
      warnings: [],
      pollAfterMs: 5_000,
    });
    expect(await adapter.poll(started.task, context(model))).toMatchObject({ state: "succeeded" });
  });

  it("runs gen4_turbo image-to-video with the prepared image as a data URI", async () => {
    const { fake, adapter, context } = setup();
    const model = spec("gen4_turbo");
    const png = await solidImage(64, 48);
    const images = { image: preparedImage(png, 64, 48) };
    const started = await adapter.start(
      request(model, { image: { uploadId: "upl_1" }, aspectRatio: "4:3" }),
      context(model, images),
    );
    const sent = JSON.parse(fake.faults.requests.at(-1)?.body ?? "") as Record<string, unknown>;
    expect(fake.faults.requests.at(-1)?.path).toBe("/v1/image_to_video");
    expect(sent).toMatchObject({
      model: "gen4_turbo",
      promptImage: `data:image/png;base64,${png.toString("base64")}`,
      ratio: "1104:832",
    });
    expect(started.task).toMatchObject({ endpoint: "/v1/image_to_video" });
    const result = await adapter.poll(started.task, context(model));
    expect(result).toMatchObject({ state: "succeeded", outputs: [{ kind: "video", source: { type: "url" } }] });
  });

  it("throws Runway's validation answer as bad_request, answered, listing the issues", async () => {
    const { fake, adapter, context } = setup();
    fake.faults.inject({
      method: "POST",
      fault: {
        type: "status",
        status: 400,
        body: {
          error: "Validation of body failed",
          issues: [{ path: ["ratio"], message: "Invalid option" }],
          docUrl: "x",
        },
      },
    });
    const error = await callError(adapter.start(request(spec("gen4.5")), context(spec("gen4.5"))));
    expect(error).toMatchObject({ kind: "bad_request", retryable: false, delivery: "answered", status: 400 });
    expect(error.message).toContain("Validation of body failed (ratio: Invalid option)");
  });

  it("throws an unmappable request as bad_request that was never sent", async () => {
    const { fake, adapter, context } = setup();
    const before = fake.faults.requests.length;
    const model = spec("gen4_turbo");
    const error = await callError(adapter.start(request(model), context(model)));
    expect(error).toMatchObject({ kind: "bad_request", retryable: false, delivery: "not_sent" });
    expect(error.message).toMatch(/cannot do text-to-video/);
    expect(fake.faults.requests.length).toBe(before);
  });

  it("never shows the key, even when an error body echoes it", async () => {
    const { fake, adapter, context } = setup();
    fake.faults.inject({ fault: { type: "status", status: 401, body: { error: `Bad key ${TEST_KEY}` } } });
    const error = await callError(adapter.start(request(spec("gen4.5")), context(spec("gen4.5"))));
    expect(error.message).toContain("REELAY_RUNWAY_API_KEY");
    expect(`${error.message} ${error.redactedBody ?? ""}`).not.toContain(TEST_KEY);
  });

  it("fails a stored task that is not Runway's without calling Runway", async () => {
    const { fake, adapter, context } = setup();
    const before = fake.faults.requests.length;
    expect(await adapter.poll({ renderId: "x" }, context(spec("gen4.5")))).toMatchObject({
      state: "failed",
      failure: { code: "provider_error" },
    });
    expect(await adapter.poll({ taskId: "../../v1/text_to_video" }, context(spec("gen4.5")))).toMatchObject({
      state: "failed",
    });
    expect(await adapter.cancel?.({}, context(spec("gen4.5")))).toMatchObject({ upstream: "not_cancellable" });
    expect(fake.faults.requests.length).toBe(before);
  });
});

describeKeyCheckContract({
  provider: "runway",
  createFake: (apiKey) => createRunwayFake({ apiKey }),
  createAdapter: (baseUrl, apiKey) => createRunwayProvider({ apiKey, baseUrl }),
  probe: { method: "GET", path: "/v1/organization" },
  accepted: /^10000 credits left$/,
  refusal: /HTTP 401: Unauthorized: a valid API key must be passed as a Bearer token/,
  keyVariable: "REELAY_RUNWAY_API_KEY",
});
