import sharp from "sharp";
import { fakeVideo } from "../shared/fake-server.ts";
import type { ContentVariant } from "./api.ts";

/** What `GET /videos/{id}/content` serves for each variant. */
export const VARIANT_MEDIA_TYPES: Record<ContentVariant, string> = {
  video: "video/mp4",
  thumbnail: "image/webp",
  // unverified: the guide names `.jpg`; the spec lists only mp4, webp and JSON.
  spritesheet: "image/jpeg",
};

/** Columns × rows of the spritesheet (unverified: OpenAI's layout is undocumented). */
const SPRITE_GRID = 5;

const imageCache = new Map<string, Promise<Buffer>>();

/** Small frames of the video's shape: the shape is right, the pixels are few. */
function smallSize(width: number, height: number): { width: number; height: number } {
  const scale = 180 / Math.min(width, height);
  return { width: Math.max(2, Math.round(width * scale)), height: Math.max(2, Math.round(height * scale)) };
}

function stillImage(variant: "thumbnail" | "spritesheet", width: number, height: number): Promise<Buffer> {
  const key = `${variant}:${width}x${height}`;
  let image = imageCache.get(key);
  if (image === undefined) {
    const frame = smallSize(width, height);
    const grid = variant === "spritesheet" ? SPRITE_GRID : 1;
    const canvas = sharp({
      create: {
        width: frame.width * grid,
        height: frame.height * grid,
        channels: 3,
        background: { r: 40, g: 60, b: 160 },
      },
    });
    image = (variant === "spritesheet" ? canvas.jpeg({ quality: 70 }) : canvas.webp({ quality: 70 })).toBuffer();
    imageCache.set(key, image);
  }
  return image;
}

/** The bytes of one asset of a finished video of `size` (`WxH`) and `seconds`. */
export async function fakeAsset(variant: ContentVariant, size: string, seconds: string): Promise<Uint8Array> {
  const [width = 720, height = 1280] = size.split("x").map(Number);
  if (variant === "video") return fakeVideo(width, height, Number(seconds));
  return new Uint8Array(await stillImage(variant, width, height));
}
