import type { Preset } from "./preset-types.ts";

/**
 * The presets every tenant has: three on the local renderer, which every server runs, and three on
 * remote models. A test checks each against the catalog.
 */
export const BUILT_IN_PRESETS: readonly Preset[] = [
  {
    id: "quick-preview",
    name: "Quick preview",
    description: "A 4-second 16:9 draft from the local renderer: free, no key, ready in seconds.",
    model: "local/preview",
    parameters: { durationSeconds: 4, aspectRatio: "16:9", resolution: "720p" },
    style: null,
    category: null,
  },
  {
    id: "vertical-social",
    name: "Vertical social",
    description: "An 8-second 9:16 clip for stories and reels, from the local renderer.",
    model: "local/preview",
    parameters: { durationSeconds: 8, aspectRatio: "9:16", resolution: "720p" },
    style: null,
    category: null,
  },
  {
    id: "square-loop",
    name: "Square loop",
    description: "A short 1:1 clip for feeds and loops, from the local renderer.",
    model: "local/preview",
    parameters: { durationSeconds: 4, aspectRatio: "1:1", resolution: "720p" },
    style: null,
    category: null,
  },
  {
    id: "cinematic-veo",
    name: "Cinematic (Veo 3.1 Fast)",
    description: "8 seconds of 1080p 16:9 film with sound on Veo 3.1 Fast (Vertex AI), in the cinematic style.",
    model: "google-vertex/veo-3.1-fast-generate-001",
    parameters: { durationSeconds: 8, aspectRatio: "16:9", resolution: "1080p", audio: true },
    style: "cinematic",
    category: null,
  },
  {
    id: "vertical-social-hd",
    name: "Vertical social HD (PixVerse)",
    description: "An 8-second 1080p 9:16 clip on PixVerse v5.6.",
    model: "pixverse/v5.6",
    parameters: { durationSeconds: 8, aspectRatio: "9:16", resolution: "1080p" },
    style: null,
    category: null,
  },
  {
    id: "product-square",
    name: "Product showcase (Vidu Q2)",
    description: "A 5-second 1080p 1:1 product shot on Vidu Q2, filed under products.",
    model: "vidu/viduq2",
    parameters: { durationSeconds: 5, aspectRatio: "1:1", resolution: "1080p" },
    style: null,
    category: "products",
  },
];
