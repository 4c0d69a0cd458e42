import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeMediaStoreContract } from "./media-store.contract.ts";
import { MediaTooLargeError } from "./media-store.ts";
import { createS3MediaStore } from "./s3-media-store.ts";
import { chunkedStream } from "./test-support/chunked-stream.ts";
import { startTestS3Server, type TestS3Server } from "./test-support/s3-test-server.ts";

describe("the S3 media store", () => {
  let server: TestS3Server;
  let buckets = 0;
  beforeAll(async () => {
    server = await startTestS3Server();
  });
  afterAll(async () => {
    await server?.close();
  });

  // Each test gets a prefix of its own in the bucket: an empty store.
  describeMediaStoreContract("S3 (s3rver)", async () => ({
    store: createS3MediaStore({ ...server.options, prefix: `test-${(buckets += 1)}/` }),
    cleanup: async () => undefined,
  }));

  it("streams a body larger than one part through a multipart upload, and reads it back whole", async () => {
    const store = createS3MediaStore({ ...server.options, prefix: "multipart/" });
    const { stream } = chunkedStream(20 * 16, 64 * 1024);
    const put = await store.put("videos/long.mp4", stream, { maxBytes: 100 * 1024 * 1024 });
    expect(put.sizeBytes).toBe(20 * 1024 * 1024);
    const tail = store.read("videos/long.mp4", { start: put.sizeBytes - 10, end: put.sizeBytes - 1 });
    let bytes = 0;
    for await (const chunk of tail) bytes += (chunk as Buffer).byteLength;
    expect(bytes).toBe(10);
    expect(store.localPath("videos/long.mp4")).toBeNull();
  });

  it("aborts a multipart upload that grows past its limit, leaving no object", async () => {
    const store = createS3MediaStore({ ...server.options, prefix: "too-large/" });
    const { stream } = chunkedStream(30 * 16, 64 * 1024);
    await expect(store.put("videos/huge.mp4", stream, { maxBytes: 12 * 1024 * 1024 })).rejects.toBeInstanceOf(
      MediaTooLargeError,
    );
    expect(await store.stat("videos/huge.mp4")).toBeNull();
    await expect(store.put("ok.bin", Readable.from([Buffer.from("fine")]), { maxBytes: 10 })).resolves.toMatchObject({
      sizeBytes: 4,
    });
  });
});
