import type { ImageRequirements, ModelSpec } from "../../core/model-spec.ts";
import type { AspectRatio, ModelConstraint, ModelInputs } from "../../core/types.ts";

/*
 * Veo on the Gemini API. Facts: shared/providers/google-veo.md. Google-vertex shares the model
 * table (same request body, same enums), so the pieces both surfaces use are exported from here;
 * the surfaces differ in ids, audio toggle, seed and lifecycle.
 */

export const VEO_TEXT_AND_FIRST_FRAME: ModelInputs = {
  text: true,
  firstFrame: true,
  lastFrame: false,
  references: false,
};

/** Veo 3.1: first frame, last frame (with a first frame) and up to three asset references. */
export const VEO_3_1_INPUTS: ModelInputs = {
  text: true,
  firstFrame: true,
  lastFrame: true,
  references: true,
};

export const VEO_ASPECT_RATIOS: AspectRatio[] = ["16:9", "9:16"];
export const VEO_2_DURATIONS_SECONDS = [5, 6, 7, 8];
export const VEO_3_DURATIONS_SECONDS = [4, 6, 8];

// unverified: Google limits prompts to 1,024 tokens; 4,000 characters approximates that for
// English text, and the provider still has the last word on anything near the limit.
export const VEO_PROMPT_MAX_LENGTH = 4000;

/*
 * The 3.1 rules that involve image inputs (last frame or reference images need 8 s, references
 * need 16:9) cannot be written as constraints: constraints name no image fields. Only the Gemini
 * previews document "last frame ⇒ 8 s", and they are retired; requests carry no references yet.
 */
export const VEO_1080P_NEEDS_8_SECONDS: ModelConstraint = {
  when: { resolution: ["1080p"] },
  allow: { durationSeconds: [8] },
  reason: "Veo 3.1 renders 1080p only for 8-second videos.",
};

// unverified: 4k was added on 2026-01-13 without documented limits; assumed to follow 1080p.
export const VEO_4K_NEEDS_8_SECONDS: ModelConstraint = {
  when: { resolution: ["4k"] },
  allow: { durationSeconds: [8] },
  reason: "Veo 3.1 renders 4k only for 8-second videos.",
};

/**
 * Veo's input images on both surfaces: inline base64 (`bytesBase64Encoded`), the only form the
 * Gemini API takes; Vertex's `gcsUri` would need a bucket Reelay does not have.
 */
export const VEO_IMAGE_INPUT: ImageRequirements = {
  // The reference lists WebP too, but Vertex's REST `Image` type names only JPEG and PNG; a WebP
  // is converted rather than risk a refusal. unverified: whether Veo takes WebP.
  formats: ["jpeg", "png"],
  // The reference gives 20 MB per image (Veo 2) and no request-body limit. A first and a last
  // frame travel base64-encoded (×4/3) in one JSON body, so each is kept to 7 MB: both together
  // stay under 20 MB. A 1080p frame is far smaller. unverified: the body limit itself.
  maxBytes: 7_000_000,
  // Google's guidance is 720p or larger, but Veo 2 takes any resolution, so smaller images are
  // not refused (no minSidePx).
  // Veo pads or centre-crops a mismatched image itself (`resizeMode`, Vertex only; the Gemini
  // API refuses the field). Reelay fits the image itself so both surfaces behave alike, and crops:
  // padding would put bars into the first frame. unverified: Google's default `resizeMode`.
  match: "aspect",
  fit: "crop",
  delivery: "inline",
  // `prompt` is required for text-to-video only; optional when an image is given.
  promptRequired: false,
};

const GEMINI_VEO_3_1_NOTE =
  "Reportedly shut down on the Gemini API on 2026-10-22 (unverified); Veo 3.1 stays available on Vertex AI.";

// On the Gemini API, Veo 3.x always generates audio (no toggle) and Google's SDK refuses `seed`.
const GEMINI_VEO_3 = {
  imageInput: VEO_IMAGE_INPUT,
  aspectRatios: VEO_ASPECT_RATIOS,
  durationsSeconds: VEO_3_DURATIONS_SECONDS,
  audio: "always",
  seed: false,
  negativePrompt: true,
  promptMaxLength: VEO_PROMPT_MAX_LENGTH,
  defaults: { durationSeconds: 8, aspectRatio: "16:9", resolution: "720p", audio: true },
} satisfies Partial<ModelSpec>;

