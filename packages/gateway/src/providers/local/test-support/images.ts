import { readFile } from "node:fs/promises";
import sharp from "sharp";
import type { PreparedImage } from "../../provider.ts";

/** Red grows left to right, green top to bottom: any zoom or drift changes the pixels everywhere. */
export async function writeGradientImage(path: string, width = 1280, height = 720): Promise<void> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const offset = (y * width + x) * 3;
      pixels[offset] = Math.round((255 * x) / (width - 1));
      pixels[offset + 1] = Math.round((255 * y) / (height - 1));
      pixels[offset + 2] = 96;
    }
  }
  await sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toFile(path);
}

export async function writeSolidImage(
  path: string,
  color: { r: number; g: number; b: number },
  width = 1280,
  height = 720,
): Promise<void> {
  await sharp({ create: { width, height, channels: 3, background: color } })
    .jpeg({ quality: 95 })
    .toFile(path);
}

/** What Reelay would hand the provider for an image it prepared at `path`. */
export function preparedImage(path: string, width = 1280, height = 720, mediaType = "image/png"): PreparedImage {
  return {
    mediaType,
    width,
    height,
    sizeBytes: 0,
    sha256: "",
    read: () => readFile(path),
    localPath: path,
    signedUrl: () => Promise.reject(new Error("the local renderer must not ask for URLs")),
  };
}

/** Small comparison grid: averages away encoder noise and sub-pixel resampling differences. */
export const GRID_WIDTH = 64;
export const GRID_HEIGHT = 36;

/** RGB of an image file resized (cover) to the grid. */
export async function gridOfFile(path: string): Promise<Buffer> {
  return sharp(path).resize(GRID_WIDTH, GRID_HEIGHT, { fit: "cover" }).removeAlpha().raw().toBuffer();
}

/** RGB of RGBA pixels (a decoded or painted frame) resized to the grid. */
export async function gridOfPixels(pixels: Uint8Array, width: number, height: number): Promise<Buffer> {
  return sharp(Buffer.from(pixels.buffer, pixels.byteOffset, width * height * 4), {
    raw: { width, height, channels: 4 },
  })
    .resize(GRID_WIDTH, GRID_HEIGHT, { fit: "fill" })
    .removeAlpha()
    .raw()
    .toBuffer();
}

/** Mean absolute difference per channel (0–255) of two grids, over grid rows `fromRow` to `toRow`. */
export function meanDifference(a: Buffer, b: Buffer, fromRow = 0, toRow = GRID_HEIGHT): number {
  let total = 0;
  const start = fromRow * GRID_WIDTH * 3;
  const end = toRow * GRID_WIDTH * 3;
  for (let index = start; index < end; index += 1) total += Math.abs((a[index] ?? 0) - (b[index] ?? 0));
  return total / (end - start);
}
