/**
 * The fake PixVerse's `POST /image/upload` checks (pixverse.md §3.1): a multipart part `image`
 * (png, webp, jpeg; < 20 MB; sides up to 10000 px, 4000 in strict mode), or the form field
 * `image_url` that PixVerse's own client code posts (the newer docs say URL upload is unsupported;
 * the fake accepts it without fetching, since it cannot reach the internet).
 */
import sharp from "sharp";

const MAX_BYTES = 20_000_000;
const FORMATS = new Set(["png", "webp", "jpeg"]);
// unverified: the size the fake assumes for an image it was given by URL and did not fetch.
const URL_IMAGE_SIZE = { width: 1280, height: 720 };

export interface UploadedImage {
  width: number;
  height: number;
}

/** The uploaded image's size, or why the upload is refused. */
export async function readUpload(
  form: Record<string, unknown>,
  strict: boolean,
): Promise<{ ok: true; image: UploadedImage } | { ok: false; reason: string }> {
  const file = form.image;
  if (file instanceof File) {
    if (file.size === 0 || file.size >= MAX_BYTES) return { ok: false, reason: `image of ${file.size} bytes` };
    const metadata = await sharp(Buffer.from(await file.arrayBuffer()))
      .metadata()
      .catch(() => null);
    if (metadata === null || !FORMATS.has(metadata.format ?? "")) return { ok: false, reason: "not png, webp or jpeg" };
    const { width, height } = metadata;
    const maxSide = strict ? 4000 : 10000;
    if (!width || !height || width > maxSide || height > maxSide) return { ok: false, reason: "image too large" };
    return { ok: true, image: { width, height } };
  }
  const url = form.image_url;
  if (typeof url === "string" && /^https?:\/\/\S+$/i.test(url)) return { ok: true, image: URL_IMAGE_SIZE };
  return { ok: false, reason: "no image part" };
}
