import { frameSize } from "../../core/frame-size.ts";
import type { NormalizedRequest } from "../../core/types.ts";
import type { ImageMotionPlan, RenderImagePaths, RenderPalette, RenderPlan } from "./api.ts";

/** Frames per second of every local render. */
export const LOCAL_FPS = 24;

/** Longest render accepted; the catalog allows 12 s, this only guards against absurd requests. */
export const MAX_LOCAL_DURATION_SECONDS = 60;

/** FNV-1a: a stable 32-bit hash, so a request without a seed still renders the same every time. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a tiny seeded generator; frame content must never use `Math.random`. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function paletteFrom(random: () => number): RenderPalette {
  const baseHue = Math.floor(random() * 360);
  const secondHue = (baseHue + 40 + Math.floor(random() * 100)) % 360;
  const accentHue = (baseHue + 150 + Math.floor(random() * 60)) % 360;
  return {
    backgroundFrom: `hsl(${baseHue}, 65%, 22%)`,
    backgroundTo: `hsl(${secondHue}, 70%, 38%)`,
    accent: `hsl(${accentHue}, 85%, 62%)`,
    card: "rgba(8, 10, 20, 0.55)",
    text: "#f4f6fb",
    mutedText: "rgba(244, 246, 251, 0.72)",
  };
}

/** Root notes (A3 to D4) and chord shapes for the soundtrack. */
const ROOTS_HZ = [220, 233.08, 246.94, 261.63, 277.18, 293.66];
const CHORDS = [
  [1, 5 / 4, 3 / 2], // major
  [1, 6 / 5, 3 / 2], // minor
  [1, 3 / 2, 2], // open fifth
];

function chordFrom(random: () => number): number[] {
  const root = ROOTS_HZ[Math.floor(random() * ROOTS_HZ.length)] ?? 220;
  const shape = CHORDS[Math.floor(random() * CHORDS.length)] ?? [1];
  return [root / 2, ...shape.map((ratio) => root * ratio)];
}

/**
 * The pan/zoom of image-to-video. The zoom stays gentle (12–20 %) so the input image stays
 * recognisable; the drift direction is any angle, so two seeds visibly move differently.
 */
function imageMotionFrom(random: () => number, paths: RenderImagePaths): ImageMotionPlan {
  const endZoom = 1.12 + random() * 0.08;
  const angle = random() * Math.PI * 2;
  return {
    imagePath: paths.image,
    lastFramePath: paths.lastFrame ?? null,
    endZoom,
    panX: Math.cos(angle),
    panY: Math.sin(angle),
  };
}

/** Thrown for a request the renderer cannot honour (the catalog normally rejects it first). */
export class UnrenderableRequestError extends Error {
  override readonly name = "UnrenderableRequestError";
}

/**
 * Turns a validated request into a render plan. `images` are the files of the request's input
 * images; they must be given exactly when the request has `image` (and `lastFrame`).
 */
export function planRender(request: NormalizedRequest, images?: RenderImagePaths): RenderPlan {
  const { durationSeconds } = request;
  if (!Number.isFinite(durationSeconds) || durationSeconds <= 0 || durationSeconds > MAX_LOCAL_DURATION_SECONDS) {
    throw new UnrenderableRequestError(
      `durationSeconds must be above 0 and at most ${MAX_LOCAL_DURATION_SECONDS}, got ${durationSeconds}`,
    );
  }
  if (Boolean(request.image) !== Boolean(images) || Boolean(request.lastFrame) !== Boolean(images?.lastFrame)) {
    throw new UnrenderableRequestError("the input image files do not match the request's image and lastFrame");
  }
  const seed =
    request.seed ??
    hashString([request.model, request.prompt, request.negativePrompt ?? "", request.aspectRatio].join("\u0000"));
  // One generator per concern, so adding a color later does not shift the chord.
  const colorRandom = seededRandom(seed);
  const motionRandom = seededRandom(seed ^ 0x9e3779b9);
  const soundRandom = seededRandom(seed ^ 0x85ebca6b);
  const imageRandom = seededRandom(seed ^ 0xc2b2ae35);
  const { width, height } = frameSize(request.aspectRatio, request.resolution);
  const plan: RenderPlan = {
    width,
    height,
    fps: LOCAL_FPS,
    frameCount: Math.max(1, Math.round(durationSeconds * LOCAL_FPS)),
    durationSeconds,
    prompt: request.prompt,
    negativePrompt: request.negativePrompt ?? null,
    model: request.model,
    seed,
    palette: paletteFrom(colorRandom),
    orbPhases: [0, 1, 2].map(() => motionRandom() * Math.PI * 2),
    audio: request.audio,
    chordHz: chordFrom(soundRandom),
    images: images ? imageMotionFrom(imageRandom, images) : null,
  };
  return plan;
}
