import type { ModelSpec } from "../../core/model-spec.ts";

/** The built-in renderer: no network, no key, no cost. */
export const localModels: ModelSpec[] = [
  {
    id: "local/preview",
    provider: "local",
    vendorModelId: "preview",
    label: "Local preview (built-in renderer)",
    lifecycle: { status: "active" },
    // Text alone renders the animated card; a first frame (and a last frame) renders a pan/zoom
    // over the image(s) with the prompt as a caption.
    inputs: { text: true, firstFrame: true, lastFrame: true, references: false },
    imageInput: {
      formats: ["jpeg", "png", "webp"],
      maxBytes: 20 * 1024 * 1024,
      maxSidePx: 4096,
      // Cropped to the video's shape by Reelay, so the first frame shows the image as prepared.
      match: "aspect",
      fit: "crop",
      // Not sent anywhere: the renderer reads the prepared file from local media storage.
      delivery: "inline",
    },
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
    // Measured for 8 s at 720p on 2 busy cores (medians): text card 1.5 s; image-to-video 1.1–1.9 s
    // (1280 px or 4096 px source, detailed or smooth), 1.8 s with a last frame. At 1080p: card
    // 2.7 s, image 3.6 s. Encoding dominates, so the image mode costs about the same as the card.
    typicalRenderSeconds: 4,
  },
];
