import { ProviderCallError } from "../../core/errors.ts";
import type { PreparedImage } from "../provider.ts";
import { pixverseUploadRespSchema } from "./api.ts";
import { readPixverseResp } from "./envelope.ts";

const EXTENSIONS: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

/** Sends one request to PixVerse with the adapter's headers and error handling. */
export type PixverseSend = (path: string, init: RequestInit, traceId: string) => Promise<Response>;

/**
 * Uploads a prepared frame through `POST /image/upload` (multipart, part `image`) and returns its
 * `img_id` as a string. A failed upload started no generation, so whatever happened to it, the
 * create was certainly not sent: the error says `not_sent`, which lets the worker try again.
 */
export async function uploadPixverseImage(
  send: PixverseSend,
  image: PreparedImage,
  which: string,
  traceId: string,
  options: { secrets: ReadonlyArray<string | undefined>; nowMs: () => number },
): Promise<string> {
  const extension = EXTENSIONS[image.mediaType];
  if (extension === undefined) {
    throw new ProviderCallError(`PixVerse takes PNG, JPEG or WebP images; the ${which} is ${image.mediaType}.`, {
      kind: "bad_request",
      retryable: false,
      delivery: "not_sent",
    });
  }
  const form = new FormData();
  form.append(
    "image",
    new Blob([new Uint8Array(await image.read())], { type: image.mediaType }),
    `${which.replace(/ /g, "-")}.${extension}`,
  );
  try {
    // No Content-Type header: fetch writes the multipart boundary itself.
    const response = await send("/image/upload", { method: "POST", body: form }, traceId);
    const uploaded = await readPixverseResp(response, pixverseUploadRespSchema, options.secrets, options.nowMs());
    return uploaded.img_id;
  } catch (error) {
    if (!(error instanceof ProviderCallError)) throw error;
    throw new ProviderCallError(`Uploading the ${which} failed: ${error.message}`, {
      kind: error.kind,
      retryable: error.retryable,
      delivery: "not_sent",
      ...(error.status === undefined ? {} : { status: error.status }),
      ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
      ...(error.redactedBody === undefined ? {} : { redactedBody: error.redactedBody }),
    });
  }
}
