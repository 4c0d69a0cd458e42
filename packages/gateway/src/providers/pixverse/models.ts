import type { ImageRequirements, ModelSpec } from "../../core/model-spec.ts";
import type { AspectRatio, ModelConstraint, Resolution } from "../../core/types.ts";

/*
 * PixVerse platform models. Facts: shared/providers/pixverse.md. PixVerse's `quality` is
 * Reelay's resolution; `aspect_ratio` applies to text-to-video only (an image decides its own).
 * The 2025 and 2026 doc editions disagree on 1080p × duration; where they do, Reelay follows the
 * stricter one, because a refused combination costs nothing while a failed render may.
 */

const ASPECT_RATIOS: AspectRatio[] = ["16:9", "4:3", "1:1", "3:4", "9:16"];
// v6 and c1 also take 2:3 and 3:2, which have no name in Reelay's aspect-ratio vocabulary.
const V6_ASPECT_RATIOS: AspectRatio[] = [...ASPECT_RATIOS, "21:9"];
const QUALITIES: Resolution[] = ["360p", "540p", "720p", "1080p"];
const ONE_TO_FIFTEEN_SECONDS = Array.from({ length: 15 }, (_, index) => index + 1);

// unverified: both editions say 1080p cannot use 8 s on v3.5; the 2025 edition says the same for
// v4 and v4.5 (the 2026 text allows it), so the stricter rule is kept for all three.
const NO_8_SECONDS_AT_1080P: ModelConstraint = {
  when: { resolution: ["1080p"] },
  allow: { durationSeconds: [5] },
  reason: "PixVerse renders 1080p only for 5-second videos on this model.",
};
const NO_10_SECONDS_AT_1080P: ModelConstraint = {
  when: { resolution: ["1080p"] },
  allow: { durationSeconds: [5, 8] },
  reason: "PixVerse does not render 10-second videos at 1080p on this model.",
};

// price unverified: one table for every model, by quality.
const PRICING_BY_QUALITY = { "360p": 0.03, "540p": 0.03, "1080p": 0.08 } satisfies Partial<Record<Resolution, number>>;

/**
 * Frames go through PixVerse's own `POST /image/upload` (multipart) and are then named by `img_id`.
 * Where the doc editions differ, the stricter limit is kept.
 */
const PIXVERSE_IMAGE_INPUT: ImageRequirements = {
  formats: ["jpeg", "png", "webp"],
  // "< 20 MB", read as 20,000,000 bytes, the stricter reading.
  maxBytes: 19_999_999,
  // 4000×4000 in the older docs, 10000 in the newer; 4000 holds under both.
  maxSidePx: 4000,
  // Image-to-video takes no `aspect_ratio` (the image decides), so Reelay fits the image to the
  // requested shape; otherwise `aspectRatio` would be silently ignored. It also keeps the two
  // frames of a transition the same shape.
  match: "aspect",
  fit: "crop",
  delivery: "provider_upload",
  // `prompt` is required on `/video/img/generate` and sent on `/video/transition/generate`.
  promptRequired: true,
};

const PIXVERSE = {
  provider: "pixverse",
  lifecycle: { status: "active" },
  // Text, first frame (`/video/img`), first + last frame (`/video/transition`); references
  // (`/video/fusion`) exist from v4.5 on.
  inputs: { text: true, firstFrame: true, lastFrame: true, references: true },
  imageInput: PIXVERSE_IMAGE_INPUT,
  aspectRatios: ASPECT_RATIOS,
  resolutions: QUALITIES,
  seed: true,
  negativePrompt: true,
  // `quality` is required by PixVerse although the original app never set it; 720p is the
  // reference's pick.
  defaults: { durationSeconds: 5, aspectRatio: "16:9", resolution: "720p", audio: false },
  typicalRenderSeconds: 30,
} satisfies Partial<ModelSpec>;

// v5 and below: no audio switch (their sound-effect and lip-sync switches need their own
// content and are not a soundtrack toggle). unverified: 2,048 is the 2025 prompt limit; the 2026
// edition says 5,000.
const PIXVERSE_SILENT = {
  ...PIXVERSE,
  durationsSeconds: [5, 8],
  audio: "none",
  promptMaxLength: 2048,
  pricing: { perSecondUsd: 0.04, perSecondUsdByResolution: PRICING_BY_QUALITY }, // price unverified
} satisfies Partial<ModelSpec>;

// v5.5 and later: `generate_audio_switch` (default off), 5,000-character prompts.
const PIXVERSE_WITH_AUDIO = {
  ...PIXVERSE,
  audio: "optional",
  promptMaxLength: 5000,
  // price unverified
  pricing: {
    perSecondUsd: 0.04,
    perSecondUsdByResolution: PRICING_BY_QUALITY,
    perSecondUsdWithAudio: 0.05,
  },
} satisfies Partial<ModelSpec>;

export const pixverseModels: ModelSpec[] = [
  {
    ...PIXVERSE_SILENT,
    id: "pixverse/v3.5",
    vendorModelId: "v3.5",
    label: "PixVerse V3.5",
    inputs: { text: true, firstFrame: true, lastFrame: true, references: false },
    constraints: [NO_8_SECONDS_AT_1080P],
  },
  {
    ...PIXVERSE_SILENT,
    id: "pixverse/v4",
    vendorModelId: "v4",
    label: "PixVerse V4",
    inputs: { text: true, firstFrame: true, lastFrame: true, references: false },
    constraints: [NO_8_SECONDS_AT_1080P],
  },
  {
    ...PIXVERSE_SILENT,
    id: "pixverse/v4.5",
    vendorModelId: "v4.5",
    label: "PixVerse V4.5",
    constraints: [NO_8_SECONDS_AT_1080P],
  },
  {
    ...PIXVERSE_SILENT,
    id: "pixverse/v5",
    vendorModelId: "v5",
    label: "PixVerse V5",
    constraints: [],
  },
  {
    ...PIXVERSE_WITH_AUDIO,
    id: "pixverse/v5.5",
    vendorModelId: "v5.5",
    label: "PixVerse V5.5",
    durationsSeconds: [5, 8, 10],
    constraints: [NO_10_SECONDS_AT_1080P],
  },
  {
    ...PIXVERSE_WITH_AUDIO,
    id: "pixverse/v5.6",
    vendorModelId: "v5.6",
    label: "PixVerse V5.6",
    durationsSeconds: [5, 8, 10],
    constraints: [NO_10_SECONDS_AT_1080P],
  },
  {
    ...PIXVERSE_WITH_AUDIO,
    id: "pixverse/v6",
    vendorModelId: "v6",
    label: "PixVerse V6",
    durationsSeconds: ONE_TO_FIFTEEN_SECONDS,
    aspectRatios: V6_ASPECT_RATIOS,
    constraints: [],
  },
  {
    ...PIXVERSE_WITH_AUDIO,
    id: "pixverse/c1",
    vendorModelId: "c1",
    label: "PixVerse C1",
    durationsSeconds: ONE_TO_FIFTEEN_SECONDS,
    aspectRatios: V6_ASPECT_RATIOS,
    constraints: [],
  },
];
