/**
 * What the fake PixVerse accepts in a generate body (pixverse.md §2, §3): its own table from the
 * reference, not the catalog's, so a catalog mistake shows up as a refused request in tests.
 * Every problem is answered as PixVerse does, `ErrCode 400017 "invalid param"`; the reason is only
 * for the fake's `x-fake-reason` header.
 */
import { randomInt } from "node:crypto";

const BASE_ASPECTS = ["16:9", "4:3", "1:1", "3:4", "9:16"];
const WIDE_ASPECTS = [...BASE_ASPECTS, "2:3", "3:2", "21:9"];
const QUALITIES = ["360p", "540p", "720p", "1080p"];
const STYLES = ["anime", "3d_animation", "clay", "comic", "cyberpunk"];
const ONE_TO_FIFTEEN = Array.from({ length: 15 }, (_, index) => index + 1);

interface FakeModel {
  durations: number[];
  aspects: string[];
  /** `generate_audio_switch` allowed. */
  audio: boolean;
  /** `generate_multi_clip_switch` allowed. */
  multiClip: boolean;
  /** Durations refused at 1080p in the 2026 text. */
  no1080pDurations: number[];
  /** 2025 edition: 1080p only with 5 s and `normal` motion (checked in strict mode). */
  strict1080p: boolean;
}

const legacy = (no1080p: number[]): FakeModel => ({
  durations: [5, 8],
  aspects: BASE_ASPECTS,
  audio: false,
  multiClip: false,
  no1080pDurations: no1080p,
  strict1080p: true,
});

export const FAKE_MODELS: Record<string, FakeModel> = {
  "v3.5": legacy([8]),
  v4: legacy([]),
  "v4.5": legacy([]),
  v5: { ...legacy([]), strict1080p: false },
  "v5.5": { ...legacy([10]), durations: [5, 8, 10], audio: true, multiClip: true, strict1080p: false },
  "v5.6": { ...legacy([10]), durations: [5, 8, 10], audio: true, strict1080p: false },
  v6: {
    ...legacy([]),
    durations: ONE_TO_FIFTEEN,
    aspects: WIDE_ASPECTS,
    audio: true,
    multiClip: true,
    strict1080p: false,
  },
  c1: { ...legacy([]), durations: ONE_TO_FIFTEEN, aspects: WIDE_ASPECTS, audio: true, strict1080p: false },
};

export type FakeMode = "text" | "image" | "transition";

/** A generate body the fake accepted, with what it needs to render. */
export interface AcceptedBody {
  model: string;
  prompt: string;
  negativePrompt: string;
  duration: number;
  quality: string;
  aspectRatio: string | null;
  seed: number;
  style: string;
  audio: boolean;
  /** Uploaded image ids the body names, as strings. */
  imageIds: string[];
}

const isInt = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value);
const optional = (value: unknown, ok: (value: unknown) => boolean) => value === undefined || ok(value);

/**
 * Checks a generate body for `mode`. `strict` applies the 2025 edition's rules (2,048-character
 * prompts, 1080p only with 5 s and normal motion on v3.5–v4.5, no `aspect_ratio` on image modes).
 */
export function checkGenerateBody(
  body: unknown,
  mode: FakeMode,
  strict: boolean,
): { ok: true; body: AcceptedBody } | { ok: false; reason: string } {
  const fail = (reason: string) => ({ ok: false as const, reason });
  if (typeof body !== "object" || body === null || Array.isArray(body)) return fail("body is not a JSON object");
  const b = body as Record<string, unknown>;
  const model = typeof b.model === "string" ? FAKE_MODELS[b.model] : undefined;
  if (model === undefined) return fail(`unknown model ${String(b.model)}`);
  if (typeof b.prompt !== "string" || b.prompt.trim() === "") return fail("prompt is required");
  if (b.prompt.length > (strict ? 2048 : 5000)) return fail("prompt too long");
  if (!isInt(b.duration) || !model.durations.includes(b.duration)) return fail(`duration ${String(b.duration)}`);
  if (typeof b.quality !== "string" || !QUALITIES.includes(b.quality)) return fail(`quality ${String(b.quality)}`);
  let aspectRatio: string | null = null;
  if (mode === "text") {
    if (typeof b.aspect_ratio !== "string" || !model.aspects.includes(b.aspect_ratio)) {
      return fail(`aspect_ratio ${String(b.aspect_ratio)}`);
    }
    aspectRatio = b.aspect_ratio;
  } else if (strict && b.aspect_ratio !== undefined) {
    // unverified: what PixVerse does with it; the default fake ignores it (quirk 4).
    return fail("aspect_ratio is not a field of image modes");
  }
  const motion = b.motion_mode ?? "normal";
  if (motion !== "normal" && motion !== "fast") return fail(`motion_mode ${String(motion)}`);
  const is1080p = b.quality === "1080p";
  if (motion === "fast" && (b.duration !== 5 || is1080p)) return fail("fast motion only with 5 s, never at 1080p");
  if (is1080p && model.no1080pDurations.includes(b.duration)) return fail(`1080p does not take ${b.duration} s`);
  if (strict && is1080p && model.strict1080p && b.duration !== 5) return fail("1080p only with 5 s (2025 rule)");
  if (!optional(b.negative_prompt, (value) => typeof value === "string" && value.length <= 2048)) {
    return fail("negative_prompt");
  }
  if (!optional(b.seed, (value) => isInt(value) && value >= 0 && value <= 2_147_483_647)) return fail("seed");
  if (!optional(b.style, (value) => typeof value === "string" && STYLES.includes(value))) return fail("style");
  if (!optional(b.water_mark, (value) => typeof value === "boolean")) return fail("water_mark");
  if (!optional(b.generate_audio_switch, (value) => typeof value === "boolean" && (model.audio || !value))) {
    return fail("generate_audio_switch is v5.5+ only");
  }
  if (!optional(b.generate_multi_clip_switch, (value) => typeof value === "boolean" && (model.multiClip || !value))) {
    return fail("generate_multi_clip_switch is v5.5/v6 only");
  }
  const idFields = mode === "image" ? ["img_id"] : mode === "transition" ? ["first_frame_img", "last_frame_img"] : [];
  const imageIds: string[] = [];
  for (const field of idFields) {
    const value = b[field];
    if (!isInt(value)) return fail(`${field} must be an integer image id`);
    imageIds.push(String(value));
  }
  return {
    ok: true,
    body: {
      model: b.model as string,
      prompt: b.prompt,
      negativePrompt: typeof b.negative_prompt === "string" ? b.negative_prompt : "",
      duration: b.duration,
      quality: b.quality,
      aspectRatio,
      // PixVerse picks a seed when none is sent.
      seed: isInt(b.seed) ? b.seed : randomInt(0, 2_147_483_647),
      style: typeof b.style === "string" ? b.style : "",
      audio: b.generate_audio_switch === true,
      imageIds,
    },
  };
}
