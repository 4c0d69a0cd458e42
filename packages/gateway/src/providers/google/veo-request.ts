import type { ModelSpec } from "../../core/model-spec.ts";
import type { AspectRatio, NormalizedRequest, Resolution } from "../../core/types.ts";
import type { PreparedImage } from "../provider.ts";
import { personGenerationFor, veoFamily, VeoRequestError, type PersonGeneration } from "./veo-options.ts";

/*
 * The `predictLongRunning` body, which the Gemini API and Vertex AI share
 * (shared/providers/google-veo.md §3). The surfaces differ only in which parameters they take:
 * Google's SDK refuses `seed` and `generateAudio` on the Gemini API (Veo 3 always has sound there),
 * while Vertex takes both; Veo 2 takes neither `resolution` nor `generateAudio` anywhere.
 */

export type VeoSurface = "gemini" | "vertex";

/** An inline image: the only form the Gemini API takes (Vertex also takes `gcsUri`). */
export interface VeoImage {
  /** Base64 without a `data:` prefix. */
  bytesBase64Encoded: string;
  mimeType: string;
}

export interface VeoInstance {
  /** Required for text-to-video; optional with an image. */
  prompt?: string;
  /** First frame. */
  image?: VeoImage;
  /** Last frame; only together with `image`. */
  lastFrame?: VeoImage;
}

export interface VeoParameters {
  aspectRatio: AspectRatio;
  /** An integer on the wire. */
  durationSeconds: number;
  /** Veo 3.x only. */
  resolution?: Resolution;
  negativePrompt?: string;
  personGeneration?: PersonGeneration;
  /** Vertex only: the Gemini API's SDK refuses it. uint32. */
  seed?: number;
  /** Vertex Veo 3.x only (documented as required there). */
  generateAudio?: boolean;
  /** Videos per request; Reelay makes one video per job. */
  sampleCount: 1;
}

export interface VeoRequestBody {
  /** Exactly one instance, as Google's SDK sends. */
  instances: [VeoInstance];
  parameters: VeoParameters;
}

async function inlineImage(image: PreparedImage): Promise<VeoImage> {
  return { bytesBase64Encoded: (await image.read()).toString("base64"), mimeType: image.mediaType };
}

/** Refuses what the catalog should already have refused, rather than drop it silently. */
function checkSurface(request: NormalizedRequest, spec: ModelSpec, surface: VeoSurface): void {
  const family = veoFamily(spec.vendorModelId);
  if (surface === "gemini" && request.seed !== undefined) {
    throw new VeoRequestError(`${spec.id} does not take a seed on the Gemini API.`);
  }
  if (family === "veo-2" && request.audio) {
    throw new VeoRequestError(`${spec.id} generates no audio.`);
  }
  if (surface === "gemini" && family === "veo-3" && !request.audio) {
    throw new VeoRequestError(`${spec.id} always generates audio on the Gemini API; it cannot be turned off.`);
  }
  // The Gemini guide documents "last frame ⇒ 8 s" for Veo 3.1; the catalog's constraints cannot
  // name image fields, so the rule is enforced here.
  if (surface === "gemini" && request.lastFrame !== undefined && request.durationSeconds !== 8) {
    throw new VeoRequestError(`${spec.id} takes a last frame only for 8-second videos on the Gemini API.`);
  }
  if (request.lastFrame !== undefined && request.image === undefined) {
    throw new VeoRequestError(`${spec.id} takes a last frame only together with a first frame.`);
  }
}

/**
 * Maps a validated request and its prepared images to Veo's body. Throws `VeoRequestError` for a
 * request Veo would refuse (the caller turns it into a `bad_request` that was never sent).
 */
export async function buildVeoBody(
  request: NormalizedRequest,
  images: { image?: PreparedImage; lastFrame?: PreparedImage },
  spec: ModelSpec,
  surface: VeoSurface,
): Promise<VeoRequestBody> {
  checkSurface(request, spec, surface);
  if (request.image !== undefined && images.image === undefined) {
    throw new VeoRequestError("The first frame was not prepared for this model.");
  }
  if (request.lastFrame !== undefined && images.lastFrame === undefined) {
    throw new VeoRequestError("The last frame was not prepared for this model.");
  }
  const family = veoFamily(spec.vendorModelId);
  const mode = request.image === undefined ? "text" : "image";
  const personGeneration = personGenerationFor(request.providerOptions, spec.vendorModelId, mode);

  const instance: VeoInstance = {};
  if (request.prompt.trim() !== "") instance.prompt = request.prompt;
  if (request.image !== undefined && images.image) instance.image = await inlineImage(images.image);
  if (request.lastFrame !== undefined && images.lastFrame) instance.lastFrame = await inlineImage(images.lastFrame);

  const parameters: VeoParameters = {
    aspectRatio: request.aspectRatio,
    durationSeconds: request.durationSeconds,
    sampleCount: 1,
  };
  if (family === "veo-3") parameters.resolution = request.resolution;
  if (request.negativePrompt !== undefined) parameters.negativePrompt = request.negativePrompt;
  if (personGeneration !== undefined) parameters.personGeneration = personGeneration;
  if (surface === "vertex" && request.seed !== undefined) parameters.seed = request.seed;
  if (surface === "vertex" && family === "veo-3") parameters.generateAudio = request.audio;
  return { instances: [instance], parameters };
}
