import type { Reelay } from "./client.ts";
import { ReelayApiError } from "./errors.ts";
import type { ImageInput } from "./wire.ts";

/**
 * An image for image-to-video: its bytes (uploaded first), a `URL`, or a string that is an http(s) URL,
 * a `data:` URI, or the id of an earlier upload (`upl_…`).
 */
export type ImageSource = Blob | Uint8Array | ArrayBuffer | URL | string;

/** The request's `ImageInput` for an image source, uploading bytes first. `field` names it in errors. */
export async function toImageInput(
  client: Reelay,
  source: ImageSource,
  field: string,
  signal?: AbortSignal,
): Promise<ImageInput> {
  if (source instanceof Blob || source instanceof Uint8Array || source instanceof ArrayBuffer) {
    const blob = source instanceof Blob ? source : new Blob([copyBytes(source)]);
    const filename = typeof File === "function" && source instanceof File ? source.name : "image";
    const upload = await client.uploads.create(blob, filename, { signal });
    return { uploadId: upload.id };
  }
  const text = source instanceof URL ? source.href : source.trim();
  if (/^data:/i.test(text)) return { dataUri: text };
  if (/^https?:\/\//i.test(text)) return { url: text };
  if (text.startsWith("upl_")) return { uploadId: text };
  throw new ReelayApiError({
    status: 0,
    code: "invalid_request",
    message: `${field} must be bytes, a Blob, an http(s) URL, a data: URI or an upload id (upl_…); got "${text.slice(0, 60)}".`,
    issues: [{ field, code: "invalid_image_source", message: "Not bytes, a URL, a data: URI or an upload id." }],
  });
}

/** A copy backed by a plain `ArrayBuffer`, which `Blob` accepts (a view may sit on a shared buffer). */
function copyBytes(source: Uint8Array | ArrayBuffer): Uint8Array<ArrayBuffer> {
  return source instanceof ArrayBuffer ? new Uint8Array(source.slice(0)) : new Uint8Array(source);
}
