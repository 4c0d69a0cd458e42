import sharp from "sharp";
import type { PreparedImage } from "../../provider.ts";

/** A small solid PNG (or JPEG) of the given size, for data URIs the fake decodes. */
export async function solidImage(width: number, height: number, format: "png" | "jpeg" = "png"): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 3, background: { r: 40, g: 120, b: 200 } } });
  return format === "png" ? image.png().toBuffer() : image.jpeg().toBuffer();
}

/** What Reelay hands the adapter for an image prepared in memory. */
export function preparedImage(bytes: Buffer, width: number, height: number, mediaType = "image/png"): PreparedImage {
  return {
    mediaType,
    width,
    height,
    sizeBytes: bytes.length,
    sha256: "",
    read: async () => bytes,
    localPath: null,
    signedUrl: (ttlSeconds) => `https://reelay.example.com/media/frame.png?expires=${ttlSeconds}&signature=abc`,
  };
}
