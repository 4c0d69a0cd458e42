import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, readFile, rename, rm, stat, writeFile, type FileHandle } from "node:fs/promises";
import { basename, dirname, join, resolve, sep } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { checkMediaKey } from "./media-key.ts";
import {
  InvalidMediaKeyError,
  MediaTooLargeError,
  type ByteRange,
  type MediaObjectInfo,
  type MediaStore,
} from "./media-store.ts";

export { InvalidMediaKeyError, MediaTooLargeError } from "./media-store.ts";

/** What the sidecar next to each object records; it is trusted only while size and mtime still match. */
interface Sidecar {
  sha256: string;
  sizeBytes: number;
  modifiedAtMs: number;
}

/**
 * Stores objects as files under `rootDir`. Names starting with a dot are reserved: they hold
 * in-progress writes (`.<name>.<uuid>.tmp`) and each object's sidecar (`.<name>.meta.json`) with
 * its sha256, so keys may not contain such segments and can never collide with them.
 */
export function createFileMediaStore(rootDir: string): MediaStore {
  const root = resolve(rootDir);

  /** The security boundary: only plain relative paths that stay inside the root are accepted. */
  function pathOf(key: string): string {
    checkMediaKey(key);
    const path = resolve(root, key);
    // Belt and braces: after the checks above this cannot fail, but the boundary matters.
    if (!path.startsWith(root + sep)) throw new InvalidMediaKeyError(key, "it escapes the storage root");
    return path;
  }

  return {
    async put(key, body, options) {
      // The store owns `body` from here on: it is consumed, or destroyed on any failure. Until the
      // pipeline below listens, an early error (e.g. a file stream that failed to open) must not
      // crash the process; the pipeline still sees it because the stream stays errored.
      const source = body instanceof Readable ? body : Readable.fromWeb(body as NodeReadableStream<Uint8Array>);
      source.on("error", ignoreEarlyError);
      let tempPath: string | null = null;
      let file: FileHandle | null = null;
      try {
        const path = pathOf(key);
        const { maxBytes } = options;
        if (!Number.isFinite(maxBytes) || maxBytes < 0) throw new RangeError(`maxBytes must be >= 0, got ${maxBytes}`);
        await mkdir(dirname(path), { recursive: true });
        tempPath = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
        // Opened here, not lazily by a write stream, so that the file exists before any cleanup
        // runs and no late open can recreate it after it was removed.
        file = await open(tempPath, "wx");
        const hash = createHash("sha256");
        let sizeBytes = 0;
        await pipeline(
          source,
          async function* countAndHash(chunks: AsyncIterable<Buffer | Uint8Array | string>) {
            for await (const chunk of chunks) {
              const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
              sizeBytes += bytes.byteLength;
              // Checked before writing, so the temp file never holds more than maxBytes.
              if (sizeBytes > maxBytes) throw new MediaTooLargeError(maxBytes);
              hash.update(bytes);
              yield bytes;
            }
          },
          // The stream closes the handle when done; `flush` syncs the data to disk first, so the
          // rename below never exposes a file whose bytes are not on disk yet.
          file.createWriteStream({ flush: true }),
        );
        file = null;
        const written = await stat(tempPath);
        const sidecar: Sidecar = { sha256: hash.digest("hex"), sizeBytes, modifiedAtMs: written.mtimeMs };
        await writeFile(`${tempPath}.meta.json`, JSON.stringify(sidecar), { flag: "wx" });
        // Sidecar first: a reader in between sees the old file with a sidecar that does not match
        // it and falls back to the size+mtime ETag, never to a wrong one.
        await rename(`${tempPath}.meta.json`, sidecarPathOf(path));
        await rename(tempPath, path);
        return { key, sizeBytes, sha256: sidecar.sha256, etag: etagOf(sidecar), modifiedAtMs: written.mtimeMs };
      } catch (error) {
        source.destroy();
        // Normally already closed by its stream (pipeline destroys it); closing twice is harmless.
        await file?.close().catch(() => undefined);
        if (tempPath !== null) {
          await rm(tempPath, { force: true });
          await rm(`${tempPath}.meta.json`, { force: true });
        }
        throw error;
      } finally {
        source.off("error", ignoreEarlyError);
      }
    },

    async stat(key): Promise<MediaObjectInfo | null> {
      const path = pathOf(key);
      let info;
      try {
        info = await stat(path);
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
      if (!info.isFile()) return null;
      const sidecar = await readSidecar(path);
      const current = sidecar !== null && sidecar.sizeBytes === info.size && sidecar.modifiedAtMs === info.mtimeMs;
      return {
        key,
        sizeBytes: info.size,
        etag: current ? etagOf(sidecar) : `"${info.size.toString(16)}-${Math.round(info.mtimeMs * 1000).toString(16)}"`,
        modifiedAtMs: info.mtimeMs,
      };
    },

    read(key, range?: ByteRange) {
      const path = pathOf(key);
      if (range === undefined) return createReadStream(path);
      if (
        !Number.isInteger(range.start) ||
        !Number.isInteger(range.end) ||
        range.start < 0 ||
        range.end < range.start
      ) {
        throw new RangeError(`Invalid byte range ${range.start}-${range.end}`);
      }
      return createReadStream(path, { start: range.start, end: range.end });
    },

    localPath(key) {
      return pathOf(key);
    },

    async delete(key) {
      const path = pathOf(key);
      await rm(path, { force: true });
      await rm(sidecarPathOf(path), { force: true });
    },
  };
}

async function readSidecar(path: string): Promise<Sidecar | null> {
  try {
    const parsed: unknown = JSON.parse(await readFile(sidecarPathOf(path), "utf8"));
    if (typeof parsed !== "object" || parsed === null) return null;
    const { sha256, sizeBytes, modifiedAtMs } = parsed as Record<string, unknown>;
    if (typeof sha256 !== "string" || typeof sizeBytes !== "number" || typeof modifiedAtMs !== "number") return null;
    return { sha256, sizeBytes, modifiedAtMs };
  } catch {
    return null;
  }
}

function sidecarPathOf(path: string): string {
  return join(dirname(path), `.${basename(path)}.meta.json`);
}

function ignoreEarlyError(): void {}

function etagOf(sidecar: Sidecar): string {
  return `"${sidecar.sha256}"`;
}

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}
