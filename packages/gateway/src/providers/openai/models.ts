import type { ImageRequirements, ModelSpec } from "../../core/model-spec.ts";

/*
 * Sora on OpenAI's `/v1/videos`. Facts: shared/providers/openai-sora.md. OpenAI shut the Videos
 * API and every Sora model down on 2026-09-24 and named no successor, so the replacements below
 * are Reelay's suggestion: Veo 3.1, which also takes text or a first frame and renders sound.
 * Sizes map to Reelay names: 1280x720 = 16:9 at 720p, 720x1280 = 9:16 at 720p.
 */

const SORA_SHUTDOWN = "2026-09-24";
const SORA_NOTE =
  "OpenAI shut down the Videos API on 2026-09-24 without naming a successor; the replacement is Reelay's suggestion.";

/**
 * `input_reference`: the first frame, sent as a multipart file part. OpenAI refuses an image whose
 * pixel size differs from `size` ("Inpaint image must match the requested width and height"), so
 * Reelay crops and scales it to the exact output size.
 */
const SORA_IMAGE_INPUT: ImageRequirements = {
  formats: ["jpeg", "png", "webp"],
  // unverified: no limit is documented for the file part. The JSON form's `image_url` may hold
  // 20,971,520 characters, about 15.7 MB of image as a data URL; Reelay stays under that.
  maxBytes: 15_000_000,
  match: "exact_size",
  fit: "crop",
  delivery: "inline",
  // `prompt` is required on every create, image or not.
  promptRequired: true,
};

const SORA = {
  provider: "openai",
  inputs: { text: true, firstFrame: true, lastFrame: false, references: false },
  imageInput: SORA_IMAGE_INPUT,
  // The spec's `seconds` enum; the 2026 guide also mentions 16 and 20, which never reached it.
  durationsSeconds: [4, 8, 12],
  aspectRatios: ["16:9", "9:16"],
  // Sora always renders sound and takes no seed, negative prompt or audio toggle.
  audio: "always",
  seed: false,
  negativePrompt: false,
  promptMaxLength: 32000,
  // OpenAI's defaults: 4 seconds at 720x1280.
  defaults: { durationSeconds: 4, aspectRatio: "9:16", resolution: "720p", audio: true },
  constraints: [],
} satisfies Partial<ModelSpec>;

export const openaiModels: ModelSpec[] = [
  {
    ...SORA,
    id: "openai/sora-2",
    vendorModelId: "sora-2",
    label: "Sora 2 (OpenAI)",
    lifecycle: {
      status: "retired",
      since: SORA_SHUTDOWN,
      replacement: "google-vertex/veo-3.1-fast-generate-001",
      note: SORA_NOTE,
    },
    resolutions: ["720p"],
    pricing: { perSecondUsd: 0.1 }, // price unverified
    typicalRenderSeconds: 180,
  },
  {
    ...SORA,
    id: "openai/sora-2-pro",
    vendorModelId: "sora-2-pro",
    label: "Sora 2 Pro (OpenAI)",
    lifecycle: {
      status: "retired",
      since: SORA_SHUTDOWN,
      replacement: "google-vertex/veo-3.1-generate-001",
      note: SORA_NOTE,
    },
    // unverified: the per-model size split (1080p only on Pro, added 2026-03) comes from the
    // guide. The 1024x1792 / 1792x1024 sizes have no Reelay resolution name and are not offered.
    resolutions: ["720p", "1080p"],
    pricing: { perSecondUsd: 0.3, perSecondUsdByResolution: { "1080p": 0.7 } }, // price unverified
    typicalRenderSeconds: 300,
  },
];
