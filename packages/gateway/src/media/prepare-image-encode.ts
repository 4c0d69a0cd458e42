import sharp from "sharp";
import type { ImageFormat } from "../core/model-spec.ts";
import type { Warning } from "../core/types.ts";
import { formatBytes, formatName, formatSize } from "./image-text.ts";

/** Decoded 8-bit pixels, kept between steps so that each re-encode skips decoding again. */
export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

/** One way of encoding: a format and, for lossy ones, a quality; `palette` quantises a PNG. */
interface Encoding {
  format: ImageFormat;
  quality: number | null;
  palette?: boolean;
}

export interface FitOptions {
  /** The format chosen for the model (the source's if accepted, else the first listed). */
  format: ImageFormat;
  /** All formats the model accepts, preferred first. */
  formats: ImageFormat[];
  maxBytes: number;
  /** False when the model needs an exact pixel size, so scaling down is no way out. */
  allowScaling: boolean;
  /** Scaling stops before the short side drops below this. */
  minSidePx?: number;
}

export interface FitResult {
  bytes: Buffer;
  format: ImageFormat;
  width: number;
  height: number;
  warnings: Warning[];
}

/** Thrown when no encoding, quality or size gets under the byte limit. Caught by prepareImage. */
export class CannotFitBytesError extends Error {
  override readonly name = "CannotFitBytesError";
}

/** Quality steps for JPEG and WebP; the first is the normal one, the others are reported. */
const QUALITIES = [90, 80, 70, 60, 50];
const NORMAL_QUALITY = 90;
/** Below this short side a "picture" is a thumbnail; nobody wants that as a first frame. */
const SMALLEST_SIDE_PX = 64;

function hasAlphaChannel(image: RawImage): boolean {
  return image.channels === 2 || image.channels === 4;
}

/**
 * The encodings to try, best first. JPEG/WebP go down in quality. A PNG that is too large is
 * switched to a lossy format the model accepts (WebP first when there is transparency to keep, as
 * JPEG would flatten it); when PNG is the only format, its last resort is a 256-colour palette.
 */
function encodingsFor(options: FitOptions, alpha: boolean): Encoding[] {
  if (options.format !== "png") return QUALITIES.map((quality) => ({ format: options.format, quality }));
  const lossy = options.formats.filter((format) => format !== "png");
  if (alpha) lossy.sort((a, b) => Number(b === "webp") - Number(a === "webp"));
  const fallback = lossy[0];
  if (fallback === undefined)
    return [
      { format: "png", quality: null },
      { format: "png", quality: null, palette: true },
    ];
  return [{ format: "png", quality: null }, ...QUALITIES.map((quality) => ({ format: fallback, quality }))];
}

/** Encodes raw pixels; fixed options and no metadata, so the same pixels give the same bytes. */
async function encode(image: RawImage, encoding: Encoding, size?: { width: number; height: number }): Promise<Buffer> {
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } });
  if (size !== undefined) pipeline = pipeline.resize(size.width, size.height, { fit: "fill" });
  // JPEG cannot store alpha; without flattening, sharp drops the channel and transparent pixels
  // show whatever colour they happen to hold.
  if (encoding.format === "jpeg" && hasAlphaChannel(image)) pipeline = pipeline.flatten({ background: "#000000" });
  const quality = encoding.quality ?? NORMAL_QUALITY;
  switch (encoding.format) {
    case "jpeg":
      return pipeline.jpeg({ quality }).toBuffer();
    case "webp":
      return pipeline.webp({ quality }).toBuffer();
    case "png":
      return pipeline.png(encoding.palette === true ? { palette: true, colours: 256 } : {}).toBuffer();
  }
}

function describeEncoding(encoding: Encoding): string {
  if (encoding.palette === true) return `a ${formatName(encoding.format)} reduced to 256 colours`;
  if (encoding.quality === null) return formatName(encoding.format);
  return `${formatName(encoding.format)} at quality ${encoding.quality}`;
}

