import type { ModelSpec } from "../../core/model-spec.ts";
import type { ValidationIssue } from "../../core/types.ts";

/*
 * Veo rules both Google surfaces share (shared/providers/google-veo.md §2). The model family
 * decides which parameters Google accepts: Veo 2 refuses `resolution` and `generateAudio`, and
 * each family has its own `personGeneration` values per mode.
 */

export type VeoFamily = "veo-2" | "veo-3";

/** Veo 2 ids start `veo-2.`; every later Veo (3.0, 3.1, Lite, Fast) follows the Veo 3 rules. */
export function veoFamily(vendorModelId: string): VeoFamily {
  return vendorModelId.startsWith("veo-2.") ? "veo-2" : "veo-3";
}

export const PERSON_GENERATION_VALUES = ["allow_all", "allow_adult", "dont_allow"] as const;
export type PersonGeneration = (typeof PERSON_GENERATION_VALUES)[number];

/** Text-to-video, or image-to-video (a first frame, with or without a last frame). */
export type VeoMode = "text" | "image";

/*
 * The reference's table: Veo 2 takes all three for text and `allow_adult`/`dont_allow` with an
 * image; Veo 3.x takes `allow_all` for text and `allow_adult` with an image. The table is given for
 * the Gemini API and Vertex alike. unverified: Vertex Veo 3.1 (its row says "same as 3.1 above"),
 * and the EU/UK/CH/MENA rule (Veo 3 allows only `allow_adult` there), which Reelay cannot know.
 */
const VALUES_BY_FAMILY: Record<VeoFamily, Record<VeoMode, PersonGeneration[]>> = {
  "veo-2": { text: ["allow_all", "allow_adult", "dont_allow"], image: ["allow_adult", "dont_allow"] },
  "veo-3": { text: ["allow_all"], image: ["allow_adult"] },
};

/** `personGeneration` values a model takes in a mode. */
export function personGenerationValues(vendorModelId: string, mode: VeoMode): PersonGeneration[] {
  return VALUES_BY_FAMILY[veoFamily(vendorModelId)][mode];
}

/** Values a model takes in any mode: what can be checked before the request's images are known. */
function anyModeValues(vendorModelId: string): PersonGeneration[] {
  const values = new Set([
    ...personGenerationValues(vendorModelId, "text"),
    ...personGenerationValues(vendorModelId, "image"),
  ]);
  return PERSON_GENERATION_VALUES.filter((value) => values.has(value));
}

/** The provider options a Veo model takes: `personGeneration`, with the values of any mode. */
export function veoProviderOptionValues(spec: ModelSpec): Record<string, string[]> {
  return { personGeneration: anyModeValues(spec.vendorModelId) };
}

function isPersonGeneration(value: unknown): value is PersonGeneration {
  return typeof value === "string" && (PERSON_GENERATION_VALUES as readonly string[]).includes(value);
}

/**
 * Checks a request's `providerOptions` for a Veo model: only `personGeneration` is taken, with the
 * values the model accepts in some mode. The mode-specific rule (e.g. `allow_all` only for
 * text-to-video on Veo 3) is checked when the job starts, because this check does not see images.
 */
export function checkVeoProviderOptions(options: Record<string, unknown>, spec: ModelSpec): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [key, value] of Object.entries(options)) {
    if (key !== "personGeneration") {
      issues.push({
        field: `providerOptions.${key}`,
        code: "unsupported_field",
        message: `${spec.id} takes only providerOptions.personGeneration; remove ${key}.`,
      });
      continue;
    }
    const allowed = anyModeValues(spec.vendorModelId);
    if (!isPersonGeneration(value) || !allowed.includes(value)) {
      issues.push({
        field: "providerOptions.personGeneration",
        code: "unsupported_value",
        message: `providerOptions.personGeneration ${JSON.stringify(value)} is not offered by ${spec.id}; ${describeValues(spec.vendorModelId)}.`,
        allowed,
      });
    }
  }
  return issues;
}

function describeValues(vendorModelId: string): string {
  const text = personGenerationValues(vendorModelId, "text").join(", ");
  const image = personGenerationValues(vendorModelId, "image").join(", ");
  return `text-to-video takes ${text}; image-to-video takes ${image}`;
}

/**
 * The `personGeneration` to send for a request, or undefined when the caller left it out (Google's
 * advice: omit it unless set). Throws `VeoRequestError` when the value does not fit the mode.
 */
export function personGenerationFor(
  options: Record<string, unknown>,
  vendorModelId: string,
  mode: VeoMode,
): PersonGeneration | undefined {
  const value = options.personGeneration;
  if (value === undefined) return undefined;
  const allowed = personGenerationValues(vendorModelId, mode);
  if (!isPersonGeneration(value) || !allowed.includes(value)) {
    throw new VeoRequestError(
      `providerOptions.personGeneration ${JSON.stringify(value)} cannot be used for ${mode}-to-video with ${vendorModelId}; ${describeValues(vendorModelId)}.`,
    );
  }
  return value;
}

/** A request Veo would certainly refuse; found before anything is sent. */
export class VeoRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VeoRequestError";
  }
}
