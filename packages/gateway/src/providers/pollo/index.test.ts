import { afterEach, describe, expect, it } from "vitest";
import type { ModelSpec } from "../../core/model-spec.ts";
import type { NormalizedRequest } from "../../core/types.ts";
import { contractRequest } from "../provider.contract.ts";
import type { ProviderContext } from "../provider.ts";
import { serveFake, type ServedFake } from "../shared/fake-server.ts";
import { inProcessFetch } from "../../test-support/in-process-fetch.ts";
import { preparedImage } from "../../test-support/prepared-image.ts";
import { providerCallError } from "../../test-support/provider-call-error.ts";
import { createPolloFake, type PolloFakeOptions } from "./fake.ts";
import { createPolloProvider } from "./index.ts";
import { polloModels } from "./models.ts";
import { TEST_KEY } from "./test-support/fake-client.ts";
import { describeKeyCheckContract } from "../key-check.contract.ts";

const PROMPT = "A lighthouse at dusk";
const veo = polloModels.find((model) => model.vendorModelId === "google/veo3-fast") as ModelSpec;
const sora = polloModels.find((model) => model.vendorModelId === "sora/sora-2") as ModelSpec;

/** The contract suite's request for the model, with `fields` changed. */
const request = (model: ModelSpec, fields: Partial<NormalizedRequest> = {}): NormalizedRequest => ({
  ...contractRequest(model, PROMPT),
  ...fields,
});

function setup(options: PolloFakeOptions = {}) {
  const fake = createPolloFake({ apiKey: TEST_KEY, timing: { queuedMs: 0, renderMs: 0 }, ...options });
  const adapter = createPolloProvider({ apiKey: TEST_KEY, baseUrl: "http://pollo.fake/" });
  const context = (model: ModelSpec, images: ProviderContext["images"] = {}): ProviderContext => ({
    jobId: "job_1",
    spec: model,
    clock: { now: () => Date.now() },
    fetch: inProcessFetch(fake),
    images,
    signal: AbortSignal.timeout(5_000),
    callbackUrl: null,
  });
  const creates = () => fake.faults.requests.filter((sent) => sent.method === "POST").length;
  return { fake, adapter, context, creates };
}