export const googleModels: ModelSpec[] = [
  {
    id: "google/veo-2.0-generate-001",
    provider: "google",
    vendorModelId: "veo-2.0-generate-001",
    label: "Veo 2 (Gemini API)",
    lifecycle: {
      status: "deprecated",
      replacement: "google-vertex/veo-2.0-generate-001",
      // unverified: whether the Gemini API still serves Veo 2.
      note: "The Gemini API may no longer serve Veo (unverified); Vertex AI still lists Veo 2.",
    },
    inputs: VEO_TEXT_AND_FIRST_FRAME,
    imageInput: VEO_IMAGE_INPUT,
    // unverified: the Vertex reference also lists 7 s; one Gemini table omits it, so only the
    // durations both tables agree on are offered here.
    durationsSeconds: [5, 6, 8],
    aspectRatios: VEO_ASPECT_RATIOS,
    // Veo 2 takes no resolution parameter and renders 720p.
    resolutions: ["720p"],
    audio: "none",
    seed: false,
    negativePrompt: true,
    promptMaxLength: VEO_PROMPT_MAX_LENGTH,
    defaults: { durationSeconds: 8, aspectRatio: "16:9", resolution: "720p", audio: false },
    constraints: [],
    pricing: { perSecondUsd: 0.5 }, // price unverified
    typicalRenderSeconds: 60,
  },
  {
    ...GEMINI_VEO_3,
    id: "google/veo-3.0-generate-001",
    provider: "google",
    vendorModelId: "veo-3.0-generate-001",
    label: "Veo 3 (Gemini API)",
    lifecycle: {
      status: "retired",
      replacement: "google-vertex/veo-3.1-generate-001",
      // unverified: the shutdown month comes from third parties; no exact day is known.
      note: "Reportedly shut down on the Gemini API in November 2025 (unverified). Use Veo 3.1 on Vertex AI.",
    },
    inputs: VEO_TEXT_AND_FIRST_FRAME,
    resolutions: ["720p", "1080p"],
    constraints: [],
    pricing: { perSecondUsd: 0.4 }, // price unverified
    typicalRenderSeconds: 90,
    aliases: ["google/veo-3.0-generate-preview"],
  },
  {
    ...GEMINI_VEO_3,
    id: "google/veo-3.0-fast-generate-001",
    provider: "google",
    vendorModelId: "veo-3.0-fast-generate-001",
    label: "Veo 3 Fast (Gemini API)",
    lifecycle: {
      status: "retired",
      replacement: "google-vertex/veo-3.1-fast-generate-001",
      // unverified: the shutdown month comes from third parties; no exact day is known.
      note: "Reportedly shut down on the Gemini API in November 2025 (unverified). Use Veo 3.1 Fast on Vertex AI.",
    },
    inputs: VEO_TEXT_AND_FIRST_FRAME,
    resolutions: ["720p", "1080p"],
    constraints: [],
    pricing: { perSecondUsd: 0.15 }, // price unverified
    typicalRenderSeconds: 50,
    aliases: ["google/veo-3.0-fast-generate-preview"],
  },
  {
    ...GEMINI_VEO_3,
    id: "google/veo-3.1-generate-preview",
    provider: "google",
    vendorModelId: "veo-3.1-generate-preview",
    label: "Veo 3.1 preview (Gemini API)",
    // unverified: shutdown date reported by third parties.
    lifecycle: {
      status: "retired",
      since: "2026-10-22",
      replacement: "google-vertex/veo-3.1-generate-001",
      note: GEMINI_VEO_3_1_NOTE,
    },
    inputs: VEO_3_1_INPUTS,
    resolutions: ["720p", "1080p", "4k"],
    constraints: [VEO_1080P_NEEDS_8_SECONDS, VEO_4K_NEEDS_8_SECONDS],
    pricing: { perSecondUsd: 0.4, perSecondUsdByResolution: { "4k": 0.6 } }, // price unverified
    typicalRenderSeconds: 90,
  },
  {
    ...GEMINI_VEO_3,
    id: "google/veo-3.1-fast-generate-preview",
    provider: "google",
    vendorModelId: "veo-3.1-fast-generate-preview",
    label: "Veo 3.1 Fast preview (Gemini API)",
    // unverified: shutdown date reported by third parties.
    lifecycle: {
      status: "retired",
      since: "2026-10-22",
      replacement: "google-vertex/veo-3.1-fast-generate-001",
      note: GEMINI_VEO_3_1_NOTE,
    },
    inputs: VEO_3_1_INPUTS,
    resolutions: ["720p", "1080p", "4k"],
    constraints: [VEO_1080P_NEEDS_8_SECONDS, VEO_4K_NEEDS_8_SECONDS],
    pricing: { perSecondUsd: 0.15, perSecondUsdByResolution: { "4k": 0.35 } }, // price unverified
    typicalRenderSeconds: 50,
  },
  {
    ...GEMINI_VEO_3,
    id: "google/veo-3.1-lite-generate-preview",
    provider: "google",
    vendorModelId: "veo-3.1-lite-generate-preview",
    label: "Veo 3.1 Lite preview (Gemini API)",
    // unverified: shutdown date reported by third parties.
    lifecycle: {
      status: "retired",
      since: "2026-10-22",
      replacement: "google-vertex/veo-3.1-lite-generate-001",
      note: GEMINI_VEO_3_1_NOTE,
    },
    inputs: VEO_3_1_INPUTS,
    // unverified: 4k support is not documented per model; Lite is assumed to stop at 1080p.
    resolutions: ["720p", "1080p"],
    constraints: [VEO_1080P_NEEDS_8_SECONDS],
    pricing: { perSecondUsd: 0.08 }, // price unverified
    typicalRenderSeconds: 40,
  },
];
