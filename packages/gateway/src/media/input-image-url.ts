import type { MediaStore } from "./media-store.ts";
import type { UrlSigner } from "./signed-url.ts";

/** A URL for a stored input image that a provider can fetch until `ttlSeconds` from now. */
export type InputImageUrl = (key: string, ttlSeconds: number) => Promise<string>;

/**
 * How providers that fetch input images by URL reach them. A bucket that signs its own URLs
 * serves them straight from storage when `presign` is on, so Reelay's `/media` routes need not be
 * reachable from the internet; otherwise Reelay's own signed `/media` URL is handed out.
 */
export function inputImageUrl(options: {
  media: MediaStore;
  signer: UrlSigner;
  presign: boolean;
  now: () => number;
}): InputImageUrl {
  const { media, signer } = options;
  if (options.presign && media.presignedGetUrl !== undefined) return media.presignedGetUrl.bind(media);
  return async (key, ttlSeconds) => signer.sign(key, ttlSeconds, options.now());
}
