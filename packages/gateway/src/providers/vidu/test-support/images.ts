import sharp from "sharp";

/** A small solid PNG (or JPEG) of the given size, for data URIs the fake decodes. */
export async function solidImage(width: number, height: number, format: "png" | "jpeg" = "png"): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } });
  return format === "png" ? image.png().toBuffer() : image.jpeg().toBuffer();
}
