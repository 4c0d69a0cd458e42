import type { ImageRequirements, ModelSpec } from "../../core/model-spec.ts";
import type { AspectRatio, NormalizedRequest, Resolution } from "../../core/types.ts";
import type { PreparedImage, ProviderContext } from "../provider.ts";
import type { RunwayCreateBody, RunwayEndpoint, RunwayPromptFrame } from "./api.ts";

/** A request this adapter cannot turn into a Runway body (the catalog normally rejects it first). */
export class RunwayRequestError extends Error {
  override readonly name = "RunwayRequestError";
}

type RatioTable = Partial<Record<AspectRatio, string>>;

/** gen4_turbo and gen4.5: one pixel size per aspect; the size is the 720p tier. */
const GEN4_RATIOS: RatioTable = {
  "16:9": "1280:720",
  "9:16": "720:1280",
  "1:1": "960:960",
  "4:3": "1104:832",
  "3:4": "832:1104",
  "21:9": "1584:672",
};
const GEN3A_RATIOS: RatioTable = { "5:3": "1280:768", "3:5": "768:1280" };
/** veo3*: the ratio also picks the resolution. */
const VEO_RATIOS: Partial<Record<Resolution, RatioTable>> = {
  "720p": { "16:9": "1280:720", "9:16": "720:1280" },
  "1080p": { "16:9": "1920:1080", "9:16": "1080:1920" },
};

/** Pixel ratios per Runway model and resolution (runway.md §1). */
const RATIOS_BY_MODEL: Record<string, Partial<Record<Resolution, RatioTable>>> = {
  gen3a_turbo: { "720p": GEN3A_RATIOS },
  gen4_turbo: { "720p": GEN4_RATIOS },
  "gen4.5": { "720p": GEN4_RATIOS },
  veo3: VEO_RATIOS,
  "veo3.1": VEO_RATIOS,
  "veo3.1_fast": VEO_RATIOS,
};

/** gen4.5 text-to-video takes only the two 16:9 / 9:16 sizes; image-to-video takes all six. */
const TEXT_ONLY_ASPECTS: Record<string, AspectRatio[]> = { "gen4.5": ["16:9", "9:16"] };

/** Runway measures the 5 MB data URI limit on the encoded string. unverified: 5 MB = 5,000,000 or 5 MiB. */
export const MAX_DATA_URI_CHARS = 5_000_000;

/** Runway fetches `promptImage` URLs when it runs the task, which may be after a THROTTLED wait. */
// unverified: when Runway fetches a URL image; 24 h matches its own runway:// upload lifetime.
const IMAGE_URL_TTL_SECONDS = 24 * 3600;

const RUNWAY_IMAGE_TYPES = new Set(["image/jpeg", "image/png", "image/webp"]);

/** The `ratio` pixel string for an aspect name on a Runway model; throws when the model has none. */
export function runwayRatio(
  vendorModelId: string,
  aspectRatio: AspectRatio,
  resolution: Resolution,
  mode: "text" | "image" = "image",
): string {
  const byResolution = RATIOS_BY_MODEL[vendorModelId];
  if (byResolution === undefined) throw new RunwayRequestError(`Runway model ${vendorModelId} is not known to Reelay.`);
  const textAspects = mode === "text" ? TEXT_ONLY_ASPECTS[vendorModelId] : undefined;
  const usable = (name: string) => textAspects === undefined || textAspects.includes(name as AspectRatio);
  const ratio = usable(aspectRatio) ? byResolution[resolution]?.[aspectRatio] : undefined;
  if (ratio === undefined) {
    const offered = Object.entries(byResolution).flatMap(([size, table]) =>
      Object.keys(table ?? {})
        .filter(usable)
        .map((name) => `${name} at ${size}`),
    );
    throw new RunwayRequestError(
      `Runway ${vendorModelId} ${mode === "text" ? "text-to-video " : ""}has no size for ${aspectRatio} at ${resolution}; it offers ${offered.join(", ")}.`,
    );
  }
  return ratio;
}

/** Audio values a model honours: `none` only false, `always` only true. */
function audioAllowed(spec: ModelSpec, audio: boolean): boolean {
  if (spec.audio === "none") return !audio;
  if (spec.audio === "always") return audio;
  return true;
}

