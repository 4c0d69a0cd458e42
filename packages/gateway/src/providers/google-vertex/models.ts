import type { ModelSpec } from "../../core/model-spec.ts";
import type { ModelInputs } from "../../core/types.ts";
import {
  VEO_1080P_NEEDS_8_SECONDS,
  VEO_3_1_INPUTS,
  VEO_3_DURATIONS_SECONDS,
  VEO_4K_NEEDS_8_SECONDS,
  VEO_ASPECT_RATIOS,
  VEO_IMAGE_INPUT,
  VEO_PROMPT_MAX_LENGTH,
  VEO_TEXT_AND_FIRST_FRAME,
  VEO_2_DURATIONS_SECONDS,
} from "../google/models.ts";

/*
 * Veo on Vertex AI. Facts: shared/providers/google-veo.md (the model table is shared with the
 * Gemini API). Vertex takes `seed` and a `generateAudio` toggle, so audio is optional here and
 * priced separately.
 */

const VEO_2_INPUTS: ModelInputs = { text: true, firstFrame: true, lastFrame: true, references: false };

const RETIRED_VEO_3_0_NOTE =
  "Vertex AI retired veo-3.0 on 2026-06-30 (new access was blocked a month earlier); Google names Veo 3.1 as the migration target.";

// Audio defaults to on so that a request gives the same kind of video as on the Gemini API,
// where Veo 3 always has sound.
const VERTEX_VEO_3 = {
  imageInput: VEO_IMAGE_INPUT,
  aspectRatios: VEO_ASPECT_RATIOS,
  durationsSeconds: VEO_3_DURATIONS_SECONDS,
  audio: "optional",
  seed: true,
  negativePrompt: true,
  promptMaxLength: VEO_PROMPT_MAX_LENGTH,
  defaults: { durationSeconds: 8, aspectRatio: "16:9", resolution: "720p", audio: true },
} satisfies Partial<ModelSpec>;

export const googleVertexModels: ModelSpec[] = [
  {
    id: "google-vertex/veo-2.0-generate-001",
    provider: "google-vertex",
    vendorModelId: "veo-2.0-generate-001",
    label: "Veo 2 (Vertex AI)",
    // unverified: still listed in a live region listing; its retirement date was not retrieved.
    lifecycle: { status: "active" },
    inputs: VEO_2_INPUTS,
    imageInput: VEO_IMAGE_INPUT,
    durationsSeconds: VEO_2_DURATIONS_SECONDS,
    aspectRatios: VEO_ASPECT_RATIOS,
    // Veo 2 takes no resolution parameter and renders 720p.
    resolutions: ["720p"],
    audio: "none",
    seed: true,
    negativePrompt: true,
    promptMaxLength: VEO_PROMPT_MAX_LENGTH,
    defaults: { durationSeconds: 8, aspectRatio: "16:9", resolution: "720p", audio: false },
    constraints: [],
    pricing: { perSecondUsd: 0.5 }, // price unverified
    typicalRenderSeconds: 60,
  },
  {
    ...VERTEX_VEO_3,
    id: "google-vertex/veo-3.0-generate-001",
    provider: "google-vertex",
    vendorModelId: "veo-3.0-generate-001",
    label: "Veo 3 (Vertex AI)",
    lifecycle: {
      status: "retired",
      since: "2026-06-30",
      replacement: "google-vertex/veo-3.1-generate-001",
      note: RETIRED_VEO_3_0_NOTE,
    },
    inputs: VEO_TEXT_AND_FIRST_FRAME,
    resolutions: ["720p", "1080p"],
    constraints: [],
    pricing: { perSecondUsd: 0.2, perSecondUsdWithAudio: 0.4 }, // price unverified
    typicalRenderSeconds: 90,
    // The original app's preview id, superseded by the GA id.
    aliases: ["google-vertex/veo-3.0-generate-preview"],
  },
  {
    ...VERTEX_VEO_3,
    id: "google-vertex/veo-3.0-fast-generate-001",
    provider: "google-vertex",
    vendorModelId: "veo-3.0-fast-generate-001",
    label: "Veo 3 Fast (Vertex AI)",
    lifecycle: {
      status: "retired",
      since: "2026-06-30",
      replacement: "google-vertex/veo-3.1-fast-generate-001",
      note: RETIRED_VEO_3_0_NOTE,
    },
    inputs: VEO_TEXT_AND_FIRST_FRAME,
    resolutions: ["720p", "1080p"],
    constraints: [],
    pricing: { perSecondUsd: 0.1, perSecondUsdWithAudio: 0.15 }, // price unverified
    typicalRenderSeconds: 50,
    aliases: ["google-vertex/veo-3.0-fast-generate-preview"],
  },
  {
    ...VERTEX_VEO_3,
    id: "google-vertex/veo-3.1-generate-001",
    provider: "google-vertex",
    vendorModelId: "veo-3.1-generate-001",
    label: "Veo 3.1 (Vertex AI)",
    lifecycle: { status: "active" },
    inputs: VEO_3_1_INPUTS,
    // unverified: 4k per model, and the 1080p/4k ⇒ 8 s rules, are documented for the Gemini API
    // only; Reelay applies them here too rather than risk a rejected or partial render.
    resolutions: ["720p", "1080p", "4k"],
    constraints: [VEO_1080P_NEEDS_8_SECONDS, VEO_4K_NEEDS_8_SECONDS],
    // price unverified
    pricing: { perSecondUsd: 0.2, perSecondUsdByResolution: { "4k": 0.4 }, perSecondUsdWithAudio: 0.4 },
    typicalRenderSeconds: 90,
  },
  {
    ...VERTEX_VEO_3,
    id: "google-vertex/veo-3.1-fast-generate-001",
    provider: "google-vertex",
    vendorModelId: "veo-3.1-fast-generate-001",
    label: "Veo 3.1 Fast (Vertex AI)",
    lifecycle: { status: "active" },
    inputs: VEO_3_1_INPUTS,
    // unverified: see Veo 3.1 above.
    resolutions: ["720p", "1080p", "4k"],
    constraints: [VEO_1080P_NEEDS_8_SECONDS, VEO_4K_NEEDS_8_SECONDS],
    // price unverified
    pricing: { perSecondUsd: 0.1, perSecondUsdByResolution: { "4k": 0.3 }, perSecondUsdWithAudio: 0.15 },
    typicalRenderSeconds: 50,
  },
  {
    ...VERTEX_VEO_3,
    id: "google-vertex/veo-3.1-lite-generate-001",
    provider: "google-vertex",
    vendorModelId: "veo-3.1-lite-generate-001",
    label: "Veo 3.1 Lite (Vertex AI)",
    lifecycle: { status: "active" },
    inputs: VEO_3_1_INPUTS,
    // unverified: 4k support is not documented per model; Lite is assumed to stop at 1080p.
    resolutions: ["720p", "1080p"],
    constraints: [VEO_1080P_NEEDS_8_SECONDS],
    pricing: { perSecondUsd: 0.05, perSecondUsdWithAudio: 0.08 }, // price unverified
    typicalRenderSeconds: 40,
  },
];
