import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NormalizedRequest } from "../../core/types.ts";
import { createFileMediaStore } from "../../media/file-media-store.ts";
import { createOutputRehoster } from "../../media/rehost-output.ts";
import { contractContext, pollToEnd } from "../provider.contract.ts";
import { serveFake, type ServedFake } from "../shared/fake-server.ts";
import { createGoogleFake } from "./fake.ts";
import { createGoogleProvider } from "./index.ts";
import { googleModels } from "./models.ts";
import { providerCallError } from "../../test-support/provider-call-error.ts";
import { describeKeyCheckContract } from "../key-check.contract.ts";

const KEY = "gemini-adapter-key-93b1";
const veo2 = googleModels.find((spec) => spec.vendorModelId === "veo-2.0-generate-001");
const veo31 = googleModels.find((spec) => spec.vendorModelId === "veo-3.1-generate-preview");
if (!veo2 || !veo31) throw new Error("catalog lost its Veo models");

const request = (overrides: Partial<NormalizedRequest> = {}): NormalizedRequest => ({
  model: veo2.id,
  prompt: "A lighthouse at dusk, waves rolling in",
  durationSeconds: 5,
  aspectRatio: "9:16",
  resolution: "720p",
  audio: false,
  providerOptions: {},
  metadata: {},
  ...overrides,
});

