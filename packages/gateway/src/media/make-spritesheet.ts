// Provides VideoDecoder & co. on Node, which mediabunny needs to decode frames.
import "@napi-rs/webcodecs/polyfill";
import { createHash } from "node:crypto";
import { VideoSampleSink, type VideoSample } from "mediabunny";
import sharp from "sharp";
import type { StoredVideo } from "../core/types.ts";
import { InvalidMediaError, withVideoInput } from "./probe-video.ts";

export const SPRITESHEET_MEDIA_TYPE = "image/webp";

export interface SpritesheetOptions {
  /** Tiles per row. Defaults to 5. */
  columns?: number;
  /** Rows of tiles. Defaults to 2. */
  rows?: number;
  /** Longest side of one tile in pixels; smaller videos are not enlarged. Defaults to 256. */
  tileMaxSizePx?: number;
  /** WebP quality, 1–100. Defaults to 75. */
  quality?: number;
}

/**
 * Where the spritesheet of a stored video is kept: named after the video's own key, so it belongs
 * to that one video (two jobs with identical videos do not share it) and goes when the video goes.
 */
export function spritesheetKey(video: StoredVideo): string {
  return `spritesheets/${createHash("sha256").update(video.key).digest("hex")}.webp`;
}

/**
 * Decodes `columns × rows` frames spread evenly over a local video (each from the middle of its
 * slice of time) and lays them out left to right, top to bottom, as one WebP: the preview strip
 * players show over a seek bar. Tiles are upright (rotation metadata applied). Throws
 * `InvalidMediaError` when the frames cannot be decoded.
 */
export async function makeSpritesheet(path: string, options: SpritesheetOptions = {}): Promise<Buffer> {
  const { columns = 5, rows = 2, tileMaxSizePx = 256, quality = 75 } = options;
  return withVideoInput(path, async (_input, track) => {
    if (!(await track.canDecode())) throw new InvalidMediaError("The video's frames cannot be decoded here.");
    const startSeconds = await track.getFirstTimestamp();
    const lengthSeconds = (await track.computeDuration()) - startSeconds;
    const count = columns * rows;
    const times = Array.from({ length: count }, (_, index) => startSeconds + ((index + 0.5) * lengthSeconds) / count);
    const tiles: Buffer[] = [];
    let tile = { width: 0, height: 0 };
    for await (const sample of new VideoSampleSink(track).samplesAtTimestamps(times)) {
      if (sample === null) continue;
      try {
        const scale = Math.min(1, tileMaxSizePx / Math.max(sample.displayWidth, sample.displayHeight));
        tile = {
          width: Math.max(1, Math.round(sample.displayWidth * scale)),
          height: Math.max(1, Math.round(sample.displayHeight * scale)),
        };
        tiles.push(await tileOf(sample, tile));
      } finally {
        sample.close();
      }
    }
    if (tiles.length === 0) throw new InvalidMediaError("The video has no decodable frame.");
    return sharp({
      create: { width: tile.width * columns, height: tile.height * rows, channels: 3, background: "#000000" },
    })
      .composite(
        tiles.map((input, index) => ({
          input,
          raw: { width: tile.width, height: tile.height, channels: 3 as const },
          left: (index % columns) * tile.width,
          top: Math.floor(index / columns) * tile.height,
        })),
      )
      .webp({ quality })
      .toBuffer();
  });
}

/** The visible picture of one frame, upright and scaled to `size`, as raw RGB. */
async function tileOf(sample: VideoSample, size: { width: number; height: number }): Promise<Buffer> {
  const { left, top, width, height } = sample.visibleRect;
  const pixels = new Uint8Array(width * height * 4);
  // Copies only the visible rectangle, rows packed without padding.
  const rect = { x: left, y: top, width, height };
  await sample.copyTo(pixels, { format: "RGBA", rect, layout: [{ offset: 0, stride: width * 4 }] });
  return sharp(pixels, { raw: { width, height, channels: 4 } })
    .rotate(sample.rotation)
    .removeAlpha()
    .resize({ width: size.width, height: size.height, fit: "fill" })
    .raw()
    .toBuffer();
}
