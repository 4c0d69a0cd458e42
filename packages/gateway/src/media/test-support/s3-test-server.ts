import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import S3rver from "@20minutes/s3rver";
import type { S3MediaOptions } from "../s3-media-store.ts";
import { multipartUploadOperations } from "./s3rver-multipart-uploads.ts";

/** A local S3-compatible server (`@20minutes/s3rver`, from npm, in this process) with one empty bucket. */
export interface TestS3Server {
  endpoint: string;
  bucket: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** The options that point a store at the bucket. */
  options: S3MediaOptions;
  close(): Promise<void>;
}

/** s3rver accepts these and only these credentials, and checks every signature made with them. */
const CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

/**
 * Starts s3rver on 127.0.0.1 (a random port, a fresh directory) with the bucket made through its
 * store: it refuses the signature of requests on a bucket's own path (`/bucket/`, as the SDK sends
 * CreateBucket), while those on objects and presigned URLs are checked as S3 does.
 */
export async function startTestS3Server(bucket = "reelay-test"): Promise<TestS3Server> {
  const directory = await mkdtemp(path.join(tmpdir(), "reelay-s3-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  server.middleware.unshift(multipartUploadOperations(server));
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    credentials: CREDENTIALS,
    options: { bucket, endpoint, region: "us-east-1", forcePathStyle: true, credentials: CREDENTIALS },
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
