import type { ImageRequirements, ModelSpec } from "../../core/model-spec.ts";
import type { AspectRatio, ModelInputs } from "../../core/types.ts";

/*
 * Vidu `/ent/v2` models that can generate from text. Facts: shared/providers/vidu.md. Image-only
 * models (vidu2.0, viduq2-pro, viduq2-turbo, viduq3-pro-fast, …) are left out until requests
 * carry image inputs: their durations and resolutions differ per route (img2video,
 * start-end2video, reference2video), which constraints cannot express yet.
 *
 * Reelay's `audio` maps to `bgm` (background music) on vidu1.5/viduq2 and to `audio` on viduq3.
 * Vidu takes no negative prompt; every route takes `seed`.
 */

const ALL_INPUTS: ModelInputs = { text: true, firstFrame: true, lastFrame: true, references: true };
const ASPECT_RATIOS: AspectRatio[] = ["16:9", "9:16", "1:1"];
// 3:4 and 4:3 only on the q2/q3 generation.
const Q_ASPECT_RATIOS: AspectRatio[] = [...ASPECT_RATIOS, "3:4", "4:3"];
const secondsUpTo = (last: number): number[] => Array.from({ length: last }, (_, index) => index + 1);

/**
 * Vidu's `images` take a public URL or a data URI. Reelay sends data URIs, which work without a
 * publicly reachable Reelay. The whole body may be 20 MB (2025 docs: decoded base64 < 10 MB), and
 * start-end2video carries two frames, so each is kept to 7 MB: two base64-encoded frames (×4/3)
 * come to under 19 MB. (Vidu's own per-image limit, 50 MB, is far looser.)
 */
const VIDU_IMAGE_INPUT: ImageRequirements = {
  formats: ["jpeg", "png", "webp"],
  maxBytes: 7_000_000,
  aspectRange: { min: 0.25, max: 4 },
  // img2video and start-end2video take no `aspect_ratio` (the image decides), so Reelay fits the
  // image to the requested shape; this also keeps start and end frames within Vidu's 0.8–1.25 of
  // each other.
  match: "aspect",
  fit: "crop",
  delivery: "inline",
  // `prompt` is optional on img2video and start-end2video.
  promptRequired: false,
};

const VIDU = {
  provider: "vidu",
  seed: true,
  negativePrompt: false,
  // The 2026 prompt limit; vidu1.5 predates it.
  promptMaxLength: 5000,
  // Vidu renders take minutes (off-peak tasks up to 48 h, which Reelay does not request).
  typicalRenderSeconds: 90,
} satisfies Partial<ModelSpec>;

const VIDU_Q3 = {
  ...VIDU,
  imageInput: VIDU_IMAGE_INPUT,
  lifecycle: { status: "active" },
  durationsSeconds: secondsUpTo(16),
  aspectRatios: Q_ASPECT_RATIOS,
  resolutions: ["540p", "720p", "1080p"],
  // q3 generates sound by default and has no `bgm`.
  audio: "optional",
  defaults: { durationSeconds: 5, aspectRatio: "16:9", resolution: "720p", audio: true },
  constraints: [],
} satisfies Partial<ModelSpec>;

export const viduModels: ModelSpec[] = [
  {
    ...VIDU,
    id: "vidu/vidu1.5",
    vendorModelId: "vidu1.5",
    label: "Vidu 1.5",
    // unverified: absent from the 2026 docs; whether the API still accepts it is unknown.
    lifecycle: {
      status: "deprecated",
      replacement: "vidu/viduq2",
      note: "Missing from Vidu's 2026 model tables; may answer ModelUnavailable (unverified).",
    },
    inputs: ALL_INPUTS,
    imageInput: VIDU_IMAGE_INPUT,
    // 4 or 8 only: the original app's 5 s is viduq1's duration, not vidu1.5's.
    durationsSeconds: [4, 8],
    aspectRatios: ASPECT_RATIOS,
    resolutions: ["360p", "720p", "1080p"],
    audio: "optional",
    promptMaxLength: 1500,
    // Vidu's own default is 360p, which is not valid at 8 s; 720p is valid at both durations.
    defaults: { durationSeconds: 4, aspectRatio: "16:9", resolution: "720p", audio: false },
    constraints: [
      {
        when: { durationSeconds: [8] },
        allow: { resolution: ["720p"] },
        reason: "Vidu 1.5 renders 8-second videos only at 720p.",
      },
      {
        when: { audio: true },
        allow: { durationSeconds: [4] },
        reason: "Vidu 1.5 adds background music only to 4-second videos.",
      },
    ],
    pricing: { perSecondUsd: 0.05, perSecondUsdByResolution: { "360p": 0.025, "1080p": 0.1 } }, // price unverified
  },
  {
    ...VIDU,
    id: "vidu/viduq1",
    vendorModelId: "viduq1",
    label: "Vidu Q1",
    lifecycle: { status: "active" },
    inputs: ALL_INPUTS,
    imageInput: VIDU_IMAGE_INPUT,
    durationsSeconds: [5],
    aspectRatios: ASPECT_RATIOS,
    resolutions: ["1080p"],
    // unverified: whether `bgm` works on viduq1 (the 2025 rule allowed it only at 4 s, a duration
    // viduq1 does not have); not offered until confirmed.
    audio: "none",
    defaults: { durationSeconds: 5, aspectRatio: "16:9", resolution: "1080p", audio: false },
    constraints: [],
    pricing: { perSecondUsd: 0.08 }, // price unverified
  },
  {
    ...VIDU,
    id: "vidu/viduq2",
    vendorModelId: "viduq2",
    label: "Vidu Q2",
    lifecycle: { status: "active" },
    // text2video and reference2video; first and last frames need viduq2-pro / viduq2-turbo.
    inputs: { text: true, firstFrame: false, lastFrame: false, references: true },
    durationsSeconds: secondsUpTo(10),
    aspectRatios: Q_ASPECT_RATIOS,
    resolutions: ["540p", "720p", "1080p"],
    audio: "optional",
    defaults: { durationSeconds: 5, aspectRatio: "16:9", resolution: "720p", audio: false },
    constraints: [
      {
        when: { audio: true },
        allow: { durationSeconds: secondsUpTo(8) },
        reason: "Vidu Q2 ignores background music on 9- and 10-second videos.",
      },
    ],
    // price unverified
    pricing: { perSecondUsd: 0.05, perSecondUsdByResolution: { "540p": 0.04, "1080p": 0.1 } },
  },
  {
    ...VIDU_Q3,
    id: "vidu/viduq3-turbo",
    vendorModelId: "viduq3-turbo",
    label: "Vidu Q3 Turbo",
    // unverified: the start-end2video values for q3 come from third-party transcriptions. Its
    // reference2video route needs at least 3 s, a rule for when requests carry references.
    inputs: ALL_INPUTS,
    // price unverified
    pricing: {
      perSecondUsd: 0.06,
      perSecondUsdByResolution: { "540p": 0.05, "1080p": 0.1 },
      perSecondUsdWithAudio: 0.08,
    },
    typicalRenderSeconds: 60,
  },
  {
    ...VIDU_Q3,
    id: "vidu/viduq3-pro",
    vendorModelId: "viduq3-pro",
    label: "Vidu Q3 Pro",
    // No reference2video arm for viduq3-pro; start-end2video values are unverified.
    inputs: { text: true, firstFrame: true, lastFrame: true, references: false },
    // price unverified
    pricing: {
      perSecondUsd: 0.1,
      perSecondUsdByResolution: { "540p": 0.08, "1080p": 0.15 },
      perSecondUsdWithAudio: 0.12,
    },
  },
];
