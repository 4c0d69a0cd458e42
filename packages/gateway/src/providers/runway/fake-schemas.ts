/**
 * The fake Runway's request validation: the create bodies as unions discriminated on `model`,
 * strict like the real API (unknown fields are refused), with each model's enums
 * (shared/providers/runway.md §2–3, checked against `@runwayml/sdk` 4.20.1's types). Zod 4's
 * issues are the shape Runway answers with (`invalid_value` with `values`, `invalid_union` with
 * `note: "No matching discriminator"`, …). Kept apart from the adapter's mapping on purpose: a
 * fake that shared it could not catch the adapter's mistakes.
 */
import { z } from "zod";

const GEN4_RATIOS = ["1280:720", "720:1280", "1104:832", "832:1104", "960:960", "1584:672"] as const;
const GEN45_TEXT_RATIOS = ["1280:720", "720:1280"] as const;
const VEO_RATIOS = ["1280:720", "720:1280", "1080:1920", "1920:1080"] as const;

/** Non-empty, at most 1,000 UTF-16 code units (what `String#length` counts). */
const promptText = z.string().min(1).max(1000);
// unverified: the 0–4294967295 range is in Runway's API reference, not in its SDK types.
const seed = z.number().int().min(0).max(4_294_967_295);
const contentModeration = z.strictObject({ publicFigureThreshold: z.enum(["auto", "low"]).optional() });
/** gen4_turbo since 2025-10-08, and gen4.5: any whole number of seconds from 2 to 10. */
const twoToTen = z.number().int().min(2).max(10);
const veo31Duration = z.literal([4, 6, 8]);

/** A first frame only: a URI string, or the array form with one `first` entry. */
const firstFrameOnly = z.union([
  z.string(),
  z.array(z.strictObject({ uri: z.string(), position: z.literal("first") })).length(1),
]);

/** veo3.1*: a first frame and optionally a last frame; a last frame alone is refused. */
const firstAndLastFrame = z.union([
  z.string(),
  z
    .array(z.strictObject({ uri: z.string(), position: z.enum(["first", "last"]) }))
    .min(1)
    .max(2)
    .refine(
      (frames) =>
        frames.filter((frame) => frame.position === "first").length === 1 &&
        frames.filter((frame) => frame.position === "last").length <= 1,
      { message: "promptImage needs exactly one first frame and at most one last frame" },
    ),
]);

const veo31Text = (model: "veo3.1" | "veo3.1_fast") =>
  z.strictObject({
    model: z.literal(model),
    promptText,
    ratio: z.enum(VEO_RATIOS),
    duration: veo31Duration.optional(),
    audio: z.boolean().optional(),
    negativePrompt: z.string().optional(),
    seed: seed.optional(),
  });

/** `POST /v1/text_to_video`: gen3a_turbo and gen4_turbo are not in this union. */
export const textToVideoBodySchema = z.discriminatedUnion("model", [
  z.strictObject({
    model: z.literal("gen4.5"),
    promptText,
    ratio: z.enum(GEN45_TEXT_RATIOS),
    duration: twoToTen,
    seed: seed.optional(),
    contentModeration: contentModeration.optional(),
  }),
  // unverified: veo3 is absent from `@runwayml/sdk` 4.20.1's unions, but the reference lists it.
  z.strictObject({
    model: z.literal("veo3"),
    promptText,
    ratio: z.enum(VEO_RATIOS),
    duration: z.literal(8),
    negativePrompt: z.string().optional(),
  }),
  veo31Text("veo3.1"),
  veo31Text("veo3.1_fast"),
]);

const veo31Image = (model: "veo3.1" | "veo3.1_fast") =>
  z.strictObject({
    model: z.literal(model),
    promptImage: firstAndLastFrame,
    promptText: promptText.optional(),
    ratio: z.enum(VEO_RATIOS),
    duration: veo31Duration.optional(),
    audio: z.boolean().optional(),
    negativePrompt: z.string().optional(),
    seed: seed.optional(),
  });

/** `POST /v1/image_to_video`: gen3a_turbo is retired, so it matches no discriminator. */
export const imageToVideoBodySchema = z.discriminatedUnion("model", [
  z.strictObject({
    model: z.literal("gen4_turbo"),
    promptImage: firstFrameOnly,
    promptText: promptText.optional(),
    ratio: z.enum(GEN4_RATIOS),
    duration: twoToTen.optional(),
    seed: seed.optional(),
    contentModeration: contentModeration.optional(),
  }),
  z.strictObject({
    model: z.literal("gen4.5"),
    promptImage: firstFrameOnly,
    promptText,
    ratio: z.enum(GEN4_RATIOS),
    duration: twoToTen,
    seed: seed.optional(),
    contentModeration: contentModeration.optional(),
  }),
  z.strictObject({
    model: z.literal("veo3"),
    promptImage: firstFrameOnly,
    promptText: promptText.optional(),
    ratio: z.enum(VEO_RATIOS),
    duration: z.literal(8),
    negativePrompt: z.string().optional(),
  }),
  veo31Image("veo3.1"),
  veo31Image("veo3.1_fast"),
]);

export type FakeCreateBody = z.infer<typeof textToVideoBodySchema> | z.infer<typeof imageToVideoBodySchema>;

/** Seconds rendered when a body leaves `duration` out. unverified: Runway's defaults. */
export function durationOf(body: FakeCreateBody): number {
  if (body.duration !== undefined) return body.duration;
  return body.model === "gen4_turbo" ? 5 : 8;
}

/** Credits per second, for `estimatedCost` (1 credit = US$0.01). unverified: current prices. */
export function creditsOf(body: FakeCreateBody): number {
  const withAudio = !("audio" in body) || body.audio !== false;
  const perSecond: Record<FakeCreateBody["model"], number> = {
    gen4_turbo: 5,
    "gen4.5": 12,
    veo3: 40,
    "veo3.1": withAudio ? 40 : 20,
    "veo3.1_fast": withAudio ? 15 : 10,
  };
  return perSecond[body.model] * durationOf(body);
}

/** The URIs a body's `promptImage` holds, for the asset checks. */
export function promptImageUris(body: FakeCreateBody): string[] {
  if (!("promptImage" in body)) return [];
  const image = body.promptImage;
  return typeof image === "string" ? [image] : image.map((frame) => frame.uri);
}
