import { createHash } from "node:crypto";
import { PassThrough, pipeline, Readable, Transform } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { S3Settings } from "../config.ts";
import { checkMediaKey } from "./media-key.ts";
import { MediaTooLargeError, type ByteRange, type MediaObjectInfo, type PresigningMediaStore } from "./media-store.ts";

/** The bucket and how to reach it: `REELAY_S3_*`, read by `config.ts`. */
export type S3MediaOptions = Omit<S3Settings, "presignInputs">;

/** Size of each part of a multipart upload: what one upload holds in memory, times its queue. */
const PART_BYTES = 8 * 1024 * 1024;
/** Parts in flight at once per upload. */
const PART_QUEUE = 2;
/** The longest a presigned URL may live: what SigV4 allows, a week. */
const MAX_PRESIGNED_SECONDS = 7 * 24 * 3600;

/**
 * Objects in an S3 bucket, so every instance serves every video. Writes stream through a
 * multipart upload (at most `PART_BYTES × PART_QUEUE` in memory) and appear only when complete; a
 * body over its limit aborts the upload, so nothing of it stays. The sha256 is computed while the
 * bytes stream past; the ETag is S3's own. The secret access key stays inside the SDK's client: it
 * signs requests and URLs, and is never part of an error or a log line.
 */
export function createS3MediaStore(options: S3MediaOptions): PresigningMediaStore {
  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    credentials: options.credentials,
  });
  const prefix = options.prefix ?? "";
  const target = (key: string) => {
    checkMediaKey(key);
    return { Bucket: options.bucket, Key: `${prefix}${key}` };
  };

  async function head(key: string): Promise<MediaObjectInfo | null> {
    try {
      const answer = await client.send(new HeadObjectCommand(target(key)));
      const sizeBytes = answer.ContentLength ?? 0;
      const modifiedAtMs = answer.LastModified?.getTime() ?? 0;
      return {
        key,
        sizeBytes,
        // Every S3 server sends one; without it, size and time stand in, as on the file store.
        etag: answer.ETag ?? `"${sizeBytes.toString(16)}-${modifiedAtMs.toString(16)}"`,
        modifiedAtMs,
      };
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return null;
      throw error;
    }
  }

  return {
    async put(key, body, { maxBytes }) {
      // The store owns `body` from here on, as the file store does: consumed, or destroyed on any failure.
      const source = body instanceof Readable ? body : Readable.fromWeb(body as NodeReadableStream<Uint8Array>);
      // What stopped the body (its own error, or too many bytes). lib-storage aborts the multipart
      // upload before `done` rejects, and reports a failed abort instead of the cause, so the cause
      // is kept here.
      let failure: Error | undefined;
      const hash = createHash("sha256");
      let sizeBytes = 0;
      try {
        const params = target(key);
        if (!Number.isFinite(maxBytes) || maxBytes < 0) throw new RangeError(`maxBytes must be >= 0, got ${maxBytes}`);
        const counted = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            sizeBytes += chunk.byteLength;
            if (sizeBytes > maxBytes) {
              failure = new MediaTooLargeError(maxBytes);
              done(failure);
              return;
            }
            hash.update(chunk);
            done(null, chunk);
          },
        });
        source.on("error", (error) => {
          failure ??= error;
          counted.destroy(error);
        });
        source.pipe(counted);
        const upload = new Upload({
          client,
          params: { ...params, Body: counted },
          partSize: PART_BYTES,
          queueSize: PART_QUEUE,
          leavePartsOnError: false,
        });
        await upload.done();
      } catch (error) {
        source.destroy();
        throw failure ?? error;
      }
      const info = await head(key);
      if (info === null) throw new Error(`The object ${key} was not there right after its upload.`);
      return { ...info, sizeBytes, sha256: hash.digest("hex") };
    },

    stat: head,

    read(key, range?: ByteRange) {
      const params = target(key);
      if (
        range !== undefined &&
        (!Number.isInteger(range.start) || !Number.isInteger(range.end) || range.start < 0 || range.end < range.start)
      ) {
        throw new RangeError(`Invalid byte range ${range.start}-${range.end}`);
      }
      const out = new PassThrough();
      // A reader that stops early (a player seeking, a client gone) must let go of the request, or
      // of the response once it came: each holds one of the client's pooled sockets until then.
      const abort = new AbortController();
      const stop = () => abort.abort();
      out.once("close", stop);
      client
        .send(
          new GetObjectCommand({
            ...params,
            ...(range === undefined ? {} : { Range: `bytes=${range.start}-${range.end}` }),
          }),
          { abortSignal: abort.signal },
        )
        .then((answer) => {
          out.off("close", stop);
          const stream = answer.Body as Readable | undefined;
          if (stream === undefined) throw new Error(`The object ${key} came back without a body.`);
          // A server that answered a ranged read with the whole object (some S3-compatible ones do,
          // e.g. for `bytes=0-0`) is cut down to the range here.
          const whole =
            range !== undefined &&
            answer.ContentLength !== undefined &&
            answer.ContentLength !== range.end - range.start + 1;
          // The pipeline destroys the response when `out` closes early, and `out` on any error.
          const ignore = () => undefined;
          if (whole) pipeline(stream, sliceOf(range.start, range.end - range.start + 1), out, ignore);
          else pipeline(stream, out, ignore);
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

    async presignedGetUrl(key, expiresInSeconds) {
      const params = target(key);
      if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > MAX_PRESIGNED_SECONDS) {
        throw new RangeError(`expiresInSeconds must be 1 to ${MAX_PRESIGNED_SECONDS}, got ${expiresInSeconds}`);
      }
      return getSignedUrl(client, new GetObjectCommand(params), { expiresIn: expiresInSeconds });
    },
  };
}

/** Passes on `take` bytes after skipping `skip`, and drops the rest. */
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
