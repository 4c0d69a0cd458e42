import type { ModelSpec } from "../../core/model-spec.ts";
import type { NormalizedRequest } from "../../core/types.ts";
import type { PreparedImage, ProviderContext } from "../provider.ts";
import type { PolloApiGeneration, PolloCreateBody, PolloInput } from "./api.ts";

/** A request this adapter cannot turn into a Pollo body (the catalog normally rejects it first). */
export class PolloRequestError extends Error {
  override readonly name = "PolloRequestError";
}

/** What each create route takes beyond prompt, image, duration and aspect ratio (pollo.md §2–3). */
interface PolloRoute {
  /** The v1 route, `{provider}/{model}` of `/v1/generation/{provider}/{model}/video`. */
  v1: string;
  /** `resolution` is a field (Sora 2's resolution is fixed and has none). */
  resolution: boolean;
  /** Veo's `seed`, `negativePrompt` and `generateAudio`. */
  veoExtras: boolean;
  /** `imageTail` (a last frame), on the v1 route only. */
  imageTail: boolean;
}

/** Legacy routes (the catalog's vendor model ids) and what they take. */
const ROUTES: Record<string, PolloRoute> = {
  "sora/sora-2": { v1: "openai/sora-2", resolution: false, veoExtras: false, imageTail: false },
  "sora/sora-2-pro": { v1: "openai/sora-2-pro", resolution: true, veoExtras: false, imageTail: false },
  "google/veo3-fast": { v1: "google/veo-3-fast", resolution: true, veoExtras: true, imageTail: false },
  "google/veo3-1": { v1: "google/veo-3-1", resolution: true, veoExtras: true, imageTail: true },
  "google/veo3-1-fast": { v1: "google/veo-3-1-fast", resolution: true, veoExtras: true, imageTail: true },
};

/**
 * Pollo fetches the image after submission, possibly after a queue; one client signs its URLs for
 * 6 h. unverified: when Pollo actually fetches.
 */
export const IMAGE_URL_TTL_SECONDS = 6 * 3600;

const POLLO_IMAGE_TYPES = new Set(["image/jpeg", "image/png"]);

/** The create call for a request: path (relative to the base URL), API generation and exact body. */
export interface PolloCreateCall {
  path: string;
  api: PolloApiGeneration;
  /** The legacy route, also the catalog's vendor model id. */
  route: string;
  body: PolloCreateBody;
}

async function imageUrl(image: PreparedImage | undefined, spec: ModelSpec, which: string): Promise<string> {
  if (image === undefined) throw new PolloRequestError(`The prepared ${which} is missing.`);
  if (!POLLO_IMAGE_TYPES.has(image.mediaType)) {
    throw new PolloRequestError(`Pollo takes JPEG or PNG images; the ${which} is ${image.mediaType}.`);
  }
  // Pollo takes public URLs only: no base64, no data URIs, no upload endpoint.
  if ((spec.imageInput?.delivery ?? "url") !== "url") {
    throw new PolloRequestError(`Pollo takes images only as URLs; the catalog asks for ${spec.imageInput?.delivery}.`);
  }
  return image.signedUrl(IMAGE_URL_TTL_SECONDS);
}

function checkFields(request: NormalizedRequest, spec: ModelSpec, route: PolloRoute): void {
  const model = spec.vendorModelId;
  const checks: Array<[boolean, string]> = [
    [!spec.durationsSeconds.includes(request.durationSeconds), `takes ${spec.durationsSeconds.join(", ")} s`],
    [!spec.aspectRatios.includes(request.aspectRatio), `takes aspect ratios ${spec.aspectRatios.join(", ")}`],
    [!spec.resolutions.includes(request.resolution), `takes resolutions ${spec.resolutions.join(", ")}`],
    [request.prompt.length > spec.promptMaxLength, `takes prompts of at most ${spec.promptMaxLength} characters`],
    [request.seed !== undefined && !(route.veoExtras && spec.seed), "takes no seed"],
    [request.negativePrompt !== undefined && !(route.veoExtras && spec.negativePrompt), "takes no negative prompt"],
    [!route.veoExtras && !request.audio, "always renders sound"],
    [request.lastFrame !== undefined && !(route.imageTail && spec.inputs.lastFrame), "takes no last frame"],
    [request.lastFrame !== undefined && request.image === undefined, "needs a first frame with a last frame"],
    [request.image === undefined && request.prompt.trim() === "", "needs a prompt for text-to-video"],
  ];
  const problems = checks.filter(([failed]) => failed).map(([, problem]) => problem);
  if (problems.length > 0) throw new PolloRequestError(`Pollo ${model} ${problems.join("; ")}.`);
  if (request.seed !== undefined && !(Number.isInteger(request.seed) && Math.abs(request.seed) < 2 ** 31)) {
    // unverified: the exact range; the schema prints one ending in -2147483647.
    throw new PolloRequestError(`Pollo takes seeds between -2147483647 and 2147483647, not ${request.seed}.`);
  }
}

/**
 * Turns a validated request and its prepared images into Pollo's create call, with `callbackUrl`
 * as the top-level `webhookUrl` unless it is null. The legacy routes
 * (`POST /generation/{brand}/{model}`, `input.length`) are the documented and seed-verified ones;
 * only a last frame (`imageTail`), which exists on v1 routes alone, goes to v1
 * (`POST /v1/generation/{provider}/{model}/video`, `input.duration`). Nothing is dropped: a
 * field the route cannot take is an error here.
 */
export async function mapPolloRequest(
  request: NormalizedRequest,
  spec: ModelSpec,
  images: ProviderContext["images"],
  callbackUrl: string | null = null,
): Promise<PolloCreateCall> {
  const routeName = spec.vendorModelId;
  const route = ROUTES[routeName];
  if (route === undefined) throw new PolloRequestError(`Pollo model ${routeName} is not known to Reelay.`);
  checkFields(request, spec, route);

  const api: PolloApiGeneration = request.lastFrame === undefined ? "legacy" : "v1";
  const image = request.image === undefined ? undefined : await imageUrl(images.image, spec, "first frame");
  const imageTail = request.lastFrame === undefined ? undefined : await imageUrl(images.lastFrame, spec, "last frame");
  const prompt = request.prompt.trim() === "" ? undefined : request.prompt;
  const input: PolloInput = {
    ...(prompt === undefined ? {} : { prompt }),
    ...(image === undefined ? {} : { image }),
    ...(imageTail === undefined ? {} : { imageTail }),
    ...(api === "legacy" ? { length: request.durationSeconds } : { duration: request.durationSeconds }),
    // unverified: the v1 image branch probably has no `aspectRatio` (the image decides); the
    // catalog already fits the image to the requested shape.
    ...(api === "v1" && image !== undefined ? {} : { aspectRatio: request.aspectRatio }),
    ...(route.resolution ? { resolution: request.resolution } : {}),
    ...(request.negativePrompt === undefined ? {} : { negativePrompt: request.negativePrompt }),
    ...(request.seed === undefined ? {} : { seed: request.seed }),
    // Sent explicitly because Pollo's default is true and audio is priced.
    ...(route.veoExtras ? { generateAudio: request.audio } : {}),
  };
  const path = api === "legacy" ? `/generation/${routeName}` : `/v1/generation/${route.v1}/video`;
  const body = callbackUrl === null ? { input } : { input, webhookUrl: callbackUrl };
  return { path, api, route: routeName, body };
}
