// Provides VideoDecoder & co. on Node, which mediabunny needs to decode frames.
import "@napi-rs/webcodecs/polyfill";
import { VideoSampleSink, type VideoSample } from "mediabunny";
import sharp from "sharp";
import { InvalidMediaError, withVideoInput } from "./probe-video.ts";

export const THUMBNAIL_MEDIA_TYPE = "image/webp";

export interface ThumbnailOptions {
  /** Longest side of the thumbnail in pixels; smaller videos are not enlarged. Defaults to 640. */
  maxSizePx?: number;
  /** WebP quality, 1–100. Defaults to 80. */
  quality?: number;
}

/**
 * Decodes one frame of a local video — at 1 s, or mid-video when it is shorter than 2 s, so a
 * fade-in from black is skipped — and encodes it as a WebP no larger than `maxSizePx`, upright
 * (rotation metadata applied). Throws `InvalidMediaError` when no frame can be decoded.
 */
export async function makeThumbnail(path: string, options: ThumbnailOptions = {}): Promise<Buffer> {
  const { maxSizePx = 640, quality = 80 } = options;
  return withVideoInput(path, async (_input, track) => {
    const codec = await track.getCodecParameterString();
    if (!(await track.canDecode()))
      throw new InvalidMediaError(`Frames of codec ${codec ?? "unknown"} cannot be decoded here.`);
    const startSeconds = await track.getFirstTimestamp();
    const lengthSeconds = (await track.computeDuration()) - startSeconds;
    const atSeconds = startSeconds + (lengthSeconds >= 2 ? 1 : Math.max(0, lengthSeconds / 2));
    const sink = new VideoSampleSink(track);
    let sample: VideoSample | null;
    try {
      sample = (await sink.getSample(atSeconds)) ?? (await sink.getSample(startSeconds));
    } catch (error) {
      throw new InvalidMediaError("A frame of the video could not be decoded.", { cause: error });
    }
    if (sample === null) throw new InvalidMediaError("The video has no decodable frame.");
    try {
      return await encodeWebp(sample, maxSizePx, quality);
    } finally {
      sample.close();
    }
  });
}

async function encodeWebp(sample: VideoSample, maxSizePx: number, quality: number): Promise<Buffer> {
  const pixels = new Uint8Array(sample.allocationSize({ format: "RGBA" }));
  const layout = await sample.copyTo(pixels, { format: "RGBA" });
  const plane = layout[0];
  if (plane === undefined || plane.stride <= 0) throw new InvalidMediaError("The decoded frame has no pixel data.");
  // Rows may be padded (stride) and the coded picture larger than the visible one: describe the
  // buffer as it is, then cut out the visible rectangle.
  const rawWidth = plane.stride / 4;
  const rawHeight = Math.floor((pixels.byteLength - plane.offset) / plane.stride);
  const visible = sample.visibleRect;
  const width = Math.min(visible.width, rawWidth - visible.left);
  const height = Math.min(visible.height, rawHeight - visible.top);
  let image = sharp(pixels.subarray(plane.offset), { raw: { width: rawWidth, height: rawHeight, channels: 4 } });
  if (visible.left !== 0 || visible.top !== 0 || width !== rawWidth || height !== rawHeight) {
    image = image.extract({ left: visible.left, top: visible.top, width, height });
  }
  // mediabunny rotates, then flips; sharp always flops before rotating, and flip∘rotate(θ) equals
  // rotate(−θ)∘flip, hence the negated angle when flipped.
  if (sample.flip) image = image.flop();
  const angle = sample.flip ? (360 - sample.rotation) % 360 : sample.rotation;
  if (angle !== 0) image = image.rotate(angle);
  // displayWidth/Height include pixel aspect ratio and rotation: the size a player shows.
  const scale = Math.min(1, maxSizePx / Math.max(sample.displayWidth, sample.displayHeight));
  const targetWidth = Math.max(1, Math.round(sample.displayWidth * scale));
  const targetHeight = Math.max(1, Math.round(sample.displayHeight * scale));
  return image
    .removeAlpha()
    .resize({ width: targetWidth, height: targetHeight, fit: "fill" })
    .webp({ quality })
    .toBuffer();
}
