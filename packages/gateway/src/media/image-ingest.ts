import { createHash } from "node:crypto";
import sharp, { type Metadata, type OutputInfo, type Sharp, type SharpOptions } from "sharp";
import { sniffImage, type SniffedFamily } from "./image-sniff.ts";
import { formatBytes, formatName, formatSize } from "./image-text.ts";

/** The formats an ingested image is stored in; every provider that takes images accepts them. */
export type IngestedMediaType = "image/jpeg" | "image/png" | "image/webp";

/** An upload after ingestion: decoded, upright, stripped of metadata, re-encoded. */
export interface IngestedImage {
  /** The normalised image. */
  bytes: Buffer;
  mediaType: IngestedMediaType;
  /** Upright width in pixels (EXIF orientation applied). */
  width: number;
  /** Upright height in pixels. */
  height: number;
  /** Hex SHA-256 of the original upload, so the same file uploaded twice can be recognised. */
  sha256: string;
}

export interface ImageIngestLimits {
  /** Largest upload in bytes. */
  maxBytes: number;
  /** Largest width × height, checked from the header before any pixel is decoded. */
  maxPixels: number;
}

export type ImageRejectionReason = "too_large" | "too_many_pixels" | "unsupported_type" | "corrupt";

/**
 * An upload Reelay will not take. The message is meant for the person who sent the file: it says
 * what is wrong and what would be accepted. Suggested HTTP mapping: `too_large` → 413,
 * `unsupported_type` → 415, the others → 422 `invalid_image`.
 */
export class ImageRejectedError extends Error {
  readonly reason: ImageRejectionReason;

  constructor(reason: ImageRejectionReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ImageRejectedError";
    this.reason = reason;
  }
}

/**
 * What users are told to send. HEIC is left out on purpose: the prebuilt libvips that sharp ships
 * decodes AVIF (AV1) but has no HEVC decoder, so HEIC photos are tried and refused with their own
 * message instead of being promised.
 */
export const ACCEPTED_IMAGE_TYPES = "JPEG, PNG, WebP, AVIF or GIF";

/**
 * `error` rather than sharp's default `warning`: it still refuses truncated and undecodable data,
 * but accepts files whose decoders only warn — e.g. the "extraneous bytes" JPEGs some Samsung
 * phones write (lovell/sharp#1578), which view fine everywhere else.
 */
const FAIL_ON = "error";

/** What sharp's detection must report for each sniffed family; a mismatch means a forged header. */
const SHARP_FORMAT: Record<SniffedFamily, string> = {
  jpeg: "jpeg",
  png: "png",
  webp: "webp",
  gif: "gif",
  heif: "heif",
};

/**
 * Checks, decodes and normalises an upload: the bytes' own magic number decides the type (never a
 * name or a declared content type); size, type and pixel count are refused before any pixel is
 * decoded; the first frame of an animation is kept; the image is turned upright by its EXIF
 * orientation and re-encoded without any metadata (EXIF with GPS, XMP, IPTC; colours converted
 * to sRGB and the ICC profile dropped).
 *
 * Output format: JPEG stays JPEG (quality 92), PNG stays PNG, WebP stays WebP (quality 92); GIF
 * becomes PNG (lossless, and libvips always decodes GIF with an alpha channel); AVIF/HEIC become
 * PNG when they have alpha, JPEG otherwise.
 *
 * Refused: SVG (can carry scripts and external references), PDF, TIFF, and anything else. TIFF is
 * refused although libvips reads it: no provider accepts it, phones and browsers do not produce it,
 * and its many codecs, pages and sub-images are a large parser surface for no user benefit.
 */
