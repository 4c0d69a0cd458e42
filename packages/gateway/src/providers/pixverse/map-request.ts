import type { ModelSpec } from "../../core/model-spec.ts";
import type { NormalizedRequest } from "../../core/types.ts";
import type {
  PixverseCreateBody,
  PixverseEndpoint,
  PixverseImageBody,
  PixverseTextBody,
  PixverseTransitionBody,
} from "./api.ts";

/** A request this adapter cannot turn into a PixVerse body (the catalog normally rejects it first). */
export class PixverseRequestError extends Error {
  override readonly name = "PixverseRequestError";
}

/** PixVerse's seed range. */
export const PIXVERSE_MAX_SEED = 2_147_483_647;
/** `negative_prompt` limit in both doc editions. */
export const PIXVERSE_NEGATIVE_PROMPT_MAX_LENGTH = 2048;

/** The `img_id`s PixVerse gave the job's uploaded frames (strings inside Reelay). */
export interface PixverseImageIds {
  image?: string;
  lastFrame?: string;
}

/** The create call for a request: endpoint and exact body. */
export interface PixverseCreateCall {
  endpoint: PixverseEndpoint;
  body: PixverseCreateBody;
}

/** Which create a request needs: text, first frame (`/video/img`), or first + last (`/video/transition`). */
export function pixverseMode(request: NormalizedRequest): "text" | "image" | "transition" {
  if (request.lastFrame) return "transition";
  return request.image ? "image" : "text";
}

/** Ids are integers on the wire; one beyond JavaScript's safe range could not be sent back exactly. */
function wireId(id: string | undefined, which: string): number {
  const value = Number(id);
  if (id === undefined || !/^\d+$/.test(id) || !Number.isSafeInteger(value)) {
    throw new PixverseRequestError(`The PixVerse image id of the ${which} is missing or unusable (${id ?? "none"}).`);
  }
  return value;
}

/** Throws what makes a request unusable for PixVerse; image-to-video is checked before anything is uploaded. */
export function checkPixverseRequest(request: NormalizedRequest, spec: ModelSpec): void {
  const mode = pixverseMode(request);
  const model = spec.vendorModelId;
  if (!spec.durationsSeconds.includes(request.durationSeconds)) {
    throw new PixverseRequestError(
      `PixVerse ${model} takes ${spec.durationsSeconds.join(", ")} s, not ${request.durationSeconds} s.`,
    );
  }
  if (!spec.resolutions.includes(request.resolution)) {
    throw new PixverseRequestError(
      `PixVerse ${model} renders ${spec.resolutions.join(", ")}, not ${request.resolution}.`,
    );
  }
  // Image modes send no aspect ratio (the prepared image already has the requested shape).
  if (mode === "text" && !spec.aspectRatios.includes(request.aspectRatio)) {
    throw new PixverseRequestError(
      `PixVerse ${model} takes ${spec.aspectRatios.join(", ")}, not ${request.aspectRatio}.`,
    );
  }
  if (mode === "text" && !spec.inputs.text) throw new PixverseRequestError(`PixVerse ${model} needs an image.`);
  if (mode !== "text" && !spec.inputs.firstFrame) throw new PixverseRequestError(`PixVerse ${model} takes no image.`);
  if (mode === "transition" && !spec.inputs.lastFrame) {
    throw new PixverseRequestError(`PixVerse ${model} takes no last frame.`);
  }
  if (request.lastFrame && !request.image) {
    throw new PixverseRequestError(`PixVerse ${model} needs a first frame with a last frame.`);
  }
  // `prompt` is required on every generate endpoint.
  if (request.prompt.trim() === "") throw new PixverseRequestError(`PixVerse ${model} needs a prompt.`);
  if (request.prompt.length > spec.promptMaxLength) {
    throw new PixverseRequestError(`PixVerse ${model} takes prompts of at most ${spec.promptMaxLength} characters.`);
  }
  if (request.negativePrompt !== undefined) {
    if (!spec.negativePrompt) throw new PixverseRequestError(`PixVerse ${model} takes no negative prompt.`);
    if (request.negativePrompt.length > PIXVERSE_NEGATIVE_PROMPT_MAX_LENGTH) {
      throw new PixverseRequestError(
        `PixVerse takes negative prompts of at most ${PIXVERSE_NEGATIVE_PROMPT_MAX_LENGTH} characters.`,
      );
    }
  }
  if (request.seed !== undefined) {
    if (!spec.seed) throw new PixverseRequestError(`PixVerse ${model} takes no seed.`);
    if (!Number.isInteger(request.seed) || request.seed < 0 || request.seed > PIXVERSE_MAX_SEED) {
      throw new PixverseRequestError(`PixVerse takes seeds from 0 to ${PIXVERSE_MAX_SEED}, not ${request.seed}.`);
    }
  }
  if (request.audio && spec.audio === "none") throw new PixverseRequestError(`PixVerse ${model} cannot add audio.`);
  if (!request.audio && spec.audio === "always") throw new PixverseRequestError(`PixVerse ${model} always adds audio.`);
}

/**
 * Turns a validated request into PixVerse's create call. Nothing is dropped: a field the model
 * cannot take is an error here, never silently left out. `quality` is Reelay's resolution.
 */
export function mapPixverseRequest(
  request: NormalizedRequest,
  spec: ModelSpec,
  imageIds: PixverseImageIds = {},
): PixverseCreateCall {
  const mode = pixverseMode(request);
  checkPixverseRequest(request, spec);
  const common = {
    model: spec.vendorModelId,
    prompt: request.prompt,
    duration: request.durationSeconds,
    quality: request.resolution,
    ...(request.negativePrompt === undefined ? {} : { negative_prompt: request.negativePrompt }),
    ...(request.seed === undefined ? {} : { seed: request.seed }),
    // Only v5.5 and later have the switch; the older models would refuse the field.
    ...(spec.audio === "optional" ? { generate_audio_switch: request.audio } : {}),
  };
  if (mode === "text") {
    const body: PixverseTextBody = { ...common, aspect_ratio: request.aspectRatio };
    return { endpoint: "/video/text/generate", body };
  }
  if (mode === "image") {
    const body: PixverseImageBody = { ...common, img_id: wireId(imageIds.image, "first frame") };
    return { endpoint: "/video/img/generate", body };
  }
  const body: PixverseTransitionBody = {
    ...common,
    first_frame_img: wireId(imageIds.image, "first frame"),
    last_frame_img: wireId(imageIds.lastFrame, "last frame"),
  };
  return { endpoint: "/video/transition/generate", body };
}
