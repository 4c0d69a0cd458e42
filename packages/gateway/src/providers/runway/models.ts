import type { ImageRequirements, ModelSpec } from "../../core/model-spec.ts";
import type { AspectRatio, ModelInputs } from "../../core/types.ts";

/*
 * Runway API models. Facts: shared/providers/runway.md. Runway takes pixel ratios
 * (`1280:720`); the adapter maps Reelay's names to them. The gen models' output size is implied
 * by the ratio (e.g. 1280:720, 960:960, 1584:672): Reelay calls that tier 720p.
 */

const FIRST_FRAME_ONLY: ModelInputs = {
  text: false,
  firstFrame: true,
  lastFrame: false,
  references: false,
};
const TEXT_AND_FIRST_FRAME: ModelInputs = {
  text: true,
  firstFrame: true,
  lastFrame: false,
  references: false,
};
/** veo3.1*: a first frame with an optional last frame; a last frame alone is refused. */
const TEXT_FIRST_AND_LAST_FRAME: ModelInputs = {
  text: true,
  firstFrame: true,
  lastFrame: true,
  references: false,
};

/** gen4_turbo / gen4.5 image-to-video: 1280:720, 720:1280, 1104:832, 832:1104, 960:960, 1584:672. */
const GEN4_ASPECT_RATIOS: AspectRatio[] = ["16:9", "9:16", "4:3", "3:4", "1:1", "21:9"];

/** veo3*: 1280:720 / 720:1280 at 720p, 1920:1080 / 1080:1920 at 1080p. */
const VEO_ASPECT_RATIOS: AspectRatio[] = ["16:9", "9:16"];

/** Any integer from 2 to 10 (gen4_turbo since 2025-10-08, gen4.5). */
const TWO_TO_TEN_SECONDS = [2, 3, 4, 5, 6, 7, 8, 9, 10];

// `promptText` is limited to 1,000 UTF-16 code units, which is what String#length counts.
const PROMPT_MAX_LENGTH = 1000;

/**
 * Runway's `promptImage`, sent inline as a data URI. A URL (up to 16 MB) would have to be public
 * HTTPS on a domain name, answer HEAD and never redirect, which a self-hosted Reelay (localhost, a
 * LAN address, behind a proxy) often cannot promise; a data URI works from anywhere. Its cost is
 * the smaller limit, 5 MB of encoded string ≈ 3.3 MB of image, ample for a 720p–1080p frame.
 * unverified: Runway's current SDK documents only URLs; its docs still accept data URIs. Also
 * unverified: the body limit for veo3.1's two data URIs (first and last frame) in one request.
 */
const RUNWAY_IMAGE_INPUT: ImageRequirements = {
  formats: ["jpeg", "png", "webp"],
  maxBytes: 3_300_000,
  // unverified: "sides above ~8000 px are rejected"; the exact bound is not documented.
  maxSidePx: 8000,
  aspectRange: { min: 0.5, max: 2 },
  // No `match`: Runway takes any shape within the range with any `ratio` and fits it itself
  // (unverified how). Matching could not work anyway: 21:9 (1584:672 ≈ 2.36) lies outside 0.5–2.
  fit: "crop",
  delivery: "inline",
  // gen4_turbo: `promptText` optional. veo3*: required for text only (unverified for images).
  promptRequired: false,
};

/** gen3a_turbo (late-2025 schema) and gen4.5 require `promptText` with an image too. */
const RUNWAY_IMAGE_INPUT_WITH_PROMPT: ImageRequirements = { ...RUNWAY_IMAGE_INPUT, promptRequired: true };

const GEN_DEFAULTS = {
  durationSeconds: 5,
  aspectRatio: "16:9",
  resolution: "720p",
  audio: false,
} satisfies ModelSpec["defaults"];

const RUNWAY_VEO = {
  inputs: TEXT_AND_FIRST_FRAME,
  imageInput: RUNWAY_IMAGE_INPUT,
  aspectRatios: VEO_ASPECT_RATIOS,
  resolutions: ["720p", "1080p"],
  // unverified: Runway lists `seed` for the gen models only, so it is not offered on veo3*.
  seed: false,
  negativePrompt: true,
  promptMaxLength: PROMPT_MAX_LENGTH, // unverified: the 1,000 limit is documented for gen models
  constraints: [],
} satisfies Partial<ModelSpec>;

