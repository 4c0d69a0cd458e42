import type { ModelView } from "../wire.ts";

/** A plausible catalog model; `overrides` replace whole fields. */
export function makeModel(overrides: Partial<ModelView> & Pick<ModelView, "id" | "provider">): ModelView {
  return {
    object: "model",
    vendorModelId: overrides.id.split("/")[1] ?? overrides.id,
    label: overrides.id,
    lifecycle: { status: "active" },
    inputs: { text: true, firstFrame: true, lastFrame: false, references: false },
    durationsSeconds: [4, 8],
    aspectRatios: ["16:9", "9:16"],
    resolutions: ["720p"],
    audio: "none",
    seed: false,
    negativePrompt: false,
    providerOptions: {},
    promptMaxLength: 2000,
    defaults: { durationSeconds: 4, aspectRatio: "16:9", resolution: "720p", audio: false },
    constraints: [],
    pricePerSecondUsd: 0.1,
    typicalRenderSeconds: 60,
    available: true,
    unavailableReason: null,
    ...overrides,
  };
}
