/**
 * What the fake Vidu accepts per route and model (shared/providers/vidu.md §2). The first
 * resolution listed is the model's default, as in the reference's tables.
 */
import type { ViduEndpoint } from "./api.ts";

export interface FakeModelRule {
  durations: number[];
  defaultDuration: number;
  /** Resolutions allowed at a duration; the first is the default. */
  resolutionsAt(durationSeconds: number): string[];
  /** text2video only; image routes refuse `aspect_ratio`. */
  aspectRatios?: string[];
  /** Which sound field the model takes: `bgm` (only at `bgmDurations` when given), `audio`, or either. */
  sound: "bgm" | "audio";
  bgmDurations?: number[];
  promptMaxChars: number;
}

const upTo = (last: number, first = 1) => Array.from({ length: last - first + 1 }, (_, index) => first + index);
const ASPECTS = ["16:9", "9:16", "1:1"];
const Q_ASPECTS = [...ASPECTS, "3:4", "4:3"];

/** vidu1.5 and vidu2.0: 4 s at 360p (default), 720p or 1080p; 8 s only at 720p. */
const legacy = (aspectRatios?: string[]): FakeModelRule => ({
  durations: [4, 8],
  defaultDuration: 4,
  resolutionsAt: (duration) => (duration === 8 ? ["720p"] : ["360p", "720p", "1080p"]),
  ...(aspectRatios === undefined ? {} : { aspectRatios }),
  sound: "bgm",
  // 2025 docs: background music only when the final duration is 4 s.
  bgmDurations: [4],
  promptMaxChars: 1500,
});

const ranged = (last: number, resolutions: string[], sound: "bgm" | "audio", aspectRatios?: string[]) =>
  ({
    durations: upTo(last),
    defaultDuration: 5,
    resolutionsAt: () => resolutions,
    ...(aspectRatios === undefined ? {} : { aspectRatios }),
    sound,
    promptMaxChars: 5000,
  }) satisfies FakeModelRule;

const q1 = (aspectRatios?: string[]): FakeModelRule => ({
  durations: [5],
  defaultDuration: 5,
  resolutionsAt: () => ["1080p"],
  ...(aspectRatios === undefined ? {} : { aspectRatios }),
  // unverified: whether bgm does anything on viduq1; the fake accepts it.
  sound: "bgm",
  promptMaxChars: 5000,
});

const FULL = ["720p", "540p", "1080p"];
const FAST = ["720p", "1080p"];

export const FAKE_MODEL_RULES: Record<ViduEndpoint, Record<string, FakeModelRule>> = {
  "/text2video": {
    "viduq3-pro": ranged(16, FULL, "audio", Q_ASPECTS),
    "viduq3-turbo": ranged(16, FULL, "audio", Q_ASPECTS),
    viduq2: ranged(10, FULL, "bgm", Q_ASPECTS),
    viduq1: q1(ASPECTS),
    // unverified: vidu1.5 is missing from the 2026 docs; the fake keeps its 2025 rules.
    "vidu1.5": legacy(ASPECTS),
  },
  "/img2video": {
    "viduq3-pro": ranged(16, FULL, "audio"),
    "viduq3-turbo": ranged(16, FULL, "audio"),
    "viduq3-pro-fast": ranged(16, FAST, "audio"),
    "viduq2-pro": ranged(10, FULL, "bgm"),
    "viduq2-turbo": ranged(10, FULL, "bgm"),
    "viduq2-pro-fast": ranged(10, FAST, "bgm"),
    viduq1: q1(),
    "viduq1-classic": q1(),
    "vidu2.0": legacy(),
    "vidu1.5": legacy(),
  },
  "/start-end2video": {
    "viduq2-pro": ranged(8, FULL, "bgm"),
    "viduq2-turbo": ranged(8, FULL, "bgm"),
    "viduq2-pro-fast": ranged(8, FAST, "bgm"),
    // unverified: the q3 start-end2video values ("probably 1–16").
    "viduq3-pro": ranged(16, ["540p", "720p", "1080p"], "audio"),
    "viduq3-turbo": ranged(16, ["540p", "720p", "1080p"], "audio"),
    viduq1: q1(),
    "viduq1-classic": q1(),
    "vidu2.0": legacy(),
    "vidu1.5": legacy(),
  },
};

/** Short side in pixels per resolution name, for the fake video's shape. */
export const SHORT_SIDE_PX: Record<string, number> = { "360p": 360, "540p": 540, "720p": 720, "1080p": 1080 };

/** Rough credit charge (the real price list is not in the reference). unverified. */
export function fakeCredits(durationSeconds: number, resolution: string): number {
  const perSecond = resolution === "1080p" ? 4 : resolution === "360p" ? 1 : 2;
  return durationSeconds * perSecond;
}
