import type { Readable } from "node:stream";

/** What storage knows about one stored object. */
export interface MediaObjectInfo {
  key: string;
  sizeBytes: number;
  /** Strong validator for HTTP caching, quoted as HTTP wants it. */
  etag: string;
  modifiedAtMs: number;
}

/** Result of writing one object. */
export interface PutResult extends MediaObjectInfo {
  sha256: string;
}

/** An inclusive byte range. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where re-hosted videos, thumbnails and uploaded input images live. Keys are relative paths like
 * `videos/job_x.mp4`. The file store is the default; an S3-compatible bucket lets several
 * processes serve every object.
 */
export interface MediaStore {
  /**
   * Streams `body` into storage under `key`. Never buffers the whole body; stops and removes the
   * partial object when more than `maxBytes` arrive (throws `MediaTooLargeError`). The object
   * becomes visible only when complete.
   */
  put(key: string, body: Readable | ReadableStream<Uint8Array>, options: { maxBytes: number }): Promise<PutResult>;
  stat(key: string): Promise<MediaObjectInfo | null>;
  /** Reads the object, or the given range of it. */
  read(key: string, range?: ByteRange): Readable;
  /** A path on the local disk for tools that need a file (probing), or null when not on disk. */
  localPath(key: string): string | null;
  delete(key: string): Promise<void>;
  /**
   * A URL that serves the object to anyone holding it, straight from storage, until it expires:
   * for providers that fetch input images by URL, without Reelay's own `/media` URLs having to be
   * public. Only stores that can sign such URLs have it (S3), so callers check that it is there.
   */
  presignedGetUrl?(key: string, expiresInSeconds: number): Promise<string>;
}

/** A store that can hand out presigned URLs. */
export type PresigningMediaStore = MediaStore & Required<Pick<MediaStore, "presignedGetUrl">>;

/** Thrown by `MediaStore.put` when more than `maxBytes` arrived; the partial object is already removed. */
export class MediaTooLargeError extends Error {
  /** The limit that was exceeded. */
  readonly maxBytes: number;

  constructor(maxBytes: number) {
    super(`The media is larger than the limit of ${maxBytes} bytes.`);
    this.name = "MediaTooLargeError";
    this.maxBytes = maxBytes;
  }
}

/** Thrown for a storage key that is not a plain relative path inside the store (e.g. `../x`, `/etc/x`). */
export class InvalidMediaKeyError extends Error {
  /** The rejected key. */
  readonly key: string;

  constructor(key: string, reason: string) {
    super(`Invalid media key ${JSON.stringify(key)}: ${reason}.`);
    this.name = "InvalidMediaKeyError";
    this.key = key;
  }
}
