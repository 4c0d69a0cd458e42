/*
 * What the Veo fakes accept, per surface and model, written from the reference
 * (shared/providers/google-veo.md §2, §3, §10) and deliberately not from Reelay's catalog: the
 * fakes are the check on the adapters, so they must not share the adapters' assumptions.
 */

export type FakeSurface = "gemini" | "vertex";

export interface FakeVeoModel {
  /** Durations that render; any other integer starts an operation that ends in error code 3 (§5). */
  durations: number[];
  /** Allowed `resolution` values; null when the model refuses the field (Veo 2). */
  resolutions: string[] | null;
  /** Whether `generateAudio` is taken (Vertex Veo 3.x; refused on the Gemini API and by Veo 2). */
  generateAudio: boolean;
  /** Whether `seed` is taken (Vertex only; Google's SDK refuses it on the Gemini API). */
  seed: boolean;
  maxSampleCount: number;
  lastFrame: boolean;
  referenceImages: boolean;
  /** Gemini Veo 3.1: 1080p, 4k, a last frame and reference images all need 8 s. */
  eightSecondRules: boolean;
  /** `personGeneration` per mode (text; image, interpolation or references). */
  personGeneration: { text: string[]; image: string[] };
}

const VEO_2_PEOPLE = { text: ["allow_all", "allow_adult", "dont_allow"], image: ["allow_adult", "dont_allow"] };
const VEO_3_PEOPLE = { text: ["allow_all"], image: ["allow_adult"] };

// unverified: one Gemini table lists 5, 6, 8 for Veo 2; the fake takes the union with Vertex's 7.
const VEO_2_DURATIONS = [5, 6, 7, 8];
const VEO_3_DURATIONS = [4, 6, 8];

function veo2(surface: FakeSurface): FakeVeoModel {
  return {
    durations: VEO_2_DURATIONS,
    resolutions: null,
    generateAudio: false,
    seed: surface === "vertex",
    maxSampleCount: surface === "vertex" ? 4 : 2,
    lastFrame: surface === "vertex",
    referenceImages: false,
    eightSecondRules: false,
    personGeneration: VEO_2_PEOPLE,
  };
}

function veo30(surface: FakeSurface): FakeVeoModel {
  return {
    durations: VEO_3_DURATIONS,
    resolutions: ["720p", "1080p"],
    generateAudio: surface === "vertex",
    seed: surface === "vertex",
    maxSampleCount: surface === "vertex" ? 4 : 1,
    lastFrame: false,
    referenceImages: false,
    eightSecondRules: false,
    personGeneration: VEO_3_PEOPLE,
  };
}

// unverified: 4k is documented without per-model limits; the fake takes it for every 3.1 model.
function veo31(surface: FakeSurface): FakeVeoModel {
  return {
    durations: VEO_3_DURATIONS,
    resolutions: ["720p", "1080p", "4k"],
    generateAudio: surface === "vertex",
    seed: surface === "vertex",
    maxSampleCount: surface === "vertex" ? 4 : 1,
    lastFrame: true,
    referenceImages: true,
    eightSecondRules: surface === "gemini",
    personGeneration: VEO_3_PEOPLE,
  };
}

/** Every model id each surface has served, retired ones included. */
export function fakeVeoModels(surface: FakeSurface): Record<string, FakeVeoModel> {
  if (surface === "gemini") {
    return {
      "veo-2.0-generate-001": veo2(surface),
      "veo-3.0-generate-preview": veo30(surface),
      "veo-3.0-fast-generate-preview": veo30(surface),
      "veo-3.0-generate-001": veo30(surface),
      "veo-3.0-fast-generate-001": veo30(surface),
      "veo-3.1-generate-preview": veo31(surface),
      "veo-3.1-fast-generate-preview": veo31(surface),
      "veo-3.1-lite-generate-preview": veo31(surface),
    };
  }
  return {
    "veo-2.0-generate-001": veo2(surface),
    "veo-3.0-generate-preview": veo30(surface),
    "veo-3.0-fast-generate-preview": veo30(surface),
    "veo-3.0-generate-001": veo30(surface),
    "veo-3.0-fast-generate-001": veo30(surface),
    "veo-3.1-generate-001": veo31(surface),
    "veo-3.1-fast-generate-001": veo31(surface),
    "veo-3.1-lite-generate-001": veo31(surface),
  };
}

/**
 * Ids each surface answers with 404 by default (§1.1): on the Gemini API everything but Veo 2
 * (unverified: whether Veo 2 is still served there); on Vertex the 3.0 ids past 2026-06-30.
 */
export const DEFAULT_RETIRED_MODELS: Record<FakeSurface, string[]> = {
  gemini: [
    "veo-3.0-generate-preview",
    "veo-3.0-fast-generate-preview",
    "veo-3.0-generate-001",
    "veo-3.0-fast-generate-001",
    "veo-3.1-generate-preview",
    "veo-3.1-fast-generate-preview",
    "veo-3.1-lite-generate-preview",
  ],
  vertex: [
    "veo-3.0-generate-preview",
    "veo-3.0-fast-generate-preview",
    "veo-3.0-generate-001",
    "veo-3.0-fast-generate-001",
  ],
};

/** Pixel size of an output, for the fake's MP4 (which `fakeVideo` scales down). */
export function outputSize(aspectRatio: string, resolution: string): { width: number; height: number } {
  const shortSide = resolution === "4k" ? 2160 : resolution === "1080p" ? 1080 : 720;
  const longSide = Math.round((shortSide * 16) / 9);
  return aspectRatio === "9:16" ? { width: shortSide, height: longSide } : { width: longSide, height: shortSide };
}
