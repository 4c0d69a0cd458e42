import type { ModelSpec } from "../../core/model-spec.ts";
import type { NormalizedRequest, Warning } from "../../core/types.ts";
import type { PreparedImage, ProviderContext } from "../provider.ts";
import type { ViduCreateBody, ViduEndpoint } from "./api.ts";
import { checkViduProviderOptions, movementAmplitudeOf } from "./provider-options.ts";

/** A request this adapter cannot turn into a Vidu body (the catalog normally rejects it first). */
export class ViduRequestError extends Error {
  override readonly name = "ViduRequestError";
}

/** Vidu caps the whole POST body at 20 MB (vidu.md §2); counted here as 20,000,000 characters. */
export const MAX_BODY_CHARS = 20_000_000;

const VIDU_IMAGE_TYPES = new Set(["image/jpeg", "image/png", "image/webp"]);

/** The create call for a request: route, exact body and what the caller should know. */
export interface ViduCreateCall {
  endpoint: ViduEndpoint;
  body: ViduCreateBody;
  warnings: Warning[];
}

/**
 * Which field carries Reelay's `audio` (the catalog's note): q3 generates sound (`audio`, on by
 * default upstream, so always sent); vidu1.5 and viduq2 add background music (`bgm`, off by
 * default, sent only when wanted: vidu1.5 takes it only at 4 s); a model without audio gets none.
 */
function audioFields(spec: ModelSpec, audio: boolean): Pick<ViduCreateBody, "bgm" | "audio"> {
  if (spec.audio === "none") {
    if (audio) throw new ViduRequestError(`Vidu ${spec.vendorModelId} cannot add audio.`);
    return {};
  }
  if (spec.vendorModelId.startsWith("viduq3")) return { audio };
  return audio ? { bgm: true } : {};
}

async function dataUri(image: PreparedImage | undefined, which: string): Promise<string> {
  if (image === undefined) throw new ViduRequestError(`The prepared ${which} is missing.`);
  if (!VIDU_IMAGE_TYPES.has(image.mediaType)) {
    throw new ViduRequestError(`Vidu takes JPEG, PNG or WebP images; the ${which} is ${image.mediaType}.`);
  }
  return `data:${image.mediaType};base64,${(await image.read()).toString("base64")}`;
}

function checkRequest(request: NormalizedRequest, spec: ModelSpec, prompt: string | undefined): void {
  const model = spec.vendorModelId;
  if (!spec.durationsSeconds.includes(request.durationSeconds)) {
    throw new ViduRequestError(
      `Vidu ${model} takes ${spec.durationsSeconds.join(", ")} s, not ${request.durationSeconds} s.`,
    );
  }
  if (!spec.resolutions.includes(request.resolution)) {
    throw new ViduRequestError(`Vidu ${model} renders ${spec.resolutions.join(", ")}, not ${request.resolution}.`);
  }
  // vidu1.5 / vidu2.0 rule, also written as a catalog constraint: 8 s only at 720p.
  if (/^vidu[12]\./.test(model) && request.durationSeconds === 8 && request.resolution !== "720p") {
    throw new ViduRequestError(`Vidu ${model} renders 8-second videos only at 720p.`);
  }
  if (prompt !== undefined && prompt.length > spec.promptMaxLength) {
    throw new ViduRequestError(`Vidu ${model} takes prompts of at most ${spec.promptMaxLength} characters.`);
  }
  if (request.negativePrompt !== undefined) throw new ViduRequestError("Vidu takes no negative prompt.");
  if (request.lastFrame && !request.image) throw new ViduRequestError("Vidu needs a start frame with an end frame.");
  const issues = checkViduProviderOptions(request.providerOptions, spec);
  if (issues.length > 0) throw new ViduRequestError(issues.map((issue) => issue.message).join(" "));
}

/**
 * Turns a validated request and its prepared images into Vidu's create call: text2video without
 * images, img2video with a first frame, start-end2video with first and last frames. Images go
 * inline as data URIs (the catalog's `delivery: "inline"`); `callbackUrl` goes as `callback_url`
 * unless it is null. Nothing is silently dropped.
 */
export async function mapViduRequest(
  request: NormalizedRequest,
  spec: ModelSpec,
  images: ProviderContext["images"],
  payload: string,
  callbackUrl: string | null = null,
): Promise<ViduCreateCall> {
  const model = spec.vendorModelId;
  const prompt = request.prompt.trim() === "" ? undefined : request.prompt;
  checkRequest(request, spec, prompt);

  let endpoint: ViduEndpoint = "/text2video";
  let frames: string[] | undefined;
  if (request.image) {
    if (!spec.inputs.firstFrame) throw new ViduRequestError(`Vidu ${model} takes no start frame.`);
    frames = [await dataUri(images.image, "first frame")];
    endpoint = "/img2video";
    if (request.lastFrame) {
      if (!spec.inputs.lastFrame) throw new ViduRequestError(`Vidu ${model} takes no end frame.`);
      frames.push(await dataUri(images.lastFrame, "last frame"));
      endpoint = "/start-end2video";
    }
  } else {
    if (!spec.inputs.text) throw new ViduRequestError(`Vidu ${model} cannot do text-to-video; give it an image.`);
    if (prompt === undefined) throw new ViduRequestError("Vidu text-to-video needs a prompt.");
  }
  if (!spec.aspectRatios.includes(request.aspectRatio)) {
    throw new ViduRequestError(`Vidu ${model} offers ${spec.aspectRatios.join(", ")}, not ${request.aspectRatio}.`);
  }

  const movement = movementAmplitudeOf(request.providerOptions);
  const body: ViduCreateBody = {
    model,
    ...(prompt === undefined ? {} : { prompt }),
    duration: request.durationSeconds,
    // Image routes refuse `aspect_ratio`: the prepared image already has the requested shape.
    ...(frames === undefined ? { aspect_ratio: request.aspectRatio } : { images: frames }),
    resolution: request.resolution,
    ...(request.seed === undefined ? {} : { seed: request.seed }),
    ...(movement === undefined ? {} : { movement_amplitude: movement }),
    ...audioFields(spec, request.audio),
    payload,
    ...(callbackUrl === null ? {} : { callback_url: callbackUrl }),
  };
  if (JSON.stringify(body).length > MAX_BODY_CHARS) {
    throw new ViduRequestError(`The request with its images is over Vidu's 20 MB body limit.`);
  }
  const warnings: Warning[] =
    request.seed === 0
      ? [{ code: "seed_randomized", message: "Vidu treats seed 0 as 'random', so this render is not repeatable." }]
      : [];
  return { endpoint, body, warnings };
}
