import type { ImageRequirements, ModelSpec } from "../../core/model-spec.ts";
import type { ModelInputs } from "../../core/types.ts";

/*
 * Models on the Pollo AI platform. Facts: shared/providers/pollo.md. Pollo fronts many vendors,
 * so its model ids carry the brand: the vendor model id is the legacy route
 * `/generation/{brand}/{model}` (`google/veo3-fast`), which keeps catalog ids unambiguous.
 * Images must be public URLs (Reelay hosts them).
 */

const TEXT_AND_FIRST_FRAME: ModelInputs = {
  text: true,
  firstFrame: true,
  lastFrame: false,
  references: false,
};

/**
 * Pollo's `image` (and `imageTail`) on every Sora and Veo route: a public URL only, no base64 or
 * data URIs, so Reelay serves a signed temporary URL that must stay reachable for hours (Pollo
 * fetches after submission).
 */
const POLLO_IMAGE_INPUT: ImageRequirements = {
  formats: ["jpeg", "png"],
  // unverified: "10 MB per image" appears only in a third-party note.
  maxBytes: 10_000_000,
  // Pollo auto-crops images outside 1:4–4:1.
  aspectRange: { min: 0.25, max: 4 },
  // The v1 image branch probably takes no `aspectRatio` (the image decides, unverified) and Veo
  // pads or crops a mismatched image its own way, so Reelay fits the image to the requested shape:
  // the video then follows `aspectRatio` on every route.
  match: "aspect",
  fit: "crop",
  delivery: "url",
  // `prompt` is optional on the image branch of every route.
  promptRequired: false,
};

/**
 * OpenAI refuses a Sora image whose pixels differ from the output size. unverified: whether Pollo
 * resizes before forwarding; an exactly sized image works either way.
 */
const POLLO_SORA_IMAGE_INPUT: ImageRequirements = { ...POLLO_IMAGE_INPUT, match: "exact_size" };

const SORA_NOTE =
  "OpenAI shut Sora down on 2026-09-24. Pollo still lists it, but requests are expected to fail (unverified).";

// unverified: Pollo still documents the Sora routes; retired here because the upstream is gone
// and whether Pollo refunds failed tasks is unknown.
const POLLO_SORA = {
  provider: "pollo",
  inputs: TEXT_AND_FIRST_FRAME,
  imageInput: POLLO_SORA_IMAGE_INPUT,
  durationsSeconds: [4, 8, 12],
  aspectRatios: ["16:9", "9:16"],
  audio: "always",
  seed: false,
  negativePrompt: false,
  promptMaxLength: 4000,
  constraints: [],
} satisfies Partial<ModelSpec>;

// Pollo's Veo routes take `generateAudio` (default true), `seed` and a negative prompt of up to
// 2,000 characters, like the prompt.
const POLLO_VEO = {
  provider: "pollo",
  imageInput: POLLO_IMAGE_INPUT,
  durationsSeconds: [4, 6, 8],
  aspectRatios: ["16:9", "9:16"],
  audio: "optional",
  seed: true,
  negativePrompt: true,
  promptMaxLength: 2000,
  defaults: { durationSeconds: 8, aspectRatio: "16:9", resolution: "720p", audio: true },
} satisfies Partial<ModelSpec>;

// Veo 3.1 on Pollo: first frame, last frame (`imageTail`, v1 routes) and references.
const POLLO_VEO_3_1 = {
  ...POLLO_VEO,
  lifecycle: { status: "active" },
  inputs: { text: true, firstFrame: true, lastFrame: true, references: true },
  resolutions: ["720p", "1080p", "4k"],
  // unverified: Pollo documents no combination rule; Google's Veo 3.1 renders 1080p and (assumed)
  // 4k only at 8 s, and a task that fails at Pollo may still be charged.
  constraints: [
    {
      when: { resolution: ["1080p", "4k"] },
      allow: { durationSeconds: [8] },
      reason: "Veo 3.1 renders 1080p and 4k only for 8-second videos.",
    },
  ],
} satisfies Partial<ModelSpec>;

export const polloModels: ModelSpec[] = [
  {
    ...POLLO_SORA,
    id: "pollo/sora/sora-2",
    vendorModelId: "sora/sora-2",
    label: "Sora 2 (Pollo)",
    lifecycle: {
      status: "retired",
      since: "2026-09-24",
      replacement: "pollo/google/veo3-1-fast",
      note: SORA_NOTE,
    },
    resolutions: ["720p"],
    // `length` is required on Pollo; 4 s matches OpenAI's own default.
    defaults: { durationSeconds: 4, aspectRatio: "16:9", resolution: "720p", audio: true },
    pricing: { perSecondUsd: 0.1 }, // price unverified
    typicalRenderSeconds: 120,
  },
  {
    ...POLLO_SORA,
    id: "pollo/sora/sora-2-pro",
    vendorModelId: "sora/sora-2-pro",
    label: "Sora 2 Pro (Pollo)",
    lifecycle: {
      status: "retired",
      since: "2026-09-24",
      replacement: "pollo/google/veo3-1",
      note: SORA_NOTE,
    },
    resolutions: ["720p", "1080p"],
    defaults: { durationSeconds: 4, aspectRatio: "16:9", resolution: "1080p", audio: true },
    pricing: { perSecondUsd: 0.3, perSecondUsdByResolution: { "1080p": 0.5 } }, // price unverified
    typicalRenderSeconds: 180,
  },
  {
    ...POLLO_VEO,
    id: "pollo/google/veo3-fast",
    vendorModelId: "google/veo3-fast",
    label: "Veo 3 Fast (Pollo)",
    lifecycle: { status: "active" },
    inputs: TEXT_AND_FIRST_FRAME,
    resolutions: ["720p", "1080p"],
    constraints: [],
    pricing: { perSecondUsd: 0.1, perSecondUsdWithAudio: 0.15 }, // price unverified
    // Marketed as done in under a minute.
    typicalRenderSeconds: 45,
  },
  {
    ...POLLO_VEO_3_1,
    id: "pollo/google/veo3-1",
    vendorModelId: "google/veo3-1",
    label: "Veo 3.1 (Pollo)",
    // price unverified
    pricing: { perSecondUsd: 0.2, perSecondUsdByResolution: { "4k": 0.4 }, perSecondUsdWithAudio: 0.4 },
    typicalRenderSeconds: 90,
  },
  {
    ...POLLO_VEO_3_1,
    id: "pollo/google/veo3-1-fast",
    vendorModelId: "google/veo3-1-fast",
    label: "Veo 3.1 Fast (Pollo)",
    // price unverified
    pricing: { perSecondUsd: 0.1, perSecondUsdByResolution: { "4k": 0.3 }, perSecondUsdWithAudio: 0.15 },
    typicalRenderSeconds: 50,
  },
];