export const runwayModels: ModelSpec[] = [
  {
    id: "runway/gen3a_turbo",
    provider: "runway",
    vendorModelId: "gen3a_turbo",
    label: "Gen-3 Alpha Turbo (Runway)",
    // unverified: the date comes from a third-party integrator.
    lifecycle: {
      status: "retired",
      since: "2026-07-30",
      replacement: "runway/gen4_turbo",
      note: "Dropped from Runway's SDK on 2026-06-10 and reportedly retired on 2026-07-30.",
    },
    // Image-to-video only: a first frame, optionally a last frame.
    inputs: { text: false, firstFrame: true, lastFrame: true, references: false },
    imageInput: RUNWAY_IMAGE_INPUT_WITH_PROMPT,
    durationsSeconds: [5, 10],
    // 1280:768 and 768:1280.
    aspectRatios: ["5:3", "3:5"],
    resolutions: ["720p"],
    audio: "none",
    seed: true,
    negativePrompt: false,
    promptMaxLength: PROMPT_MAX_LENGTH,
    defaults: { durationSeconds: 5, aspectRatio: "5:3", resolution: "720p", audio: false },
    constraints: [],
    pricing: { perSecondUsd: 0.05 }, // price unverified
    typicalRenderSeconds: 30,
  },
  {
    id: "runway/gen4_turbo",
    provider: "runway",
    vendorModelId: "gen4_turbo",
    label: "Gen-4 Turbo (Runway)",
    lifecycle: { status: "active" },
    // Runway's text_to_video endpoint does not accept gen4_turbo: it needs a first frame.
    inputs: FIRST_FRAME_ONLY,
    imageInput: RUNWAY_IMAGE_INPUT,
    durationsSeconds: TWO_TO_TEN_SECONDS,
    aspectRatios: GEN4_ASPECT_RATIOS,
    resolutions: ["720p"],
    audio: "none",
    seed: true,
    negativePrompt: false,
    promptMaxLength: PROMPT_MAX_LENGTH,
    defaults: GEN_DEFAULTS,
    constraints: [],
    pricing: { perSecondUsd: 0.05 }, // price unverified
    typicalRenderSeconds: 30,
  },
  {
    id: "runway/gen4.5",
    provider: "runway",
    vendorModelId: "gen4.5",
    label: "Gen-4.5 (Runway)",
    lifecycle: { status: "active", since: "2026-02-11" },
    inputs: TEXT_AND_FIRST_FRAME,
    imageInput: RUNWAY_IMAGE_INPUT_WITH_PROMPT,
    durationsSeconds: TWO_TO_TEN_SECONDS,
    // Text-to-video takes only 1280:720 and 720:1280; image-to-video also takes the other four
    // gen4 ratios. A spec has one ratio list for both modes, so only the text ratios are offered
    // (GEN4_ASPECT_RATIOS for image-to-video once specs can list ratios per mode).
    aspectRatios: ["16:9", "9:16"],
    resolutions: ["720p"],
    audio: "none",
    seed: true,
    negativePrompt: false,
    promptMaxLength: PROMPT_MAX_LENGTH,
    defaults: GEN_DEFAULTS,
    constraints: [],
    pricing: { perSecondUsd: 0.12 }, // price unverified
    typicalRenderSeconds: 60,
  },
  {
    ...RUNWAY_VEO,
    id: "runway/veo3",
    provider: "runway",
    vendorModelId: "veo3",
    label: "Veo 3 (Runway)",
    lifecycle: { status: "active" },
    durationsSeconds: [8],
    // veo3 has no `audio` field on Runway; Veo 3 always renders sound.
    audio: "always",
    defaults: { durationSeconds: 8, aspectRatio: "16:9", resolution: "720p", audio: true },
    pricing: { perSecondUsd: 0.4 }, // price unverified
    typicalRenderSeconds: 90,
  },
  {
    ...RUNWAY_VEO,
    id: "runway/veo3.1",
    provider: "runway",
    vendorModelId: "veo3.1",
    label: "Veo 3.1 (Runway)",
    lifecycle: { status: "active", since: "2025-10-15" },
    inputs: TEXT_FIRST_AND_LAST_FRAME,
    durationsSeconds: [4, 6, 8],
    audio: "optional",
    defaults: { durationSeconds: 8, aspectRatio: "16:9", resolution: "720p", audio: true },
    pricing: { perSecondUsd: 0.2, perSecondUsdWithAudio: 0.4 }, // price unverified
    typicalRenderSeconds: 90,
  },
  {
    ...RUNWAY_VEO,
    id: "runway/veo3.1_fast",
    provider: "runway",
    vendorModelId: "veo3.1_fast",
    label: "Veo 3.1 Fast (Runway)",
    lifecycle: { status: "active", since: "2025-10-15" },
    inputs: TEXT_FIRST_AND_LAST_FRAME,
    durationsSeconds: [4, 6, 8],
    audio: "optional",
    defaults: { durationSeconds: 8, aspectRatio: "16:9", resolution: "720p", audio: true },
    pricing: { perSecondUsd: 0.1, perSecondUsdWithAudio: 0.15 }, // price unverified
    typicalRenderSeconds: 50,
  },
];
