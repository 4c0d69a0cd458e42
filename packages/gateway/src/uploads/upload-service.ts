import type { Clock } from "../core/clock.ts";
import { ReelayError } from "../core/errors.ts";
import { createId } from "../core/ids.ts";
import type { ImageInput } from "../core/types.ts";
import { ImageRejectedError, ingestImage } from "../media/image-ingest.ts";
import type { MediaStore } from "../media/media-store.ts";
import { extensionFor } from "../media/media-types.ts";
import { BodyTooLargeError, readBodyCapped, UnsafeUrlError } from "../net/safe-fetch.ts";
import { decodeDataUri } from "./data-uri.ts";
import type { UploadRecord, UploadStore } from "./upload-store.ts";

export interface UploadLimits {
  /** Largest image accepted, in bytes. */
  maxBytes: number;
  /** Largest image accepted, in pixels (width × height), checked before decoding. */
  maxPixels: number;
}

export interface UploadServiceOptions {
  uploads: UploadStore;
  media: MediaStore;
  clock: Clock;
  /** The SSRF-safe fetch: user-given URLs never reach private addresses. */
  safeFetch: typeof fetch;
  limits: UploadLimits;
}

export interface UploadService {
  fromBytes(tenantId: string, bytes: Buffer): Promise<{ upload: UploadRecord; created: boolean }>;
  fromUrl(tenantId: string, url: string): Promise<{ upload: UploadRecord; created: boolean }>;
  fromDataUri(tenantId: string, dataUri: string): Promise<{ upload: UploadRecord; created: boolean }>;
  /** The upload an `ImageInput` names, uploading URLs and data URIs first. */
  resolve(tenantId: string, input: ImageInput, field: string): Promise<UploadRecord>;
  get(tenantId: string, id: string): Promise<UploadRecord>;
  delete(tenantId: string, id: string): Promise<void>;
}

/** Images are uploaded once: decoded, checked, normalised, stored, and deduplicated by content. */
export function createUploadService(options: UploadServiceOptions): UploadService {
  const { uploads, media, clock, limits } = options;

  async function fromBytes(tenantId: string, bytes: Buffer) {
    const ingested = await ingestImage(bytes, limits).catch((error: unknown) => {
      if (error instanceof ImageRejectedError) {
        const code = error.reason === "too_large" ? "payload_too_large" : "invalid_image";
        throw new ReelayError(code, error.message);
      }
      throw error;
    });
    const existing = await uploads.findBySha256(tenantId, ingested.sha256);
    if (existing !== null) return { upload: existing, created: false };
    const key = `uploads/${tenantId}/${ingested.sha256}.${extensionFor(ingested.mediaType)}`;
    const stored = await media.put(key, bufferStream(ingested.bytes), { maxBytes: limits.maxBytes * 2 });
    const result = await uploads.insert({
      id: createId("upl", clock.now()),
      tenantId,
      sha256: ingested.sha256,
      key,
      mediaType: ingested.mediaType,
      width: ingested.width,
      height: ingested.height,
      sizeBytes: stored.sizeBytes,
      createdAt: clock.now(),
    });
    return { upload: result.upload, created: result.inserted };
  }

  async function fromUrl(tenantId: string, url: string) {
    let bytes: Buffer;
    try {
      const response = await options.safeFetch(url, { headers: { accept: "image/*" } });
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw new ReelayError("image_fetch_failed", `Fetching ${url} answered HTTP ${response.status}.`);
      }
      bytes = await readBodyCapped(response, limits.maxBytes);
    } catch (error) {
      if (error instanceof ReelayError) throw error;
      if (error instanceof UnsafeUrlError) throw new ReelayError("unsafe_url", error.message);
      if (error instanceof BodyTooLargeError) {
        throw new ReelayError("payload_too_large", `The image at ${url} is larger than ${limits.maxBytes} bytes.`);
      }
      const reason = error instanceof Error ? error.message : String(error);
      throw new ReelayError("image_fetch_failed", `Could not fetch ${url}: ${reason}`);
    }
    return fromBytes(tenantId, bytes);
  }

  async function fromDataUri(tenantId: string, dataUri: string) {
    return fromBytes(tenantId, decodeDataUri(dataUri, limits.maxBytes));
  }

  async function get(tenantId: string, id: string): Promise<UploadRecord> {
    const upload = await uploads.get(tenantId, id);
    if (upload === null) throw new ReelayError("upload_not_found", `No upload with id ${id}.`);
    return upload;
  }

  return {
    fromBytes,
    fromUrl,
    fromDataUri,
    get,
    async resolve(tenantId, input, field) {
      if ("uploadId" in input) {
        const upload = await uploads.get(tenantId, input.uploadId);
        if (upload === null) {
          throw new ReelayError("upload_not_found", `${field}: no upload with id ${input.uploadId}; upload it first.`);
        }
        return upload;
      }
      const result = "url" in input ? await fromUrl(tenantId, input.url) : await fromDataUri(tenantId, input.dataUri);
      return result.upload;
    },
    async delete(tenantId, id) {
      const removed = await uploads.delete(tenantId, id);
      if (removed === null) throw new ReelayError("upload_not_found", `No upload with id ${id}.`);
      await media.delete(removed.key);
    },
  };
}

function bufferStream(bytes: Buffer): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new Uint8Array(bytes));
      controller.close();
    },
  });
}
