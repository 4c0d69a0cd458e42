import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { ReelayError } from "../core/errors.ts";
import { frameSize } from "../core/frame-size.ts";
import type { ModelSpec } from "../core/model-spec.ts";
import type { NormalizedRequest, PreparedImageRecord, Warning } from "../core/types.ts";
import type { MediaStore } from "../media/media-store.ts";
import { extensionFor } from "../media/media-types.ts";
import { ImageUnsuitableError, prepareImage } from "../media/prepare-image.ts";
import type { InputImageUrl } from "../media/input-image-url.ts";
import type { PreparedImage } from "../providers/provider.ts";
import type { UploadRecord } from "./upload-store.ts";

/** What is kept next to a prepared image, so a cached variant comes back with its warnings. */
type PreparedMeta = Omit<PreparedImageRecord, "uploadId"> & { warnings: Warning[] };

export interface ImagePreparer {
  /**
   * The upload fitted to what `spec` accepts for `request`'s output frame, stored once per
   * (image, model, frame) and reused after that; warnings say what was changed.
   */
  prepare(
    upload: UploadRecord,
    spec: ModelSpec,
    request: NormalizedRequest,
    role: "image" | "lastFrame",
  ): Promise<{ record: PreparedImageRecord; warnings: Warning[] }>;
  /** The handle an adapter gets for a prepared image. */
  open(record: PreparedImageRecord): PreparedImage;
}

async function readAll(media: MediaStore, key: string): Promise<Buffer> {
  return buffer(media.read(key));
}

export function createImagePreparer(options: { media: MediaStore; inputUrl: InputImageUrl }): ImagePreparer {
  const { media, inputUrl } = options;

  return {
    async prepare(upload, spec, request, role) {
      const requirements = spec.imageInput;
      if (requirements === undefined) throw new Error(`${spec.id} takes no input images`);
      const frame = frameSize(request.aspectRatio, request.resolution);
      const variant = `${spec.id.replace(/[^A-Za-z0-9.-]/g, "_")}-${request.aspectRatio.replace(":", "x")}-${request.resolution}`;
      const base = `prepared/${upload.tenantId}/${upload.sha256}/${variant}`;
      const metaKey = `${base}.json`;
      let meta: PreparedMeta;
      if ((await media.stat(metaKey)) !== null) {
        meta = JSON.parse((await readAll(media, metaKey)).toString("utf8")) as PreparedMeta;
      } else {
        const source = await readAll(media, upload.key);
        const prepared = await prepareImage(source, requirements, frame).catch((error: unknown) => {
          if (error instanceof ImageUnsuitableError) {
            throw new ReelayError("validation_failed", `${role}: ${error.message}`, [
              { field: role, code: `image_${error.reason}`, message: error.message },
            ]);
          }
          throw error;
        });
        const key = `${base}.${extensionFor(prepared.mediaType)}`;
        const stored = await media.put(key, Readable.from([prepared.bytes]), { maxBytes: requirements.maxBytes });
        meta = {
          key,
          mediaType: prepared.mediaType,
          width: prepared.width,
          height: prepared.height,
          sizeBytes: stored.sizeBytes,
          sha256: stored.sha256,
          warnings: prepared.warnings,
        };
        // The metadata is written last: its presence means the variant is complete.
        await media.put(metaKey, Readable.from([Buffer.from(JSON.stringify(meta))]), { maxBytes: 1_000_000 });
      }
      const { warnings, ...stored } = meta;
      const record: PreparedImageRecord = { uploadId: upload.id, ...stored };
      const roleName = role === "image" ? "first frame" : "last frame";
      return {
        record,
        warnings: warnings.map((warning) => ({ ...warning, message: `${roleName}: ${warning.message}` })),
      };
    },

    open(record) {
      return {
        mediaType: record.mediaType,
        width: record.width,
        height: record.height,
        sizeBytes: record.sizeBytes,
        sha256: record.sha256,
        read: () => readAll(media, record.key),
        localPath: media.localPath(record.key),
        signedUrl: (ttlSeconds) => inputUrl(record.key, ttlSeconds),
      };
    },
  };
}
