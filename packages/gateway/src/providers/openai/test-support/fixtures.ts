import { createHash } from "node:crypto";
import type { ModelSpec } from "../../../core/model-spec.ts";
import type { NormalizedRequest } from "../../../core/types.ts";
import { makeTestImage } from "../../../media/test-support/make-test-image.ts";
import type { PreparedImage, ProviderContext } from "../../provider.ts";
import { serveFake } from "../../shared/fake-server.ts";
import { createOpenAiFake, type OpenAiFakeOptions } from "../fake.ts";
import { openaiModels } from "../models.ts";
import { contextFor, modelByVendorId, requestFor } from "../../../test-support/spec-request.ts";

export const TEST_KEY = "sk-test-0123456789abcdef";

/** Fast enough for tests, slow enough to see queued and in_progress. */
export const FAST_TIMING = { queuedMs: 50, renderMs: 250 };

/** The catalog's OpenAI model by vendor id; every test runs against the real catalog data. */
export function openAiSpec(vendorModelId: string): ModelSpec {
  return modelByVendorId(openaiModels, vendorModelId);
}

export function openAiRequest(spec: ModelSpec, overrides: Partial<NormalizedRequest> = {}): NormalizedRequest {
  return requestFor(spec, { prompt: "A kite climbs as the camera tilts upward", audio: true, ...overrides });
}

export function openAiContext(spec: ModelSpec, overrides: Partial<ProviderContext> = {}): ProviderContext {
  return contextFor(spec, { jobId: "job_openai_test", ...overrides });
}

/** A real image of exactly `width`×`height`, wrapped the way the image pipeline hands it over. */
export async function preparedImage(
  width: number,
  height: number,
  format: "png" | "jpeg" | "webp" = "png",
): Promise<PreparedImage & { bytes: Buffer }> {
  const bytes = await makeTestImage({ width, height, format, pattern: "gradient" });
  return {
    bytes,
    mediaType: `image/${format}`,
    width,
    height,
    sizeBytes: bytes.byteLength,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    read: async () => bytes,
    localPath: null,
    signedUrl: async () => "https://reelay.invalid/media/never-used",
  };
}

/** The fake served on 127.0.0.1 with the test key, plus its in-process handle; `close` stops both. */
export async function startOpenAiFake(options: OpenAiFakeOptions = {}) {
  const fake = createOpenAiFake({ apiKey: TEST_KEY, timing: FAST_TIMING, ...options });
  const served = await serveFake(fake.app);
  const close = async () => {
    fake.close?.();
    await served.close();
  };
  return { ...fake, url: served.url, baseUrl: `${served.url}/v1`, close };
}
