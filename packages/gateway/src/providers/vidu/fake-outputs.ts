/**
 * The fake Vidu's output URLs, standing in for presigned object-storage links
 * (`…/infer/tasks/<id>/video.mp4?X-Amz-Expires=…&X-Amz-Signature=…`): no auth header, signed
 * afresh on every status read, refused with 403 once expired. The video is a real MP4 and the
 * cover a real JPEG, both in the task's shape.
 */
import sharp from "sharp";
import { createOutputSigner } from "../shared/fake-output-signer.ts";
import { fakeVideo } from "../shared/fake-server.ts";

/** Path prefix of the fake's storage routes; the task id and file name follow. */
export const FAKE_STORAGE_PREFIX = "/infer/tasks";

/** The 2025 docs gave output links 1 h (later docs 24 h); the fake uses the short end (§10.6). */
export const DEFAULT_OUTPUT_TTL_MS = 3_600_000;

export type OutputFile = "video.mp4" | "cover.jpeg";

/** Signs and checks one fake's output URLs. */
export function createViduOutputs(ttlMs: number) {
  const signer = createOutputSigner(ttlMs);
  return {
    /** A fresh URL for one file of `taskId`, valid for the TTL from `nowMs`. */
    url(origin: string, taskId: string, file: OutputFile, nowMs: number): string {
      const token = signer.token(`${taskId}/${file}`, nowMs);
      return `${origin}${FAKE_STORAGE_PREFIX}/${taskId}/${file}?X-Amz-Expires=${Math.round(ttlMs / 1000)}&X-Amz-Signature=${token}`;
    },
    verify: (token: string | undefined, taskId: string, file: OutputFile, nowMs: number) =>
      signer.verify(token, `${taskId}/${file}`, nowMs),
  };
}

/** What object storage answers for an expired or forged presigned URL. unverified: the body. */
export function storageDenied(): Response {
  return new Response(
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>',
    { status: 403, headers: { "content-type": "application/xml" } },
  );
}

/** Pixel size of an output: `resolution` is the short side, `widthOverHeight` the shape. */
export function outputSize(resolution: number, widthOverHeight: number): { width: number; height: number } {
  return widthOverHeight >= 1
    ? { width: Math.round(resolution * widthOverHeight), height: resolution }
    : { width: resolution, height: Math.round(resolution / widthOverHeight) };
}

const covers = new Map<string, Promise<Buffer>>();

/** A small JPEG cover in the video's shape (short side 180 px, like `fakeVideo`). */
export function fakeCover(width: number, height: number): Promise<Buffer> {
  const scale = 180 / Math.min(width, height);
  const size = { width: Math.max(2, Math.round(width * scale)), height: Math.max(2, Math.round(height * scale)) };
  const key = `${size.width}x${size.height}`;
  let cover = covers.get(key);
  if (cover === undefined) {
    cover = sharp({ create: { ...size, channels: 3, background: { r: 30, g: 90, b: 160 } } })
      .jpeg()
      .toBuffer();
    covers.set(key, cover);
  }
  return cover;
}

/** The bytes of one output file. */
export async function outputBytes(
  file: OutputFile,
  size: { width: number; height: number },
  durationSeconds: number,
): Promise<{ bytes: Uint8Array<ArrayBuffer>; mediaType: string }> {
  if (file === "cover.jpeg")
    return { bytes: new Uint8Array(await fakeCover(size.width, size.height)), mediaType: "image/jpeg" };
  return { bytes: new Uint8Array(await fakeVideo(size.width, size.height, durationSeconds)), mediaType: "video/mp4" };
}
