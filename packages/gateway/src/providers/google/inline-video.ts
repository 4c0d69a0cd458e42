import { createHash, randomUUID } from "node:crypto";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { sweepOldFiles } from "../shared/sweep-old-files.ts";

/*
 * Veo can hand the video back inside the JSON (Vertex's `bytesBase64Encoded`, rarely the Gemini
 * API's `encodedVideo`): many megabytes of base64, far too big for the job row. The adapter writes
 * the bytes to a file and returns a `file` output, which the re-hoster reads; only the path is
 * persisted on the job.
 */

/** The file an operation's sample is written to: derived from the operation, so a repeated poll reuses it. */
export function inlineVideoPath(directory: string, operationName: string, index: number): string {
  const digest = createHash("sha256").update(operationName).digest("hex").slice(0, 32);
  return join(directory, `veo-${digest}-${index}.mp4`);
}

/** Decodes `base64` into the operation's file (atomically: a reader never sees half a file). */
export async function writeInlineVideo(
  directory: string,
  operationName: string,
  index: number,
  base64: string,
): Promise<string> {
  const path = inlineVideoPath(directory, operationName, index);
  const bytes = Buffer.from(base64, "base64");
  if (bytes.byteLength === 0) throw new Error("the inline video is empty");
  const existing = await stat(path).catch(() => null);
  if (existing?.size === bytes.byteLength) return path;
  await mkdir(directory, { recursive: true });
  const temporary = `${path}.${randomUUID().slice(0, 8)}.partial`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
  return path;
}

/**
 * Deletes inline videos older than `maxAgeMs`. By then the re-hoster has copied them into
 * Reelay's storage (or the job has long failed); nothing else reads them.
 */
export async function sweepInlineVideos(directory: string, maxAgeMs: number, nowMs: number): Promise<void> {
  await sweepOldFiles(directory, maxAgeMs, nowMs, (name) => name.startsWith("veo-")).catch(() => undefined);
}
