import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { inspect } from "node:util";
import { ListMultipartUploadsCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeMediaStoreContract } from "./media-store.contract.ts";
import { InvalidMediaKeyError, MediaTooLargeError } from "./media-store.ts";
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

  /** The bucket's multipart uploads begun and neither completed nor aborted, as S3 lists them. */
  async function uploadsInProgress(): Promise<string[]> {
    const client = new S3Client({
      region: server.options.region,
      endpoint: server.endpoint,
      forcePathStyle: true,
      credentials: server.credentials,
    });
    try {
      const listing = await client.send(new ListMultipartUploadsCommand({ Bucket: server.bucket }));
      return (listing.Uploads ?? []).map((upload) => upload.Key ?? "");
    } finally {
      client.destroy();
    }
  }

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
    const stored = await buffer(store.read("videos/long.mp4"));
    expect(createHash("sha256").update(stored).digest("hex")).toBe(put.sha256);
    const tail = await buffer(store.read("videos/long.mp4", { start: put.sizeBytes - 10, end: put.sizeBytes - 1 }));
    expect(tail).toEqual(stored.subarray(-10));
    expect(store.localPath("videos/long.mp4")).toBeNull();
  });

  it("lets go of the object's response when a reader stops early, so connections are not used up", async () => {
    const store = createS3MediaStore({ ...server.options, prefix: "early-stop/" });
    const { stream } = chunkedStream(16, 64 * 1024);
    await store.put("videos/a.mp4", stream, { maxBytes: 1024 * 1024 });
    // More than the SDK's 50 pooled sockets: a response still holding its socket would starve the last read.
    for (let reader = 0; reader < 60; reader++) {
      const read = store.read("videos/a.mp4");
      if (reader % 2 === 0) read.destroy();
      else await new Promise((resolve) => read.once("data", () => resolve(read.destroy())));
    }
    expect((await buffer(store.read("videos/a.mp4"))).byteLength).toBe(1024 * 1024);
  });

  it("aborts a multipart upload that grows past its limit, leaving no object and no upload", async () => {
    const store = createS3MediaStore({ ...server.options, prefix: "too-large/" });
    const { stream } = chunkedStream(30 * 16, 64 * 1024);
    await expect(store.put("videos/huge.mp4", stream, { maxBytes: 12 * 1024 * 1024 })).rejects.toBeInstanceOf(
      MediaTooLargeError,
    );
    expect(await store.stat("videos/huge.mp4")).toBeNull();
    expect(await uploadsInProgress()).toEqual([]);
    await expect(store.put("ok.bin", Readable.from([Buffer.from("fine")]), { maxBytes: 10 })).resolves.toMatchObject({
      sizeBytes: 4,
    });
  });

  it("keeps the body's own error when it breaks after the first part, and aborts the upload", async () => {
    const store = createS3MediaStore({ ...server.options, prefix: "broken/" });
    let sent = 0;
    const breaking = new Readable({
      read() {
        sent += 1;
        if (sent > 10 * 16) this.destroy(new Error("connection reset"));
        else this.push(Buffer.alloc(64 * 1024, sent));
      },
    });
    await expect(store.put("videos/cut.mp4", breaking, { maxBytes: 100 * 1024 * 1024 })).rejects.toThrow(
      "connection reset",
    );
    expect(await store.stat("videos/cut.mp4")).toBeNull();
    expect(await uploadsInProgress()).toEqual([]);
  });

  it("presigns a URL that serves the object to a plain fetch, and one altered is refused", async () => {
    const store = createS3MediaStore({ ...server.options, prefix: "presigned/" });
    await store.put("images/a.png", Readable.from([Buffer.from("the image")]), { maxBytes: 100 });
    const url = await store.presignedGetUrl("images/a.png", 60);
    const answer = await fetch(url);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe("the image");

    const tampered = new URL(url);
    const signature = tampered.searchParams.get("X-Amz-Signature") ?? "";
    tampered.searchParams.set("X-Amz-Signature", `${signature.startsWith("0") ? "1" : "0"}${signature.slice(1)}`);
    expect((await fetch(tampered)).status).toBe(403);
    const otherObject = new URL(url);
    otherObject.pathname = otherObject.pathname.replace("a.png", "b.png");
    expect((await fetch(otherObject)).status).toBe(403);

    await expect(store.presignedGetUrl("../a.png", 60)).rejects.toBeInstanceOf(InvalidMediaKeyError);
    await expect(store.presignedGetUrl("images/a.png", 0)).rejects.toBeInstanceOf(RangeError);
    await expect(store.presignedGetUrl("images/a.png", 8 * 24 * 3600)).rejects.toBeInstanceOf(RangeError);
  });

  it("never puts the secret access key in an error", async () => {
    const secretAccessKey = "wrong-secret-9f3c1d7e";
    const store = createS3MediaStore({
      ...server.options,
      credentials: { accessKeyId: server.credentials.accessKeyId, secretAccessKey },
    });
    const failures = await Promise.all([
      store.stat("a.bin").catch((error: unknown) => error),
      store.put("a.bin", Readable.from([Buffer.from("x")]), { maxBytes: 10 }).catch((error: unknown) => error),
      buffer(store.read("a.bin")).catch((error: unknown) => error),
    ]);
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(Error);
      expect(inspect(failure, { depth: null, showHidden: true })).not.toContain(secretAccessKey);
    }
  });
});
