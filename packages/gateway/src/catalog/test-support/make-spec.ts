import type { ModelSpec } from "../../core/model-spec.ts";

/** A small, consistent spec for tests; override what a test is about. */
export function makeSpec(overrides: Partial<ModelSpec> = {}): ModelSpec {
  return {
    id: "local/test",
    provider: "local",
    vendorModelId: "test",
    label: "Test model",
    lifecycle: { status: "active" },
    inputs: { text: true, firstFrame: false, lastFrame: false, references: false },
    durationsSeconds: [4, 8],
    aspectRatios: ["16:9", "9:16"],
    resolutions: ["720p", "1080p"],
    audio: "optional",
    seed: true,
    negativePrompt: true,
    promptMaxLength: 20,
    defaults: { durationSeconds: 4, aspectRatio: "16:9", resolution: "720p", audio: false },
    constraints: [],
    pricing: { perSecondUsd: 0.1 },
    typicalRenderSeconds: 60,
    ...overrides,
  };
}
