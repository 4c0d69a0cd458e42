import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { MediaStore } from "./media-store.ts";

/**
 * Runs `use` on a path of the object on local disk: the store's own file, or (object storage) a
 * temporary copy removed afterwards. Probing and decoding tools need a file.
 */
export async function withLocalFile<T>(store: MediaStore, key: string, use: (path: string) => Promise<T>): Promise<T> {
  const localPath = store.localPath(key);
  if (localPath !== null) return use(localPath);
  const directory = await mkdtemp(join(tmpdir(), "reelay-media-"));
  try {
    const path = join(directory, randomUUID());
    await pipeline(store.read(key), createWriteStream(path));
    return await use(path);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
