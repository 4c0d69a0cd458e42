import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { Reelay } from "@reelay/client";

/** Streams a job's video to `path`, writing a temporary file first so no half file is left behind. */
export async function saveVideo(client: Reelay, id: string, path: string): Promise<number> {
  const response = await client.jobs.download(id);
  if (response.body === null) throw new Error("The server sent an empty body.");
  const partial = `${path}.part`;
  try {
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(partial));
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return Number(response.headers.get("content-length") ?? 0);
}
