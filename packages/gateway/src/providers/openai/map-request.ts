import type { ModelSpec } from "../../core/model-spec.ts";
import type { AspectRatio, NormalizedRequest, Resolution } from "../../core/types.ts";
import type { PreparedImage } from "../provider.ts";
import type { CreateVideoFields, CreateVideoRequest } from "./api.ts";

/**
 * Reelay's shape names → OpenAI's `size`. Only these four exist for the catalog's names:
 * 720p from the spec's enum, 1080p from the 2026 guide (sora-2-pro only, per the catalog).
 * 1024x1792 / 1792x1024 have no Reelay resolution name and are never sent.
 */
const SIZES: Partial<Record<`${AspectRatio}@${Resolution}`, string>> = {
  "16:9@720p": "1280x720",
  "9:16@720p": "720x1280",
  "16:9@1080p": "1920x1080",
  "9:16@1080p": "1080x1920",
};

const FILE_EXTENSIONS: Record<string, string> = { "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp" };

/** A request the adapter cannot express on OpenAI's wire (the catalog normally rejects it first). */
export class UnmappableRequestError extends Error {
  override readonly name = "UnmappableRequestError";
}

/** OpenAI's `size` for a shape, e.g. `16:9` at `720p` → `1280x720`. */
export function openAiSize(aspectRatio: AspectRatio, resolution: Resolution): string {
  const size = SIZES[`${aspectRatio}@${resolution}`];
  if (size === undefined) throw new UnmappableRequestError(`OpenAI has no size for ${aspectRatio} at ${resolution}`);
  return size;
}

/** The create fields: model, prompt, size and (as a string) seconds. */
export function mapCreateFields(request: NormalizedRequest, spec: ModelSpec): CreateVideoFields {
  if (!Number.isInteger(request.durationSeconds) || request.durationSeconds <= 0) {
    throw new UnmappableRequestError(`OpenAI takes whole seconds, got ${request.durationSeconds}`);
  }
  return {
    model: spec.vendorModelId,
    prompt: request.prompt,
    size: openAiSize(request.aspectRatio, request.resolution),
    seconds: String(request.durationSeconds),
  };
}

/**
 * The create request for a job. With a first frame, the image goes as the multipart file part
 * `input_reference`; it must already be exactly `size` in pixels (the catalog's `exact_size`),
 * because OpenAI refuses any other ("Inpaint image must match the requested width and height").
 */
export async function mapCreateRequest(
  request: NormalizedRequest,
  spec: ModelSpec,
  images: { image?: PreparedImage; lastFrame?: PreparedImage },
): Promise<CreateVideoRequest> {
  const fields = mapCreateFields(request, spec);
  if (request.lastFrame !== undefined || images.lastFrame !== undefined) {
    throw new UnmappableRequestError("OpenAI takes no last frame");
  }
  if (request.image === undefined) return { fields };
  const image = images.image;
  if (image === undefined) throw new UnmappableRequestError("the request has an image but none was prepared");
  if (`${image.width}x${image.height}` !== fields.size) {
    throw new UnmappableRequestError(
      `the prepared image is ${image.width}x${image.height} but OpenAI needs exactly ${fields.size}`,
    );
  }
  const extension = FILE_EXTENSIONS[image.mediaType];
  if (extension === undefined) throw new UnmappableRequestError(`OpenAI takes no ${image.mediaType} images`);
  return {
    fields,
    inputReference: { bytes: await image.read(), mediaType: image.mediaType, filename: `first-frame.${extension}` },
  };
}

/**
 * Encodes a create request: JSON when there is no file (what OpenAI's spec and clients up to
 * 6.27 send), multipart otherwise. `fetch` sets the multipart boundary itself.
 */
export function encodeCreateRequest(create: CreateVideoRequest): {
  body: string | FormData;
  headers: Record<string, string>;
} {
  if (create.inputReference === undefined) {
    return { body: JSON.stringify(create.fields), headers: { "content-type": "application/json" } };
  }
  const form = new FormData();
  for (const [name, value] of Object.entries(create.fields)) form.append(name, value);
  const { bytes, mediaType, filename } = create.inputReference;
  form.append("input_reference", new Blob([new Uint8Array(bytes)], { type: mediaType }), filename);
  return { body: form, headers: {} };
}