describe("google adapter against its fake", () => {
  const fake = createGoogleFake({ apiKey: KEY, timing: { queuedMs: 30, renderMs: 100 } });
  let served: ServedFake;
  let mediaDir = "";

  beforeAll(async () => {
    served = await serveFake(fake.app);
    mediaDir = await mkdtemp(join(tmpdir(), "reelay-google-media-"));
  });
  afterAll(async () => {
    await served.close();
    await rm(mediaDir, { recursive: true, force: true });
  });

  const adapter = () => createGoogleProvider({ apiKey: KEY, baseUrl: `${served.url}/v1beta/` });

  it("sends the key and JSON, and the re-hoster downloads the video without sending the key to storage", async () => {
    const provider = adapter();
    const started = await provider.start(request(), contractContext(veo2));
    expect(started.task).toEqual({
      operationName: expect.stringMatching(/^models\/veo-2\.0-generate-001\/operations\//),
    });
    const created = fake.faults.requests.at(-1);
    expect(created?.headers).toMatchObject({ "x-goog-api-key": KEY, "content-type": "application/json" });
    expect(JSON.parse(created?.body ?? "")).toEqual({
      instances: [{ prompt: "A lighthouse at dusk, waves rolling in" }],
      parameters: { aspectRatio: "9:16", durationSeconds: 5, sampleCount: 1 },
    });

    const result = await pollToEnd(provider, started.task, veo2);
    if (result.state !== "succeeded") throw new Error(`expected success, got ${JSON.stringify(result)}`);
    expect(result.outputs[0]?.source).toEqual({
      type: "url",
      url: expect.stringContaining(`${served.url}/v1beta/files/`),
    });
    expect(JSON.stringify(result.outputs)).not.toContain(KEY);

    // As the worker does: the key is added just before the download, never stored.
    const authorized = result.outputs.map((output) => provider.authorizeDownload?.(output) ?? output);
    expect(authorized[0]?.source).toMatchObject({ headers: { "x-goog-api-key": KEY } });
    const rehoster = createOutputRehoster({
      store: createFileMediaStore(mediaDir),
      fetch,
      maxBytes: 50_000_000,
      timeoutMs: 10_000,
    });
    const stored = await rehoster.rehost("job_google_1", authorized);
    expect(stored).toMatchObject({
      mediaType: "video/mp4",
      width: 180,
      height: 320,
      durationSeconds: expect.closeTo(5, 0),
    });

    const download = fake.faults.requests.find((sent) => sent.path.includes(":download"));
    const storage = fake.faults.requests.find((sent) => sent.path.startsWith("/storage/veo/"));
    expect(download?.headers["x-goog-api-key"]).toBe(KEY);
    expect(storage?.headers.host).toMatch(/^localhost:/);
    expect(storage?.headers["x-goog-api-key"]).toBeUndefined();
  });

  it("reads a 429's delay from RetryInfo in the body, as answered", async () => {
    const limited = createGoogleFake({ apiKey: KEY, createsPerMinute: 1 });
    const limitedServer = await serveFake(limited.app);
    try {
      const provider = createGoogleProvider({ apiKey: KEY, baseUrl: `${limitedServer.url}/v1beta` });
      await provider.start(request(), contractContext(veo2));
      const error = await providerCallError(provider.start(request(), contractContext(veo2)));
      expect(error).toMatchObject({ kind: "rate_limited", retryable: true, delivery: "answered", status: 429 });
      expect(error.retryAfterMs).toBeGreaterThan(55_000);
      expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
      expect(error.message).toContain("RESOURCE_EXHAUSTED");
    } finally {
      await limitedServer.close();
    }
  });

  it("calls a wrong key a credentials problem, naming the variable and never the key", async () => {
    const wrongKey = "gemini-wrong-key-0000";
    const provider = createGoogleProvider({ apiKey: wrongKey, baseUrl: `${served.url}/v1beta` });
    const error = await providerCallError(provider.start(request(), contractContext(veo2)));
    expect(error).toMatchObject({ kind: "auth", retryable: false, delivery: "answered", status: 400 });
    expect(error.message).toContain("REELAY_GOOGLE_API_KEY");
    expect(`${error.message} ${error.redactedBody ?? ""}`).not.toContain(wrongKey);
  });

  it("fails an operation Google ended with error code 3 as invalid_input", async () => {
    const provider = adapter();
    const started = await provider.start(request({ durationSeconds: 3 }), contractContext(veo2));
    const result = await pollToEnd(provider, started.task, veo2);
    expect(result).toMatchObject({
      state: "failed",
      failure: { code: "invalid_input", message: /Unsupported output video duration 3 seconds/ },
    });
  });

  it("reports a retired model's 404 as not_found", async () => {
    const error = await providerCallError(
      adapter().start(request({ model: veo31.id, audio: true }), contractContext(veo31)),
    );
    expect(error).toMatchObject({ kind: "not_found", retryable: false, delivery: "answered" });
    expect(error.message).toMatch(/no longer available/);
  });

  it("refuses before sending what Veo would refuse", async () => {
    const before = fake.faults.requests.length;
    const image = { uploadId: "upl_1" };
    const error = await providerCallError(
      adapter().start(request({ image, providerOptions: { personGeneration: "allow_all" } }), contractContext(veo2)),
    );
    expect(error).toMatchObject({ kind: "bad_request", retryable: false, delivery: "not_sent" });
    expect(fake.faults.requests.length).toBe(before);
  });

  it("fails a task that is not a Gemini operation without calling Google", async () => {
    const before = fake.faults.requests.length;
    const result = await adapter().poll({ operationName: "../../files/x" }, contractContext(veo2));
    expect(result).toMatchObject({ state: "failed", failure: { code: "provider_error" } });
    expect(fake.faults.requests.length).toBe(before);
  });
});

describe("google adapter settings", () => {
  it("names REELAY_GOOGLE_API_KEY when it is missing, and never calls out without it", async () => {
    const provider = createGoogleProvider({});
    expect(provider.unavailableReason()).toBe("REELAY_GOOGLE_API_KEY is not set");
    expect(createGoogleProvider({ apiKey: "k" }).unavailableReason()).toBeNull();
    const error = await providerCallError(provider.start(request(), contractContext(veo2)));
    expect(error).toMatchObject({ kind: "auth", delivery: "not_sent" });
    expect(provider.idempotentStart).toBe(false);
    expect(provider.cancel).toBeUndefined();
  });

  it("gives the key only to its own base's file downloads", () => {
    const provider = createGoogleProvider({ apiKey: "k-123", baseUrl: "https://gemini.test/v1beta" });
    const own = {
      kind: "video" as const,
      source: { type: "url" as const, url: "https://gemini.test/v1beta/files/abc:download?alt=media" },
    };
    expect(provider.authorizeDownload?.(own)?.source).toEqual({
      ...own.source,
      headers: { "x-goog-api-key": "k-123" },
    });
    for (const url of [
      "https://cdn.example/v.mp4",
      "https://gemini.test/v1beta-evil/files/x",
      "https://gemini.test/v1beta/models/x",
    ]) {
      const other = { kind: "video" as const, source: { type: "url" as const, url } };
      expect(provider.authorizeDownload?.(other)).toEqual(other);
    }
    const file = { kind: "video" as const, source: { type: "file" as const, path: "/tmp/x.mp4" } };
    expect(provider.authorizeDownload?.(file)).toEqual(file);
  });

  it("takes personGeneration as its only provider option", () => {
    const provider = createGoogleProvider({ apiKey: "k" });
    expect(provider.checkProviderOptions?.({ personGeneration: "dont_allow" }, veo2)).toEqual([]);
    expect(provider.checkProviderOptions?.({ personGeneration: "dont_allow", style: "noir" }, veo2)).toEqual([
      expect.objectContaining({ field: "providerOptions.style", code: "unsupported_field" }),
    ]);
    expect(provider.checkProviderOptions?.({ personGeneration: "dont_allow" }, veo31)).toEqual([
      expect.objectContaining({
        field: "providerOptions.personGeneration",
        code: "unsupported_value",
        allowed: ["allow_all", "allow_adult"],
      }),
    ]);
  });
});

describeKeyCheckContract({
  provider: "google",
  createFake: (apiKey) => createGoogleFake({ apiKey }),
  createAdapter: (url, apiKey) => createGoogleProvider({ apiKey, baseUrl: `${url}/v1beta` }),
  probe: { method: "GET", path: "/v1beta/models?pageSize=1000" },
  // Only Veo 2 is still served on the Gemini API by default (veo-fake-models.ts).
  accepted: /^1 model\(s\) listed, 1 of them for video \(predictLongRunning\)$/,
  // Google answers a wrong key with 400 API_KEY_INVALID, which the adapter reads as a refusal.
  refusal: /HTTP 400: INVALID_ARGUMENT: API key not valid/,
  keyVariable: "REELAY_GOOGLE_API_KEY",
});