/** The warnings that describe how the final encoding differs from the normal one. */
function fitWarnings(options: FitOptions, encoding: Encoding, firstSize: number, alpha: boolean): Warning[] {
  const limit = `the model's ${formatBytes(options.maxBytes)} limit`;
  const warnings: Warning[] = [];
  if (encoding.format !== options.format) {
    warnings.push({
      code: "image_converted",
      message:
        `The image was converted from ${formatName(options.format)} to ${formatName(encoding.format)} to fit ` +
        `${limit} (as ${formatName(options.format)} it was ${formatBytes(firstSize)}).`,
    });
  }
  if (encoding.palette === true || (encoding.quality !== null && encoding.quality < NORMAL_QUALITY)) {
    warnings.push({
      code: "image_recompressed",
      message: `The image was re-encoded as ${describeEncoding(encoding)} to fit ${limit}.`,
    });
  }
  if (encoding.format === "jpeg" && alpha) {
    warnings.push({
      code: "image_flattened",
      message: "Transparent areas of the image were filled with black, because JPEG has no transparency.",
    });
  }
  return warnings;
}

/**
 * Encodes in the chosen format and, while the result is over `maxBytes`, tries lower qualities,
 * then a lossy format instead of PNG, then smaller sizes (each step sized from how far off the last
 * one was). Throws `CannotFitBytesError` when nothing fits.
 */
export async function encodeToFit(image: RawImage, options: FitOptions): Promise<FitResult> {
  const alpha = hasAlphaChannel(image);
  const encodings = encodingsFor(options, alpha);
  let firstSize = 0;
  let bytes: Buffer = Buffer.alloc(0);
  let last: Encoding = { format: options.format, quality: null };
  for (const encoding of encodings) {
    bytes = await encode(image, encoding);
    if (firstSize === 0) firstSize = bytes.length;
    last = encoding;
    if (bytes.length <= options.maxBytes) {
      const warnings = fitWarnings(options, encoding, firstSize, alpha);
      return { bytes, format: encoding.format, width: image.width, height: image.height, warnings };
    }
  }
  const smallest = `${describeEncoding(last)} it is ${formatBytes(bytes.length)}`;
  if (!options.allowScaling) {
    throw new CannotFitBytesError(
      `The image cannot be made to fit the model's ${formatBytes(options.maxBytes)} limit: at the exact ` +
        `${formatSize(image.width, image.height)} size the model requires, even as ${smallest}.`,
    );
  }
  const floor = Math.max(options.minSidePx ?? 0, SMALLEST_SIDE_PX);
  let scale = 1;
  let size = { width: image.width, height: image.height };
  for (let step = 0; step < 16; step++) {
    // Bytes grow roughly with the pixel count, so the side scales by √(wanted ÷ got), with a margin.
    scale *= Math.min(0.9, Math.max(0.5, Math.sqrt(options.maxBytes / bytes.length) * 0.95));
    const next = {
      width: Math.max(1, Math.round(image.width * scale)),
      height: Math.max(1, Math.round(image.height * scale)),
    };
    if (Math.min(next.width, next.height) < floor) break;
    size = next;
    bytes = await encode(image, last, size);
    if (bytes.length <= options.maxBytes) {
      const warnings = fitWarnings(options, last, firstSize, alpha);
      warnings.push({
        code: "image_resized",
        message:
          `The image was scaled down from ${formatSize(image.width, image.height)} to ` +
          `${formatSize(size.width, size.height)} to fit the model's ${formatBytes(options.maxBytes)} limit.`,
      });
      return { bytes, format: last.format, width: size.width, height: size.height, warnings };
    }
  }
  throw new CannotFitBytesError(
    `The image cannot be made to fit the model's ${formatBytes(options.maxBytes)} limit: scaled down to ` +
      `${formatSize(size.width, size.height)} and encoded as ${describeEncoding(last)} it is still ` +
      `${formatBytes(bytes.length)}.`,
  );
}
