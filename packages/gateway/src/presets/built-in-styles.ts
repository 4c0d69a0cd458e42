import type { Style } from "./preset-types.ts";

/** The styles every tenant has. Prefixes and suffixes carry their own spacing and punctuation. */
export const BUILT_IN_STYLES: readonly Style[] = [
  {
    id: "cinematic",
    name: "Cinematic",
    description: "Film lighting, shallow depth of field and a widescreen film look.",
    promptPrefix: "",
    promptSuffix: ", cinematic lighting, shallow depth of field, anamorphic 35mm film look",
    negativePrompt: "blurry, low resolution, oversaturated, amateur footage",
  },
  {
    id: "anime",
    name: "Anime",
    description: "Hand-drawn Japanese animation: cel shading, bold lines, vivid colours.",
    promptPrefix: "Anime style: ",
    promptSuffix: ", cel shading, clean line art, vibrant colours",
    negativePrompt: "photorealistic, live action, 3d render",
  },
  {
    id: "documentary",
    name: "Documentary",
    description: "Real-world footage: natural light, handheld camera, true-to-life detail.",
    promptPrefix: "Documentary footage: ",
    promptSuffix: ", natural light, handheld camera, realistic detail",
    negativePrompt: "cartoon, stylized, artificial studio lighting",
  },
  {
    id: "watercolor",
    name: "Watercolor",
    description: "A moving watercolour painting: soft washes on textured paper.",
    promptPrefix: "Watercolor painting: ",
    promptSuffix: ", soft washes of colour, visible paper texture, gentle motion",
    negativePrompt: "photorealistic, hard edges, neon colours",
  },
  {
    id: "noir",
    name: "Noir",
    description: "1940s film noir: black and white, hard shadows, high contrast.",
    promptPrefix: "",
    promptSuffix: ", film noir, black and white, high contrast, hard shadows, 1940s atmosphere",
    negativePrompt: "colour, bright daylight, cheerful mood",
  },
];