async function imageUri(image: PreparedImage, requirements: ImageRequirements | undefined, which: string) {
  if (!RUNWAY_IMAGE_TYPES.has(image.mediaType)) {
    throw new RunwayRequestError(`Runway takes JPEG, PNG or WebP images; the ${which} is ${image.mediaType}.`);
  }
  const delivery = requirements?.delivery ?? "inline";
  if (delivery === "url") return await image.signedUrl(IMAGE_URL_TTL_SECONDS);
  if (delivery !== "inline") throw new RunwayRequestError(`Runway image delivery "${delivery}" is not supported.`);
  const uri = `data:${image.mediaType};base64,${(await image.read()).toString("base64")}`;
  if (uri.length > MAX_DATA_URI_CHARS) {
    throw new RunwayRequestError(
      `The ${which} is ${uri.length} characters as a data URI; Runway takes at most ${MAX_DATA_URI_CHARS}.`,
    );
  }
  return uri;
}

/** The create call for a request: endpoint and exact body. */
export interface RunwayCreateCall {
  endpoint: RunwayEndpoint;
  body: RunwayCreateBody;
}

/**
 * Turns a validated request and its prepared images into Runway's create call. Nothing is dropped:
 * a field the model cannot take is an error here, never silently left out.
 */
export async function mapRunwayRequest(
  request: NormalizedRequest,
  spec: ModelSpec,
  images: ProviderContext["images"],
): Promise<RunwayCreateCall> {
  const model = spec.vendorModelId;
  const mode = request.image ? "image" : "text";
  const prompt = request.prompt.trim() === "" ? undefined : request.prompt;
  if (!spec.durationsSeconds.includes(request.durationSeconds)) {
    throw new RunwayRequestError(
      `Runway ${model} takes ${spec.durationsSeconds.join(", ")} s, not ${request.durationSeconds} s.`,
    );
  }
  if (prompt !== undefined && prompt.length > spec.promptMaxLength) {
    throw new RunwayRequestError(`Runway ${model} takes prompts of at most ${spec.promptMaxLength} characters.`);
  }
  if (request.seed !== undefined && !spec.seed) throw new RunwayRequestError(`Runway ${model} takes no seed.`);
  if (request.negativePrompt !== undefined && !spec.negativePrompt) {
    throw new RunwayRequestError(`Runway ${model} takes no negative prompt.`);
  }
  if (!audioAllowed(spec, request.audio)) {
    throw new RunwayRequestError(`Runway ${model} cannot ${request.audio ? "add" : "leave out"} audio.`);
  }
  if (request.lastFrame && !request.image) {
    throw new RunwayRequestError(`Runway ${model} needs a first frame with a last frame.`);
  }

  const ratio = runwayRatio(model, request.aspectRatio, request.resolution, mode);
  let image: RunwayCreateBody["promptImage"];
  if (mode === "text") {
    if (!spec.inputs.text) throw new RunwayRequestError(`Runway ${model} cannot do text-to-video; give it an image.`);
    if (prompt === undefined) throw new RunwayRequestError("Runway text-to-video needs a prompt.");
  } else {
    if (prompt === undefined && spec.imageInput?.promptRequired) {
      throw new RunwayRequestError(`Runway ${model} needs a prompt with the image.`);
    }
    image = await promptImage(request, spec, images);
  }
  const body: RunwayCreateBody = {
    model,
    ...(image === undefined ? {} : { promptImage: image }),
    ...(prompt === undefined ? {} : { promptText: prompt }),
    ratio,
    duration: request.durationSeconds,
    ...(request.seed === undefined ? {} : { seed: request.seed }),
    // veo3 always renders sound and has no `audio` field; veo3.1* price audio separately.
    ...(spec.audio === "optional" ? { audio: request.audio } : {}),
    ...(request.negativePrompt === undefined ? {} : { negativePrompt: request.negativePrompt }),
  };
  return { endpoint: mode === "text" ? "/v1/text_to_video" : "/v1/image_to_video", body };
}

async function promptImage(
  request: NormalizedRequest,
  spec: ModelSpec,
  images: ProviderContext["images"],
): Promise<string | RunwayPromptFrame[]> {
  const model = spec.vendorModelId;
  if (!spec.inputs.firstFrame) throw new RunwayRequestError(`Runway ${model} takes no image.`);
  if (images.image === undefined) throw new RunwayRequestError("The prepared first frame is missing.");
  const first = await imageUri(images.image, spec.imageInput, "first frame");
  if (!request.lastFrame) return first;
  if (!spec.inputs.lastFrame) throw new RunwayRequestError(`Runway ${model} takes no last frame.`);
  if (images.lastFrame === undefined) throw new RunwayRequestError("The prepared last frame is missing.");
  const last = await imageUri(images.lastFrame, spec.imageInput, "last frame");
  return [
    { uri: first, position: "first" },
    { uri: last, position: "last" },
  ];
}
