/**
 * The fake Pollo's request validation per create route (shared/providers/pollo.md §2–3, §10):
 * legacy routes take `input.length`, v1 routes `input.duration`, and each refuses the other's
 * name; images must be http(s) URLs, never base64 or data URIs. Kept apart from the adapter's
 * mapping on purpose: a fake that shared it could not catch the adapter's mistakes.
 */
import { z } from "zod";

const SORA_DURATIONS = [4, 8, 12] as const;
const VEO_DURATIONS = [4, 6, 8] as const;
const ASPECTS = z.enum(["16:9", "9:16"]);
// unverified: the exact seed range; the schema prints one ending in -2147483647.
const seed = z.number().int().min(-2147483647).max(2147483647);

/** `image` (and `imageTail`): a public URL; Pollo cannot receive bytes. */
const imageUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return url.protocol === "https:" || url.protocol === "http:";
    } catch {
      return false;
    }
  },
  { message: "Invalid url: image must be a public http(s) URL; base64 and data URIs are not supported" },
);

interface RouteRules {
  promptMax: number;
  durations: readonly number[];
  /** Required on Sora's legacy routes, defaulted (8) on Veo's. */
  durationRequired: boolean;
  resolutions: readonly string[] | null;
  /** What the video is rendered at without a `resolution` (Sora 2's is fixed). */
  defaultResolution: string;
  veoExtras: boolean;
  imageTail: boolean;
}

/** A create route the fake serves: its rules and the generation it belongs to. */
export interface FakeRoute {
  /** The name the fake's tasks and prices use, e.g. `google/veo3-fast`. */
  model: string;
  api: "legacy" | "v1";
  rules: RouteRules;
}

const SORA: RouteRules = {
  promptMax: 4000,
  durations: SORA_DURATIONS,
  durationRequired: true,
  resolutions: null,
  defaultResolution: "720p",
  veoExtras: false,
  imageTail: false,
};
const SORA_PRO: RouteRules = { ...SORA, resolutions: ["720p", "1080p"], defaultResolution: "1080p" };
const VEO_FAST: RouteRules = {
  promptMax: 2000,
  durations: VEO_DURATIONS,
  durationRequired: false,
  resolutions: ["720p", "1080p"],
  defaultResolution: "720p",
  veoExtras: true,
  imageTail: false,
};
const VEO_31: RouteRules = { ...VEO_FAST, resolutions: ["720p", "1080p", "4k"] };

/** Every create path the fake serves → its route. */
export const FAKE_ROUTES: Record<string, FakeRoute> = {
  "/generation/sora/sora-2": { model: "sora/sora-2", api: "legacy", rules: SORA },
  "/generation/sora/sora-2-pro": { model: "sora/sora-2-pro", api: "legacy", rules: SORA_PRO },
  "/generation/google/veo3-fast": { model: "google/veo3-fast", api: "legacy", rules: VEO_FAST },
  "/generation/google/veo3-1": { model: "google/veo3-1", api: "legacy", rules: VEO_31 },
  "/generation/google/veo3-1-fast": { model: "google/veo3-1-fast", api: "legacy", rules: VEO_31 },
  // unverified: v1 Sora's duration field (assumed `duration`, same values).
  "/v1/generation/openai/sora-2/video": { model: "sora/sora-2", api: "v1", rules: SORA },
  "/v1/generation/openai/sora-2-pro/video": { model: "sora/sora-2-pro", api: "v1", rules: SORA_PRO },
  "/v1/generation/google/veo-3-fast/video": { model: "google/veo3-fast", api: "v1", rules: VEO_FAST },
  "/v1/generation/google/veo-3-1/video": { model: "google/veo3-1", api: "v1", rules: { ...VEO_31, imageTail: true } },
  "/v1/generation/google/veo-3-1-fast/video": {
    model: "google/veo3-1-fast",
    api: "v1",
    rules: { ...VEO_31, imageTail: true },
  },
};

/** The zod schema of a route's whole create body. */
export function createBodySchema(route: FakeRoute) {
  const { rules } = route;
  const durationField = route.api === "legacy" ? "length" : "duration";
  const durationSchema = z.number().refine((value) => rules.durations.includes(value), {
    message: `Invalid enum value. Expected ${rules.durations.join(" | ")}`,
  });
  const input = z
    .strictObject({
      prompt: z.string().max(rules.promptMax).optional(),
      image: imageUrl.optional(),
      [durationField]: rules.durationRequired ? durationSchema : durationSchema.optional(),
      aspectRatio: ASPECTS.optional(),
      ...(rules.resolutions === null
        ? {}
        : { resolution: z.enum(rules.resolutions as [string, ...string[]]).optional() }),
      ...(rules.veoExtras
        ? {
            negativePrompt: z.string().max(2000).optional(),
            seed: seed.optional(),
            generateAudio: z.boolean().optional(),
          }
        : {}),
      ...(rules.imageTail ? { imageTail: imageUrl.optional() } : {}),
    })
    .superRefine((value, context) => {
      const fields = value as Record<string, unknown>;
      const hasImage = typeof fields.image === "string";
      if (!hasImage && (typeof fields.prompt !== "string" || fields.prompt.trim() === "")) {
        context.addIssue({ code: "custom", path: ["prompt"], message: "Required: prompt (text-to-video)" });
      }
      if (fields.imageTail !== undefined && !hasImage) {
        context.addIssue({ code: "custom", path: ["imageTail"], message: "imageTail needs image" });
      }
      // unverified: the v1 image branch probably has no `aspectRatio` (the image decides).
      if (route.api === "v1" && hasImage && fields.aspectRatio !== undefined) {
        context.addIssue({ code: "custom", path: ["aspectRatio"], message: "Unrecognized key: aspectRatio" });
      }
    });
  // `webhookUrl` sits next to `input`; `clientSource` is accepted and ignored.
  return z.strictObject({ input, webhookUrl: z.url().optional(), clientSource: z.string().optional() });
}

/** The fields the fake's task keeps from an accepted body. */
export interface AcceptedInput {
  prompt: string;
  durationSeconds: number;
  aspectRatio: string;
  resolution: string;
  hasImage: boolean;
}

/** Reads an accepted `input` with Pollo's defaults (Veo: 8 s, 16:9, 720p). */
export function acceptedInput(route: FakeRoute, input: Record<string, unknown>): AcceptedInput {
  const duration = input[route.api === "legacy" ? "length" : "duration"];
  return {
    prompt: typeof input.prompt === "string" ? input.prompt : "",
    durationSeconds: typeof duration === "number" ? duration : 8,
    aspectRatio: typeof input.aspectRatio === "string" ? input.aspectRatio : "16:9",
    resolution: typeof input.resolution === "string" ? input.resolution : route.rules.defaultResolution,
    hasImage: typeof input.image === "string",
  };
}
