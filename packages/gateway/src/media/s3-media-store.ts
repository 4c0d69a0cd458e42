import { createHash } from "node:crypto";
import { PassThrough, Readable, Transform } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { S3Settings } from "../config.ts";
import { checkMediaKey } from "./media-key.ts";
import { MediaTooLargeError, type ByteRange, type MediaObjectInfo, type MediaStore } from "./media-store.ts";

/** The bucket and how to reach it: `REELAY_S3_*`, read by `config.ts`. */
export type S3MediaOptions = S3Settings;

/** Size of each part of a multipart upload: what one upload holds in memory, times its queue. */
const PART_BYTES = 8 * 1024 * 1024;
/** Parts in flight at once per upload. */
const PART_QUEUE = 2;

/**
 * Objects in an S3 bucket, so every instance serves every video. Writes stream through a
 * multipart upload (at most `PART_BYTES × PART_QUEUE` in memory) and appear only when complete; a
 * body over its limit aborts the upload, so nothing of it stays. The sha256 is computed while the
 * bytes stream past; the ETag is S3's own.
 */
export function createS3MediaStore(options: S3MediaOptions): MediaStore {
  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    credentials: options.credentials,
  });
  const prefix = options.prefix ?? "";
  const objectKey = (key: string) => {
    checkMediaKey(key);
    return `${prefix}${key}`;
  };
  const target = (key: string) => ({ Bucket: options.bucket, Key: objectKey(key) });

  async function head(key: string): Promise<MediaObjectInfo | null> {
    try {
      const answer = await client.send(new HeadObjectCommand(target(key)));
      return {
        key,
        sizeBytes: answer.ContentLength ?? 0,
        etag: answer.ETag ?? `"${key}"`,
        modifiedAtMs: answer.LastModified?.getTime() ?? 0,
      };
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return null;
      throw error;
    }
  }

  return {
    async put(key, body, { maxBytes }) {
      const source = body instanceof Readable ? body : Readable.fromWeb(body as NodeReadableStream<Uint8Array>);
      const params = target(key);
      if (!Number.isFinite(maxBytes) || maxBytes < 0) throw new RangeError(`maxBytes must be >= 0, got ${maxBytes}`);
      const hash = createHash("sha256");
      let sizeBytes = 0;
      let tooLarge = false;
      const counted = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          sizeBytes += chunk.byteLength;
          if (sizeBytes > maxBytes) {
            tooLarge = true;
            done(new MediaTooLargeError(maxBytes));
            return;
          }
          hash.update(chunk);
          done(null, chunk);
        },
      });
      source.on("error", (error) => counted.destroy(error));
      source.pipe(counted);
      const upload = new Upload({
        client,
        params: { ...params, Body: counted },
        partSize: PART_BYTES,
        queueSize: PART_QUEUE,
        leavePartsOnError: false,
      });
      try {
        await upload.done();
      } catch (error) {
        source.destroy();
        await upload.abort().catch(() => undefined);
        if (tooLarge) throw new MediaTooLargeError(maxBytes);
        throw error;
      }
      const info = await head(key);
      if (info === null) throw new Error(`The object ${key} was not there right after its upload.`);
      return { ...info, sizeBytes, sha256: hash.digest("hex") };
    },

    stat: head,

    read(key, range?: ByteRange) {
      const params = target(key);
      if (range !== undefined) {
        if (
          !Number.isInteger(range.start) ||
          !Number.isInteger(range.end) ||
          range.start < 0 ||
          range.end < range.start
        ) {
          throw new RangeError(`Invalid byte range ${range.start}-${range.end}`);
        }
      }
      const out = new PassThrough();
      client
        .send(
          new GetObjectCommand({
            ...params,
            ...(range === undefined ? {} : { Range: `bytes=${range.start}-${range.end}` }),
          }),
        )
        .then((answer) => {
          const stream = answer.Body as Readable | undefined;
          if (stream === undefined) throw new Error(`The object ${key} came back without a body.`);
          stream.on("error", (error) => out.destroy(error));
          // A server that answered a ranged read with the whole object (some S3-compatible ones do,
          // e.g. for `bytes=0-0`) is cut down to the range here.
          const whole =
            range !== undefined &&
            answer.ContentLength !== undefined &&
            answer.ContentLength !== range.end - range.start + 1;
          (whole ? stream.pipe(sliceOf(range.start, range.end - range.start + 1)) : stream).pipe(out);
        })
        .catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
      return out;
    },

    localPath(key) {
      checkMediaKey(key);
      return null;
    },

    async delete(key) {
      await client.send(new DeleteObjectCommand(target(key)));
    },
  };
}

/** Passes on `take` bytes after skipping `skip`, then ends. */
function sliceOf(skip: number, take: number): Transform {
  let position = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const from = Math.max(0, skip - position);
      const to = Math.min(chunk.byteLength, skip + take - position);
      position += chunk.byteLength;
      done(null, from < to ? chunk.subarray(from, to) : undefined);
    },
  });
}