export async function ingestImage(bytes: Buffer, limits: ImageIngestLimits): Promise<IngestedImage> {
  if (bytes.length > limits.maxBytes) {
    throw new ImageRejectedError(
      "too_large",
      `The image is ${formatBytes(bytes.length)}; Reelay accepts images up to ${formatBytes(limits.maxBytes)}. ` +
        `Send a smaller or more compressed file.`,
    );
  }
  const sniffed = sniffImage(bytes);
  if (!sniffed.accepted) {
    throw new ImageRejectedError(
      "unsupported_type",
      `The file is not an image Reelay accepts (found ${sniffed.found}). Send ${ACCEPTED_IMAGE_TYPES}.`,
    );
  }
  const family = sniffed.family;
  const metadata = await readHeader(bytes, family);
  const pixels = metadata.width * metadata.height;
  if (pixels > limits.maxPixels) {
    throw new ImageRejectedError(
      "too_many_pixels",
      `The image is ${formatSize(metadata.width, metadata.height)} pixels (${formatMegapixels(pixels)}); ` +
        `Reelay accepts images up to ${formatMegapixels(limits.maxPixels)}. Scale it down and send it again.`,
    );
  }
  const mediaType = outputMediaType(family, metadata);
  const options: SharpOptions = {
    failOn: FAIL_ON,
    // Also enforced by libvips itself while loading, in case a decoder disagrees with the header.
    limitInputPixels: Math.max(1, Math.floor(limits.maxPixels)),
    autoOrient: true,
  };
  // Only the first frame of an animation. Not set for HEIF: there an explicit page count makes
  // libvips load page 0 instead of the file's primary image.
  if (family === "gif" || family === "webp") options.pages = 1;
  let output: { data: Buffer; info: OutputInfo };
  try {
    output = await encode(sharp(bytes, options), mediaType).toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw decodeFailure(error, family);
  }
  return {
    bytes: output.data,
    mediaType,
    width: output.info.width,
    height: output.info.height,
    sha256: createHash("sha256").update(bytes).digest("hex"),
  };
}

/**
 * Reads only the header. The pixel limit is lifted here on purpose: sharp's own limit would throw
 * a bare "exceeds pixel limit" without the size, and the size is what the user needs to hear.
 */
async function readHeader(bytes: Buffer, family: SniffedFamily): Promise<Metadata> {
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { failOn: FAIL_ON, limitInputPixels: false }).metadata();
  } catch (error) {
    throw corrupt(family, error);
  }
  if (metadata.format !== SHARP_FORMAT[family]) {
    // The magic number says one thing, libvips' detection another: refuse rather than guess.
    throw new ImageRejectedError(
      "unsupported_type",
      `The file is not an image Reelay accepts (found ${formatName(metadata.format)} inside a ` +
        `${formatName(family)} header). Send ${ACCEPTED_IMAGE_TYPES}.`,
    );
  }
  if (!(metadata.width > 0 && metadata.height > 0)) throw corrupt(family);
  return metadata;
}

function outputMediaType(family: SniffedFamily, metadata: Metadata): IngestedMediaType {
  switch (family) {
    case "jpeg":
      return "image/jpeg";
    case "webp":
      return "image/webp";
    case "png":
    case "gif":
      return "image/png";
    case "heif":
      return metadata.hasAlpha ? "image/png" : "image/jpeg";
  }
}

/** Without `keepMetadata`/`withMetadata`, sharp writes no EXIF, XMP, IPTC or ICC and outputs sRGB. */
function encode(image: Sharp, mediaType: IngestedMediaType): Sharp {
  switch (mediaType) {
    case "image/jpeg":
      return image.jpeg({ quality: 92 });
    case "image/png":
      return image.png();
    case "image/webp":
      return image.webp({ quality: 92, alphaQuality: 100 });
  }
}

function decodeFailure(error: unknown, family: SniffedFamily): ImageRejectedError {
  const message = error instanceof Error ? error.message : String(error);
  if (/exceeds pixel limit/i.test(message)) {
    return new ImageRejectedError(
      "too_many_pixels",
      "The image has more pixels than Reelay accepts. Scale it down and send it again.",
      { cause: error },
    );
  }
  if (family === "heif" && /not been built in|unsupported codec|no decoder/i.test(message)) {
    return new ImageRejectedError(
      "unsupported_type",
      `This HEIC photo cannot be decoded here (this server's image library has no HEVC decoder). ` +
        `Send ${ACCEPTED_IMAGE_TYPES} — on an iPhone, share or export the photo as JPEG, or set ` +
        `Settings → Camera → Formats to "Most Compatible".`,
      { cause: error },
    );
  }
  return corrupt(family, error);
}

function corrupt(family: SniffedFamily, cause?: unknown): ImageRejectedError {
  const name = family === "heif" ? "AVIF/HEIC" : formatName(family);
  return new ImageRejectedError(
    "corrupt",
    `The file looks like a ${name} image but could not be read completely (it may be truncated or ` +
      `damaged). Send the complete file as ${ACCEPTED_IMAGE_TYPES}.`,
    cause === undefined ? undefined : { cause },
  );
}

function formatMegapixels(pixels: number): string {
  const megapixels = pixels / 1_000_000;
  const rounded = megapixels < 10 ? Math.round(megapixels * 10) / 10 : Math.round(megapixels);
  return `${rounded} ${rounded === 1 ? "megapixel" : "megapixels"}`;
}
