import type { ModelSpec } from "../../core/model-spec.ts";

/** The built-in renderer: no network, no key, no cost. */
export const localModels: ModelSpec[] = [
  {
    id: "local/preview",
    provider: "local",
    vendorModelId: "preview",
    label: "Local preview (built-in renderer)",
    lifecycle: { status: "active" },
    inputs: { text: true, firstFrame: false, lastFrame: false, references: false },
    durationsSeconds: [1, 2, 3, 4, 5, 6, 8, 10, 12],
    aspectRatios: ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9", "5:3", "3:5"],
    resolutions: ["360p", "480p", "720p", "1080p"],
    audio: "optional",
    seed: true,
    negativePrompt: true,
    promptMaxLength: 2000,
    defaults: { durationSeconds: 4, aspectRatio: "16:9", resolution: "720p", audio: false },
    constraints: [],
    pricing: { perSecondUsd: 0 },
    typicalRenderSeconds: 4,
  },
];