describe("createPolloProvider", () => {
  it("declares non-idempotent creates, no cancel, and names the key variable when unavailable", () => {
    const adapter = createPolloProvider({ apiKey: TEST_KEY });
    expect(adapter).toMatchObject({ id: "pollo", idempotentStart: false });
    expect(adapter.cancel).toBeUndefined();
    expect(adapter.unavailableReason()).toBeNull();
    expect(createPolloProvider({}).unavailableReason()).toMatch(/REELAY_POLLO_API_KEY/);
    expect(createPolloProvider({ apiKey: " " }).unavailableReason()).toMatch(/REELAY_POLLO_API_KEY/);
  });

  it("sends the exact create with x-api-key, keeps the task and polls it to a public URL", async () => {
    const { fake, adapter, context } = setup();
    const started = await adapter.start(request(veo, { seed: 7, aspectRatio: "9:16" }), context(veo));
    const sent = fake.faults.requests.at(-1);
    expect(sent).toMatchObject({ method: "POST", path: "/generation/google/veo3-fast" });
    expect(sent?.headers).toMatchObject({ "x-api-key": TEST_KEY, "content-type": "application/json" });
    expect(JSON.parse(sent?.body ?? "")).toEqual({
      input: {
        prompt: "A lighthouse at dusk",
        length: 8,
        aspectRatio: "9:16",
        resolution: "720p",
        seed: 7,
        generateAudio: true,
      },
    });
    expect(started).toEqual({
      task: { taskId: expect.stringMatching(/^cm/), api: "legacy", route: "google/veo3-fast" },
      warnings: [],
      pollAfterMs: 5_000,
    });
    const result = await adapter.poll(started.task, context(veo));
    expect(result).toMatchObject({ state: "succeeded", outputs: [{ kind: "video", source: { type: "url" } }] });
    expect(JSON.stringify(result)).not.toContain(TEST_KEY);
    expect(fake.faults.requests.at(-1)?.path).toBe(`/generation/${started.task.taskId as string}/status`);
  });

  it("hands the image over as the prepared image's signed URL", async () => {
    const { fake, adapter, context } = setup();
    const image = preparedImage(Buffer.from("png"), 1280, 720);
    await adapter.start(request(veo, { image: { uploadId: "upl_1" } }), context(veo, { image }));
    const input = (JSON.parse(fake.faults.requests.at(-1)?.body ?? "") as { input: Record<string, unknown> }).input;
    expect(input.image).toBe("https://reelay.example.com/media/frame.png?expires=21600&signature=abc");
  });

  it("keeps Pollo's credits message, not retryable, and not blamed on the key", async () => {
    for (const errorsWithHttp200 of [false, true]) {
      const { adapter, context } = setup({ errorsWithHttp200 });
      const error = await providerCallError(adapter.start(request(veo, { prompt: "no-credits" }), context(veo)));
      expect(error).toMatchObject({
        kind: "unavailable",
        retryable: false,
        delivery: "answered",
        status: errorsWithHttp200 ? 200 : 403,
      });
      expect(error.message).toContain("Not enough credits");
      expect(error.message).not.toContain("REELAY_POLLO_API_KEY");
    }
  });

  it("turns an error inside an HTTP 200 envelope into the right error, on create and on poll", async () => {
    const { adapter, context, fake } = setup({ errorsWithHttp200: true });
    const rejected = createPolloProvider({ apiKey: "wrong-key", baseUrl: "http://pollo.fake" });
    const auth = await providerCallError(rejected.start(request(veo), context(veo)));
    expect(auth).toMatchObject({ kind: "auth", retryable: false, delivery: "answered", status: 200 });
    expect(auth.message).toContain("REELAY_POLLO_API_KEY");
    expect(`${auth.message} ${auth.redactedBody ?? ""}`).not.toContain("wrong-key");
    const unknownTask = await providerCallError(adapter.poll({ taskId: "cm_missing" }, context(veo)));
    expect(unknownTask).toMatchObject({ kind: "not_found", status: 200 });
    fake.faults.inject({
      method: "POST",
      fault: {
        type: "status",
        status: 400,
        body: {
          code: "BAD_REQUEST",
          message: "Invalid input",
          data: { issues: [{ path: ["input", "seed"], message: "Too big" }] },
        },
      },
    });
    const invalid = await providerCallError(adapter.start(request(veo), context(veo)));
    expect(invalid).toMatchObject({ kind: "bad_request", retryable: false, delivery: "answered" });
    expect(invalid.message).toContain("Invalid input (input.seed: Too big)");
  });

  it("treats Pollo's rate-limit codes as rate_limited, whatever the HTTP status", async () => {
    for (const [options, code] of [
      [{ createsPerMinute: 0 }, "RATE_LIMIT_EXCEEDED"],
      [{ createsPerMinute: 0, errorsWithHttp200: true }, "RATE_LIMIT_EXCEEDED"],
      [{ parallelTaskLimit: 0 }, "PARALLEL_TASK_LIMIT_REACHED"],
    ] as const) {
      const { adapter, context } = setup(options);
      const error = await providerCallError(adapter.start(request(veo), context(veo)));
      expect(error).toMatchObject({ kind: "rate_limited", retryable: true, delivery: "answered" });
      expect(error.message).toContain(code);
    }
  });

  it("says clearly when Cloudflare's HTML challenge answers instead of Pollo", async () => {
    const { adapter, context } = setup({ cloudflareChallenge: true });
    const error = await providerCallError(adapter.start(request(veo), context(veo)));
    expect(error).toMatchObject({ kind: "unavailable", retryable: true, delivery: "answered", status: 403 });
    expect(error.message).toMatch(/Cloudflare .*not a Pollo answer/);
  });

  it("reports Sora's 'not enabled' answer as unavailable, not as a key problem", async () => {
    const { adapter, context } = setup();
    const error = await providerCallError(adapter.start(request(sora), context(sora)));
    expect(error).toMatchObject({ kind: "unavailable", retryable: false, delivery: "answered" });
    expect(error.message).toContain("This model is not enabled for API access");
  });

  it("maps a moderated task to content_filtered with Pollo's message", async () => {
    const { adapter, context } = setup();
    const started = await adapter.start(request(veo, { prompt: "blocked-content" }), context(veo));
    expect(await adapter.poll(started.task, context(veo))).toEqual({
      state: "failed",
      failure: {
        code: "content_filtered",
        message: "Pollo's moderation blocked it: The input prompt did not pass content moderation",
      },
    });
  });

  it("refuses without a key or with an unmappable request, sending nothing", async () => {
    const { adapter, context, creates } = setup();
    const noKey = await providerCallError(createPolloProvider({}).start(request(veo), context(veo)));
    expect(noKey).toMatchObject({
      kind: "auth",
      delivery: "not_sent",
      message: expect.stringContaining("REELAY_POLLO_API_KEY"),
    });
    const unmappable = await providerCallError(adapter.start(request(veo, { durationSeconds: 5 }), context(veo)));
    expect(unmappable).toMatchObject({ kind: "bad_request", delivery: "not_sent" });
    expect(await adapter.poll({ taskId: "../credit/balance" }, context(veo))).toMatchObject({
      state: "failed",
      failure: { code: "provider_error" },
    });
    expect(creates()).toBe(0);
  });
});

describe("a create whose response is lost", () => {
  let served: ServedFake | undefined;
  afterEach(async () => served?.close());

  it("throws a ProviderCallError of unknown delivery, and the fake saw exactly one create", async () => {
    const fake = createPolloFake({ apiKey: TEST_KEY });
    served = await serveFake(fake.app);
    fake.faults.inject({ method: "POST", pathIncludes: "/generation/", fault: { type: "lose_response" } });
    const adapter = createPolloProvider({ apiKey: TEST_KEY, baseUrl: served.url });
    const context: ProviderContext = {
      jobId: "job_lost",
      spec: veo,
      clock: { now: () => Date.now() },
      fetch,
      images: {},
      signal: AbortSignal.timeout(500),
      callbackUrl: null,
    };
    const error = await providerCallError(adapter.start(request(veo), context));
    expect(error).toMatchObject({ delivery: "unknown", kind: "timeout", retryable: true });
    const posted = fake.faults.requests.filter((sent) => sent.method === "POST");
    expect(posted).toHaveLength(1);
    expect(posted[0]?.path).toBe("/generation/google/veo3-fast");
    // The handler ran: the task was created and charged upstream although its answer never arrived.
    const balance = await fetch(`${served.url}/credit/balance`, { headers: { "x-api-key": TEST_KEY } });
    const { data } = (await balance.json()) as { data: { availableCredits: number; totalCredits: number } };
    expect(data.availableCredits).toBeLessThan(data.totalCredits);
  });
});

describeKeyCheckContract({
  provider: "pollo",
  createFake: (apiKey) => createPolloFake({ apiKey }),
  createAdapter: (baseUrl, apiKey) => createPolloProvider({ apiKey, baseUrl }),
  probe: { method: "GET", path: "/credit/balance" },
  accepted: /^1000000 of 1000000 credits available$/,
  refusal: /HTTP 401 \(UNAUTHORIZED\): Invalid or missing API key/,
  keyVariable: "REELAY_POLLO_API_KEY",
});
