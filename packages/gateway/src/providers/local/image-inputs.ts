/**
 * The input images of an image-to-video render as the local provider sees them: files on this
 * machine. The render plan and the persisted task carry their paths, never their pixels, so a
 * task stays small JSON and a render after a restart reads the same files again.
 */
import { ProviderCallError } from "../../core/errors.ts";
import type { NormalizedRequest } from "../../core/types.ts";
import type { PreparedImage, ProviderContext } from "../provider.ts";
import type { RenderImagePaths } from "./api.ts";
import { fileExists } from "./files.ts";

/**
 * Reelay hands every image a request names to `start`, prepared; a mismatch is a bug in the caller,
 * not something the user can fix by waiting, hence non-retryable (and nothing was rendered).
 */
function callerError(message: string): ProviderCallError {
  return new ProviderCallError(message, { kind: "bad_request", retryable: false, delivery: "not_sent" });
}

function pathOf(field: "image" | "lastFrame", requested: boolean, prepared: PreparedImage | undefined): string | null {
  if (requested && !prepared) throw callerError(`the request has \`${field}\` but no prepared image was passed`);
  if (!requested && prepared) throw callerError(`a prepared \`${field}\` was passed for a request without one`);
  if (!prepared) return null;
  if (!prepared.localPath) {
    throw callerError(`the local renderer reads input images from local media storage; \`${field}\` has no local file`);
  }
  return prepared.localPath;
}

/** The files of a request's input images; undefined for text-to-video. Throws on a mismatch. */
export function imagePathsFor(
  request: NormalizedRequest,
  images: ProviderContext["images"],
): RenderImagePaths | undefined {
  const image = pathOf("image", Boolean(request.image), images.image);
  const lastFrame = pathOf("lastFrame", Boolean(request.lastFrame), images.lastFrame);
  if (!image) {
    if (lastFrame) throw callerError("the local renderer needs `image` (the first frame) when `lastFrame` is given");
    return undefined;
  }
  return lastFrame ? { image, lastFrame } : { image };
}

/** Reads the image paths of a persisted task leniently: undefined when absent, null when malformed. */
export function parseImagePaths(value: unknown): RenderImagePaths | undefined | null {
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null) return null;
  const { image, lastFrame } = value as Record<string, unknown>;
  if (typeof image !== "string" || image === "") return null;
  if (lastFrame === undefined) return { image };
  if (typeof lastFrame !== "string" || lastFrame === "") return null;
  return { image, lastFrame };
}

/**
 * Names the first input image whose file is gone (purged from media storage, say), for a failure
 * message; null when every file is there. Rendering without it would only fail in the worker.
 */
export async function findMissingImage(paths: RenderImagePaths | undefined): Promise<string | null> {
  if (!paths) return null;
  if (!(await fileExists(paths.image))) return "first frame (image)";
  if (paths.lastFrame !== undefined && !(await fileExists(paths.lastFrame))) return "last frame";
  return null;
}
