import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import type { S3MediaOptions } from "../s3-media-store.ts";

/** A local S3-compatible server (`s3rver`, from npm, in this process) with one empty bucket. */
export interface TestS3Server {
  endpoint: string;
  /** The options that point a store at the bucket. */
  options: S3MediaOptions;
  close(): Promise<void>;
}

/** s3rver accepts these and only these credentials. */
const CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

/** Starts s3rver on 127.0.0.1 (a random port, a fresh directory) and makes a bucket. */
export async function startTestS3Server(bucket = "reelay-test"): Promise<TestS3Server> {
  const directory = await mkdtemp(path.join(tmpdir(), "reelay-s3-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const options: S3MediaOptions = {
    bucket,
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: CREDENTIALS,
  };
  const client = new S3Client({ ...options });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
  return {
    endpoint,
    options,
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
