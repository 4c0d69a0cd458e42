import type { PreparedImage } from "../providers/provider.ts";

/** What Reelay hands an adapter for an image prepared in memory. */
export function preparedImage(bytes: Buffer, width: number, height: number, mediaType = "image/png"): PreparedImage {
  return {
    mediaType,
    width,
    height,
    sizeBytes: bytes.length,
    sha256: "",
    read: async () => bytes,
    localPath: null,
    signedUrl: async (ttlSeconds) => `https://reelay.example.com/media/frame.png?expires=${ttlSeconds}&signature=abc`,
  };
}
