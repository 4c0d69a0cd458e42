/**
 * The fake Runway's synchronous checks of `promptImage` (shared/providers/runway.md §2, §8). HTTPS
 * URLs and `runway://` URIs are accepted without fetching (the fake cannot reach the internet and
 * Runway's SDK tests send `https://example.com/file`); data URIs are decoded and checked like
 * Runway's: media type, base64, size, and the 0.5–2 width/height range.
 */
import { isIP } from "node:net";
import sharp from "sharp";

/** Runway measures the data URI limit on the encoded string. unverified: 5 MB or 5 MiB. */
const MAX_DATA_URI_CHARS = 5_000_000;
const MAX_URL_CHARS = 2048;
// unverified: "sides above ~8000 px are rejected"; the exact bound is not documented.
const MAX_SIDE_PX = 8000;
const IMAGE_FORMATS = new Set(["jpeg", "png", "webp"]);
const DATA_URI_PATTERN = /^data:([a-z]+\/[a-z0-9.+-]+);base64,([A-Za-z0-9+/]*={0,2})$/i;

async function checkDataUri(uri: string): Promise<string | null> {
  if (uri.length > MAX_DATA_URI_CHARS) return `Data URIs must be at most ${MAX_DATA_URI_CHARS} characters.`;
  const match = DATA_URI_PATTERN.exec(uri);
  if (match === null) return "Invalid data URI.";
  const [, mediaType = "", base64 = ""] = match;
  if (!/^image\/(jpeg|png|webp)$/i.test(mediaType)) return "Unsupported asset type.";
  const metadata = await sharp(Buffer.from(base64, "base64"))
    .metadata()
    .catch(() => null);
  if (metadata === null) return "Invalid data URI.";
  if (!IMAGE_FORMATS.has(metadata.format ?? "")) return "Unsupported asset type.";
  const { width, height } = metadata;
  if (!width || !height || width > MAX_SIDE_PX || height > MAX_SIDE_PX) return "Invalid asset dimensions";
  const ratio = width / height;
  if (ratio < 0.5)
    return `Invalid asset aspect ratio. width / height ratio must be at least 0.5. Got ${ratio.toFixed(3)}.`;
  // unverified: the wording of the upper bound's message mirrors the documented lower one.
  if (ratio > 2) return `Invalid asset aspect ratio. width / height ratio must be at most 2. Got ${ratio.toFixed(3)}.`;
  return null;
}

function checkUrl(uri: string): string | null {
  if (uri.length > MAX_URL_CHARS) return "Invalid URL";
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return "Invalid URL";
  }
  if (url.protocol === "runway:") return null;
  if (url.protocol !== "https:") return "Only HTTPS URLs are allowed.";
  if (isIP(url.hostname.replace(/^\[|\]$/g, "")) !== 0) return "URLs must be hosted on a domain.";
  return null;
}

/**
 * The first problem with a `promptImage` URI, as Runway words it, or null when it is usable.
 */
export async function promptImageProblem(uri: string): Promise<string | null> {
  return uri.startsWith("data:") ? checkDataUri(uri) : checkUrl(uri);
}
