import sharp, { type Metadata, type Sharp } from "sharp";
import type { ImageFormat, ImageRequirements } from "../core/model-spec.ts";
import type { Warning } from "../core/types.ts";
import { formatList, formatName, formatSize } from "./image-text.ts";
import { CannotFitBytesError, encodeToFit, type RawImage } from "./prepare-image-encode.ts";
import { planShape, type ShapeStep } from "./prepare-image-shape.ts";

/** An image ready to hand to one model's provider. */
export interface PreparedImageResult {
  bytes: Buffer;
  /** `image/jpeg`, `image/png` or `image/webp`. */
  mediaType: string;
  width: number;
  height: number;
  /** One per change made to the image, for the job's warnings. */
  warnings: Warning[];
}

export type ImageUnsuitableReason = "too_small" | "cannot_fit_bytes";

/** An image that cannot be made acceptable to the model; the message is meant for the user. */
export class ImageUnsuitableError extends Error {
  readonly reason: ImageUnsuitableReason;

  constructor(reason: ImageUnsuitableReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ImageUnsuitableError";
    this.reason = reason;
  }
}

const IMAGE_FORMATS: readonly string[] = ["jpeg", "png", "webp"] satisfies ImageFormat[];

function asImageFormat(format: string): ImageFormat | null {
  return IMAGE_FORMATS.includes(format) ? (format as ImageFormat) : null;
}

/** Nothing a re-encode would remove: the bytes can go out as they are. */
function isClean(metadata: Metadata): boolean {
  return (
    metadata.exif === undefined &&
    metadata.xmp === undefined &&
    metadata.iptc === undefined &&
    !metadata.hasProfile &&
    (metadata.orientation ?? 1) === 1 &&
    (metadata.pages ?? 1) === 1
  );
}

function tooSmall(message: string): ImageUnsuitableError {
  return new ImageUnsuitableError("too_small", `${message} Enlarging it would only blur it: send a larger image.`);
}

/**
 * Prepares an image (normally an ingested one) for one model: (a) refuses it when its short side is
 * under `minSidePx`; (b) crops or pads it to the video's shape (`match`) or into `aspectRange`,
 * and (c) resizes it to the exact frame or down to `maxSidePx`; (d) picks the format — the
 * source's if accepted, else the first listed — flattening transparency on black for JPEG;
 * (e) re-encodes at lower quality, in a lossy format instead of PNG, then smaller, until it fits
 * `maxBytes`. Each change is reported as a warning. The same input gives the same bytes.
 */
export async function prepareImage(
  source: Buffer,
  requirements: ImageRequirements,
  frame: { width: number; height: number },
): Promise<PreparedImageResult> {
  const firstFormat = requirements.formats[0];
  if (firstFormat === undefined) throw new Error("ImageRequirements.formats must list at least one format.");
  const metadata = await sharp(source, { failOn: "error" }).metadata();
  const { width, height } = metadata.autoOrient;
  const minSide = requirements.minSidePx;
  if (minSide !== undefined && Math.min(width, height) < minSide) {
    throw tooSmall(
      `The image is ${formatSize(width, height)}; this model needs at least ${minSide} px on the shorter side.`,
    );
  }
  const plan = planShape(width, height, requirements, frame);
  // Cropping to a tall frame can make a wide image's short side shorter still. An exact size is
  // exempt: the frame itself is what the provider asked for.
  if (minSide !== undefined && requirements.match !== "exact_size" && Math.min(plan.width, plan.height) < minSide) {
    throw tooSmall(
      `Made to fit the video's shape, the image would be ${formatSize(plan.width, plan.height)}; this model ` +
        `needs at least ${minSide} px on the shorter side.`,
    );
  }
  const sourceFormat = asImageFormat(metadata.format);
  const format = sourceFormat !== null && requirements.formats.includes(sourceFormat) ? sourceFormat : firstFormat;
  if (
    plan.steps.length === 0 &&
    format === sourceFormat &&
    source.length <= requirements.maxBytes &&
    isClean(metadata)
  ) {
    // Untouched: re-encoding would only lose quality.
    return { bytes: source, mediaType: `image/${format}`, width, height, warnings: [] };
  }
  const warnings = [...plan.warnings];
  if (format !== sourceFormat) {
    warnings.push({
      code: "image_converted",
      message:
        `The image was converted from ${formatName(metadata.format)} to ${formatName(format)}; this model ` +
        `accepts ${formatList(requirements.formats.map(formatName))}.`,
    });
  }
  const pixels = await render(source, plan.steps);
  try {
    const fitted = await encodeToFit(pixels, {
      format,
      formats: requirements.formats,
      maxBytes: requirements.maxBytes,
      allowScaling: requirements.match !== "exact_size",
      ...(minSide === undefined ? {} : { minSidePx: minSide }),
    });
    warnings.push(...fitted.warnings);
    return {
      bytes: fitted.bytes,
      mediaType: `image/${fitted.format}`,
      width: fitted.width,
      height: fitted.height,
      warnings,
    };
  } catch (error) {
    if (error instanceof CannotFitBytesError) {
      throw new ImageUnsuitableError("cannot_fit_bytes", `${error.message} Send a smaller or simpler image.`, {
        cause: error,
      });
    }
    throw error;
  }
}

async function toRaw(pipeline: Sharp): Promise<RawImage> {
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

function fromRaw(image: RawImage): Sharp {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } });
}

/**
 * Decodes upright 8-bit sRGB pixels and applies the planned steps one pass each. sharp runs the
 * operations of one pipeline in its own fixed order (extend after resize, whatever the call
 * order), so chaining crop, pad and resize in one pipeline would not do what the plan says.
 */
async function render(source: Buffer, steps: ShapeStep[]): Promise<RawImage> {
  let image = await toRaw(sharp(source, { failOn: "error", autoOrient: true }).toColourspace("srgb"));
  image = await dropOpaqueAlpha(image);
  for (const step of steps) {
    const pipeline = fromRaw(image);
    switch (step.kind) {
      case "crop":
        image = await toRaw(pipeline.extract(step));
        break;
      case "pad":
        image = await toRaw(pipeline.extend({ ...step, background: { r: 0, g: 0, b: 0, alpha: 1 } }));
        break;
      case "resize":
        image = await toRaw(pipeline.resize(step.width, step.height, { fit: "fill" }));
        break;
    }
  }
  return image;
}

/**
 * An alpha channel in which every pixel is opaque carries nothing; dropping it keeps a later JPEG
 * conversion from reporting a "flattening" that changes no pixel.
 */
async function dropOpaqueAlpha(image: RawImage): Promise<RawImage> {
  if (image.channels !== 4 && image.channels !== 2) return image;
  for (let index = image.channels - 1; index < image.data.length; index += image.channels) {
    if (image.data[index] !== 255) return image;
  }
  return toRaw(fromRaw(image).removeAlpha());
}
