import { systemClock } from "../core/clock.ts";
import type { ModelSpec } from "../core/model-spec.ts";
import type { NormalizedRequest } from "../core/types.ts";
import type { ProviderContext } from "../providers/provider.ts";

/** A valid request for `spec` with its defaults, and `fields` on top. */
export function requestFor(spec: ModelSpec, fields: Partial<NormalizedRequest> = {}): NormalizedRequest {
  return {
    model: spec.id,
    prompt: "A lighthouse at dusk, waves rolling in",
    durationSeconds: spec.defaults.durationSeconds,
    aspectRatio: spec.defaults.aspectRatio,
    resolution: spec.defaults.resolution,
    audio: spec.defaults.audio,
    providerOptions: {},
    metadata: {},
    ...fields,
  };
}

/** The catalog model with this vendor id; a test's typo fails loudly. */
export function modelByVendorId(models: ModelSpec[], vendorModelId: string): ModelSpec {
  const found = models.find((model) => model.vendorModelId === vendorModelId);
  if (!found) throw new Error(`no ${vendorModelId} in the catalog`);
  return found;
}

/** What the worker hands an adapter for one call, with `overrides` on top. */
export function contextFor(spec: ModelSpec, overrides: Partial<ProviderContext> = {}): ProviderContext {
  return {
    jobId: "job_test",
    spec,
    clock: systemClock,
    fetch,
    images: {},
    signal: AbortSignal.timeout(10_000),
    callbackUrl: null,
    ...overrides,
  };
}
